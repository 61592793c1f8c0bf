import { IsIn, IsInt, IsOptional, Max, Min, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

@ValidatorConstraint({ name: 'fewerTestGroups' })
class FewerTestGroups implements ValidatorConstraintInterface {
  validate(testGroups: unknown, args: ValidationArguments): boolean {
    return typeof testGroups !== 'number' || testGroups < (args.object as CrossValidationStageParams).groups;
  }
  defaultMessage(): string {
    return 'testGroups must be fewer than groups';
  }
}

/** `stages['cross-validation'].params`: combinatorial purged CV (AFML ch. 12) and the PBO's partitions. */
export class CrossValidationStageParams {
  /** Contiguous groups the selection range is cut into. */
  @IsInt()
  @Min(3)
  @Max(16)
  groups: number = 6;

  /** Groups tested per split: C(groups, testGroups) trainings, (testGroups / groups)·C(groups, testGroups) paths. */
  @IsInt()
  @Min(1)
  @Validate(FewerTestGroups)
  testGroups: number = 2;

  /** Rows dropped after each test group's span; default the chosen label horizon. */
  @IsOptional()
  @IsInt()
  @Min(0)
  embargoBars?: number;

  /**
   * Folds of the ensemble's own out-of-fold fits inside each split (the ensemble stage uses its `folds`): fewer
   * than the ensemble stage's by default, since CPCV trains the model C(groups, testGroups) times.
   */
  @IsInt()
  @Min(2)
  @Max(20)
  innerFolds: number = 2;

  /** CSCV partitions S of the study's per-trial returns for the probability of backtest overfitting (even). */
  @IsIn([2, 4, 6, 8, 10, 12, 14, 16, 18, 20], { message: 'pboPartitions must be even, 2 to 20' })
  pboPartitions: number = 16;
}

export const crossValidationStage = defineStage({
  name: 'cross-validation',
  service: ServiceNames.validator,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo'],
  retries: 1,
  timeoutSeconds: 1800,
  params: CrossValidationStageParams,
  description:
    "combinatorial purged CV of the RunSpec's model on the rows before the first walk-forward window (splits fanned out to the validator's replicas), and the PBO of the study by CSCV",
});
