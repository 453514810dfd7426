import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const CAPTURED_ENTITIES = ['accountholder', 'transaction'] as const;
export type CapturedEntity = (typeof CAPTURED_ENTITIES)[number];

export class RetryFailedRequest {
  /** Entity types whose failed rows are queued again; all when absent. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPTURED_ENTITIES, { each: true })
  entities?: CapturedEntity[];
}

export class FailuresQuery {
  @IsIn(CAPTURED_ENTITIES)
  entity: CapturedEntity;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
