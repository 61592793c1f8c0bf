import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';

/** Per-stage settings a RunSpec may override; anything left out takes the stage's default. */
export class StageOverride {
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Extra attempts after the first failure. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retries?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  timeoutSeconds?: number;

  /** Stage-specific parameters; each stage validates its own. */
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}
