import { IsInt, IsNotEmpty, IsString, Matches, Min } from 'class-validator';

/** A pointer to a bulky output in the object store; events carry these, never the data. */
export class ArtifactRef {
  /** Object-store key, `sha256-<hex>`: the content address. */
  @IsString()
  @Matches(/^sha256-[0-9a-f]{64}$/)
  key!: string;

  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  sha256!: string;

  @IsInt()
  @Min(0)
  size!: number;

  /** e.g. `application/vnd.apache.arrow.file`, `application/json`. */
  @IsString()
  @IsNotEmpty()
  mediaType!: string;
}
