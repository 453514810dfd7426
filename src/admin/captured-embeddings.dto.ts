import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CAPTURED_ENTITIES, type CapturedEntity } from '../capture/captured-rows';

/** Query and path values arrive as strings: digits become a number, anything else is left to fail validation. */
const digitsToInt = Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

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
  @digitsToInt
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

/** Path parameters naming one captured row. */
export class CapturedRowParams {
  @IsIn(CAPTURED_ENTITIES)
  entity: CapturedEntity;

  @digitsToInt
  @IsInt()
  @Min(1)
  rowId: number;
}
