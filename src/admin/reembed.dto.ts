import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EMBEDDING_ENTITIES } from '../embedding/embedding.service';
import type { EmbeddingEntity } from '../embedding/embedding.service';
import { REEMBED_MODES } from '../queue/queue.types';
import type { ReembedMode } from '../queue/queue.types';

export class ReembedRequest {
  @IsIn(EMBEDDING_ENTITIES as readonly string[])
  entity: EmbeddingEntity;

  @IsIn(REEMBED_MODES)
  mode: ReembedMode = 'missing';

  /** Captured entity types only: the model to embed with from now on (a name from models/manifest.json). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'model must be a model name such as all-MiniLM-L6-v2' })
  model?: string;
}

export class ReembedJobParams {
  @IsIn(EMBEDDING_ENTITIES as readonly string[])
  entity: EmbeddingEntity;

  @Matches(/^[0-9]+$/, { message: 'jobId must be the id a re-embed request answered with' })
  jobId: string;
}
