import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';
import { IsSearchSpace, SearchSpace } from './search-space';

export const HPO_OBJECTIVES = ['sharpe', 'log-loss', 'max-drawdown'] as const;
export type HpoObjective = (typeof HPO_OBJECTIVES)[number];
/** Each objective's only sensible direction. */
export const OBJECTIVE_DIRECTIONS: Record<HpoObjective, 'maximize' | 'minimize'> = {
  sharpe: 'maximize',
  'log-loss': 'minimize',
  'max-drawdown': 'minimize',
};

@ValidatorConstraint({ name: 'directionsMatchObjectives' })
class DirectionsMatchObjectives implements ValidatorConstraintInterface {
  validate(directions: unknown, args: ValidationArguments): boolean {
    if (directions === undefined) return true;
    const objectives = (args.object as HpoStageParams).objectives ?? [];
    return (
      Array.isArray(directions) &&
      directions.length === objectives.length &&
      objectives.every((objective, i) => OBJECTIVE_DIRECTIONS[objective as HpoObjective] === directions[i])
    );
  }
  defaultMessage(args: ValidationArguments): string {
    const objectives = (args.object as HpoStageParams).objectives ?? [];
    const expected = objectives.map((objective) => OBJECTIVE_DIRECTIONS[objective as HpoObjective] ?? '?');
    return `directions must match the objectives (${objectives.join(', ')}): expected ${JSON.stringify(expected)}`;
  }
}

/** How much the study may spend. */
export class HpoBudget {
  /** Trials of the broad phase (TPE with hyperband pruning). */
  @IsInt()
  @Min(1)
  @Max(5000)
  broadTrials: number = 24;

  /** Trials of the refinement phase around the leaders, each with the full budget (0: no refinement). */
  @IsInt()
  @Min(0)
  @Max(2000)
  refineTrials: number = 8;

  /**
   * Trials in flight at once (constant liar): trial n is suggested once trials 0..n − batchSize are told. Fixed, so the
   * study does not depend on how many replicas run it.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  batchSize: number = 4;

  /** Boosting rounds of a full-budget trial (and of the model train fits). */
  @IsInt()
  @Min(1)
  @Max(5000)
  maxRounds: number = 160;

  /** Rounds at hyperband's first rung. */
  @IsInt()
  @Min(1)
  @Max(5000)
  minRounds: number = 20;

  @IsInt()
  @Min(2)
  @Max(10)
  reductionFactor: number = 3;

  /** Purged k-fold folds over the rows before the first walk-forward test window. */
  @IsInt()
  @Min(2)
  @Max(20)
  folds: number = 4;

  /** Broad-phase leaders the refinement phase searches around. */
  @IsInt()
  @Min(1)
  @Max(50)
  leaders: number = 3;
}

/** `stages.hpo.params`. */
export class HpoStageParams {
  /** What the study optimises, out of sample: after-cost strategy Sharpe (default), log loss, or Sharpe and max drawdown. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(HPO_OBJECTIVES, { each: true, message: `objectives may hold ${HPO_OBJECTIVES.join(', ')}` })
  objectives: HpoObjective[] = ['sharpe'];

  /** Optional; when given it must be each objective's direction (e.g. ["maximize", "minimize"] for sharpe, max-drawdown). */
  @IsOptional()
  @IsArray()
  @IsIn(['minimize', 'maximize'], { each: true })
  @Validate(DirectionsMatchObjectives)
  directions?: ('minimize' | 'maximize')[];

  @IsIn(['tpe', 'random'])
  sampler: 'tpe' | 'random' = 'tpe';

  /** TPE over the joint space rather than one parameter at a time. */
  @IsBoolean()
  multivariate: boolean = true;

  /** Hyperband pruning on boosting rounds in the broad phase. */
  @IsBoolean()
  pruning: boolean = true;

  @IsOptional()
  @ValidateNested()
  @Type(() => HpoBudget)
  budget: HpoBudget = new HpoBudget();

  /** Searched instead of coarse-optimization's narrowed space when set. */
  @IsOptional()
  @IsObject()
  @IsSearchSpace()
  space?: SearchSpace;
}

/** One of the study's best configurations, as the ensemble draws its base learners from them. */
export class HpoLeader {
  @IsString()
  trial!: string;

  @IsObject()
  params!: Record<string, string | number | boolean>;

  @IsInt()
  @Min(0)
  rounds!: number;
}

/** hpo's output `payload`: what train and walk-forward fit. */
export class HpoOutput {
  @IsIn(['gbdt', 'logistic'])
  family!: 'gbdt' | 'logistic';

  /** The chosen trial's params (names of TUNABLE_PARAMS). */
  @IsObject()
  params!: Record<string, string | number | boolean>;

  /** Boosting rounds of the chosen model (0 for logistic). */
  @IsInt()
  @Min(0)
  rounds!: number;

  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  features!: string[];

  @IsString()
  chosenTrial!: string;

  /**
   * The best completed trials with distinct configurations, best first (the chosen one first), ranked by the rule
   * that chose the winner.
   */
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => HpoLeader)
  leaders!: HpoLeader[];
}

export const hpoStage = defineStage({
  name: 'hpo',
  service: ServiceNames.optimizer,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'coarse-optimization'],
  retries: 2,
  timeoutSeconds: 1800,
  params: HpoStageParams,
  description: 'a broad TPE + hyperband phase and a full-budget refinement around the leaders, trials fanned out to every optimizer replica',
});
