import { Type } from 'class-transformer';
import {
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ArtifactRef } from './artifact-ref';

@ValidatorConstraint({ name: 'finiteNumberRecord' })
class FiniteNumberRecord implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value as object).every((entry) => typeof entry === 'number' && Number.isFinite(entry))
    );
  }
  defaultMessage(): string {
    return 'metrics must map names to finite numbers';
  }
}

/** An artifact with the role it plays in a stage's output, e.g. `dataset` or `features`. */
export class NamedArtifactRef extends ArtifactRef {
  @IsString()
  @IsNotEmpty()
  name!: string;
}

/** What a completed stage hands on: artifact references, numeric metrics and a small JSON summary. */
export class StageOutput {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NamedArtifactRef)
  artifacts: NamedArtifactRef[] = [];

  @Validate(FiniteNumberRecord)
  metrics: Record<string, number> = {};

  /** Small, human-readable facts (e.g. data-quality findings); bulk goes in artifacts. */
  @IsOptional()
  @IsObject()
  summary?: Record<string, unknown>;

  /**
   * What later stages read from this one, in the shape its stage contract declares (e.g. target-params' chosen
   * barrier). Metrics and summary are for people: no stage reads another's.
   */
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export function findArtifact(output: StageOutput, name: string): NamedArtifactRef | undefined {
  return output.artifacts.find((artifact) => artifact.name === name);
}
