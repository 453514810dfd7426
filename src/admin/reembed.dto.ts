import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EMBEDDING_ENTITIES } from '../embedding/embedding.service';
import type { EmbeddingEntity } from '../embedding/embedding.service';
import { REEMBED_MODES } from '../queue/queue.types';
import type { ReembedMode } from '../queue/queue.types';

export class ReembedRequest {
  @ApiProperty({ enum: EMBEDDING_ENTITIES, description: 'The entity type whose rows are embedded again' })
  @IsIn(EMBEDDING_ENTITIES as readonly string[])
  entity: EmbeddingEntity;

  @ApiPropertyOptional({ enum: REEMBED_MODES, default: 'missing', description: 'missing: never embedded; stale: text or model changed since; all: every row' })
  @IsIn(REEMBED_MODES)
  mode: ReembedMode = 'missing';

  /** Captured entity types only: the model to embed with from now on (a name from models/manifest.json). */
  @ApiPropertyOptional({ maxLength: 100, example: 'all-MiniLM-L6-v2', description: 'Captured entity types only: the model to embed with from now on' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'model must be a model name such as all-MiniLM-L6-v2' })
  model?: string;
}

export class ReembedJobParams {
  @ApiProperty({ enum: EMBEDDING_ENTITIES })
  @IsIn(EMBEDDING_ENTITIES as readonly string[])
  entity: EmbeddingEntity;

  @ApiProperty({ pattern: '^[0-9]+$', maxLength: 20, description: 'The jobId a re-embed request answered with' })
  @MaxLength(20)
  @Matches(/^[0-9]+$/, { message: 'jobId must be the id a re-embed request answered with' })
  jobId: string;
}
