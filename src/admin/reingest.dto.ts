import { IsBoolean, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/** Body of POST /admin/events/reingest; both fields optional (an empty body loads EVENTS_SOURCE). */
export class ReingestRequest {
  /** A JSON Lines file, a directory of them or an http(s) URL, as the server sees it; default EVENTS_SOURCE. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  source?: string;

  /** Also rewrite talks whose record is exactly as new as the stored row (never older ones). */
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
