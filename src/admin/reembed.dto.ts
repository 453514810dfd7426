import { IsIn } from 'class-validator';
import { EMBEDDING_ENTITIES } from '../embedding/embedding.service';
import type { EmbeddingEntity } from '../embedding/embedding.service';
import { REEMBED_MODES } from '../queue/queue.types';
import type { ReembedMode } from '../queue/queue.types';

export class ReembedRequest {
  @IsIn(EMBEDDING_ENTITIES as readonly string[])
  entity: EmbeddingEntity;

  @IsIn(REEMBED_MODES)
  mode: ReembedMode = 'missing';
}
