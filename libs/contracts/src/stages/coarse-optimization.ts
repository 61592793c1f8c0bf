import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';
import { IsSearchSpace, SearchSpace } from './search-space';

/** Feature selection: clusters of correlated features, kept when their out-of-sample importance clears its spread. */
export class FeatureSelectionParams {
  @IsBoolean()
  enabled: boolean = true;

  /** Features whose average |correlation| exceeds this are one cluster (permuted together). */
  @IsNumber()
  @Min(0)
  @Max(1)
  minCorrelation: number = 0.7;

  /** A cluster is kept when its mean importance exceeds this many fold-to-fold standard deviations. */
  @IsNumber()
  @Min(0)
  @Max(10)
  spreads: number = 1;

  /** Boosting rounds of the GBDT whose log loss the permutations raise. */
  @IsInt()
  @Min(1)
  @Max(2000)
  rounds: number = 60;
}

/** The wide, cheap search: Latin-hypercube points, synchronous successive halving on boosting rounds. */
export class CoarseSearchParams {
  @IsInt()
  @Min(1)
  @Max(1000)
  points: number = 16;

  /** Boosting rounds at the last rung (few: the search is meant to be cheap). */
  @IsInt()
  @Min(1)
  @Max(2000)
  rounds: number = 40;

  /** Points kept after each rung: the best 1/reductionFactor. */
  @IsInt()
  @Min(2)
  @Max(10)
  reductionFactor: number = 2;

  /** Rungs of successive halving (1: every point gets the full rounds). */
  @IsInt()
  @Min(1)
  @Max(6)
  rungs: number = 2;

  /** The best fraction of points whose ranges become the narrowed space. */
  @IsNumber()
  @Min(0.01)
  @Max(1)
  quantile: number = 0.25;

  /** Parameters kept at their wide range (learning rate interacts with the few rounds a cheap search runs). */
  @IsArray()
  @IsString({ each: true })
  keepWide: string[] = ['learningRate'];
}

/** `stages['coarse-optimization'].params`. */
export class CoarseOptimizationStageParams {
  /** Purged k-fold folds over the rows before the first walk-forward test window. */
  @IsInt()
  @Min(2)
  @Max(20)
  folds: number = 4;

  @IsOptional()
  @ValidateNested()
  @Type(() => FeatureSelectionParams)
  featureSelection: FeatureSelectionParams = new FeatureSelectionParams();

  @IsOptional()
  @ValidateNested()
  @Type(() => CoarseSearchParams)
  search: CoarseSearchParams = new CoarseSearchParams();

  /** The wide space searched; default: the model family's (DEFAULT_SEARCH_SPACES). */
  @IsOptional()
  @IsObject()
  @IsSearchSpace()
  space?: SearchSpace;
}

/** coarse-optimization's output `payload`: what hpo searches, on which features. */
export class CoarseOptimizationOutput {
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  features!: string[];

  @IsObject()
  @IsSearchSpace()
  space!: SearchSpace;

  /** Configurations evaluated (every rung of every point counts once per point). */
  @IsInt()
  @Min(0)
  trials!: number;

  @IsIn(['beyond-spread', 'positive-mean', 'none-informative', 'disabled'])
  selectionRule!: string;

  /** Each configuration's per-period out-of-sample Sharpe ratio (its last rung): hpo counts them among its trials. */
  @IsArray()
  @IsNumber({}, { each: true })
  periodSharpes!: number[];
}

export const coarseOptimizationStage = defineStage({
  name: 'coarse-optimization',
  service: ServiceNames.optimizer,
  dependsOn: ['preprocess', 'validate-data', 'target-params'],
  retries: 1,
  timeoutSeconds: 900,
  params: CoarseOptimizationStageParams,
  description: 'clustered MDA feature selection and a cheap successive-halving search that narrows the HPO space, on rows before walk-forward',
});
