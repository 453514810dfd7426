import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of POST /admin/events/reingest; both fields optional (an empty body loads EVENTS_SOURCE). */
export class ReingestRequest {
  /** A JSON Lines file, a directory of them or an http(s) URL, as the server sees it; default EVENTS_SOURCE. */
  @ApiPropertyOptional({ maxLength: 4096, description: 'A JSON Lines file, a directory of them or an http(s) URL, as the server sees it; default EVENTS_SOURCE' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  source?: string;

  /** Also rewrite talks whose record is exactly as new as the stored row (never older ones). */
  @ApiPropertyOptional({ default: false, description: 'Also rewrite talks whose record is exactly as new as the stored row' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
