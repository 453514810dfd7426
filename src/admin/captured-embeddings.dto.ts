import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CAPTURED_ENTITIES, type CapturedEntity } from '../capture/captured-rows';

/** Query and path values arrive as strings: digits become a number, anything else is left to fail validation. */
const digitsToInt = Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

export class RetryFailedRequest {
  /** Entity types whose failed rows are queued again; all when absent. */
  @ApiPropertyOptional({ enum: CAPTURED_ENTITIES, isArray: true, description: 'Entity types whose failed rows are queued again; all when absent' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPTURED_ENTITIES, { each: true })
  entities?: CapturedEntity[];
}

export class FailuresQuery {
  @ApiProperty({ enum: CAPTURED_ENTITIES })
  @IsIn(CAPTURED_ENTITIES)
  entity: CapturedEntity;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @digitsToInt
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

/** Path parameters naming one captured row. */
export class CapturedRowParams {
  @ApiProperty({ enum: CAPTURED_ENTITIES })
  @IsIn(CAPTURED_ENTITIES)
  entity: CapturedEntity;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @digitsToInt
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  rowId: number;
}
