import { IsBoolean, IsInt, Max, Min, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

@ValidatorConstraint({ name: 'ensembleHasMember' })
class EnsembleHasMember implements ValidatorConstraintInterface {
  validate(_logistic: unknown, args: ValidationArguments): boolean {
    const params = args.object as EnsembleStageParams;
    return params.topConfigs > 0 || params.randomForest !== false || params.logistic !== false;
  }
  defaultMessage(): string {
    return 'the ensemble needs a member: topConfigs above 0, randomForest or logistic';
  }
}

/** `stages.ensemble.params`: which base learners, and the purged k-fold that gives their out-of-fold predictions. */
export class EnsembleStageParams {
  /** The study's best distinct configurations drawn as boosted base learners (0: none). */
  @IsInt()
  @Min(0)
  @Max(8)
  topConfigs: number = 2;

  /** Each drawn configuration is bagged over this many seeds (the RunSpec's seed, seed + 1, …). */
  @IsInt()
  @Min(1)
  @Max(10)
  seeds: number = 2;

  /** A random forest (libs/gbdt's rf mode, the chosen configuration's tree shape): decorrelated from the boosted members. */
  @IsBoolean()
  randomForest: boolean = true;

  @IsInt()
  @Min(10)
  @Max(2000)
  randomForestTrees: number = 100;

  /** The logistic baseline as a member. */
  @IsBoolean()
  @Validate(EnsembleHasMember)
  logistic: boolean = true;

  /** Purged, embargoed k-fold over the training rows for the members' out-of-fold predictions. */
  @IsInt()
  @Min(2)
  @Max(20)
  folds: number = 3;
}

export const ensembleStage = defineStage({
  name: 'ensemble',
  service: ServiceNames.trainer,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo'],
  retries: 1,
  timeoutSeconds: 1200,
  params: EnsembleStageParams,
  description:
    "base learners from the study's leaders (bagged over seeds), a random forest and the logistic baseline, per side, with purged out-of-fold predictions",
});
