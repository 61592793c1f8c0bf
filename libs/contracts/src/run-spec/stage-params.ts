import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

/** The (k_tp, k_sl, h) grid target-params chooses from. */
export class BarrierGrid {
  @IsArray()
  @ArrayNotEmpty({ message: 'grid.kTp must not be empty' })
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0.05, { each: true })
  @Max(20, { each: true })
  kTp: number[] = [1, 1.5, 2];

  @IsArray()
  @ArrayNotEmpty({ message: 'grid.kSl must not be empty' })
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0.05, { each: true })
  @Max(20, { each: true })
  kSl: number[] = [1, 1.5, 2];

  @IsArray()
  @ArrayNotEmpty({ message: 'grid.horizonBars must not be empty' })
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(10_000, { each: true })
  horizonBars: number[] = [12, 24, 48];
}

/** `stages['target-params'].params`. */
export class TargetParamsStageParams {
  @IsOptional()
  @ValidateNested()
  @Type(() => BarrierGrid)
  grid: BarrierGrid = new BarrierGrid();

  /** The causal volatility feature that scales the barriers. */
  @IsString()
  volatilityFeature: string = 'vol_24';

  /** Share of the selection range used to fit candidate models; the rest scores them. */
  @IsNumber()
  @Min(0.3)
  @Max(0.9)
  innerTrainFraction: number = 0.7;
}

/** Gradient-boosted trees (RunSpec `model: "gbdt"`). */
export class GbdtStageParams {
  @IsInt() @Min(1) @Max(5000) nEstimators: number = 200;
  @IsNumber() @Min(0.001) @Max(1) learningRate: number = 0.05;
  @IsInt() @Min(1) @Max(16) maxDepth: number = 6;
  @IsInt() @Min(2) @Max(4096) maxLeaves: number = 31;
  @IsInt() @Min(1) minDataInLeaf: number = 50;
  @IsNumber() @Min(0) minChildWeight: number = 1;
  @IsNumber() @Min(0) lambda: number = 1;
  @IsNumber() @Min(0.1) @Max(1) subsample: number = 0.8;
  @IsNumber() @Min(0.1) @Max(1) colsampleByTree: number = 0.8;
  @IsInt() @Min(2) @Max(256) maxBins: number = 256;
}

/** `stages.train.params`: the model's fit (logistic baseline or GBDT) and its entry threshold. */
export class TrainStageParams {
  @IsNumber()
  @Min(0)
  @Max(1e6)
  l2: number = 1;

  @IsIn(['balanced', 'none'])
  classWeight: 'balanced' | 'none' = 'balanced';

  @IsOptional()
  @ValidateNested()
  @Type(() => GbdtStageParams)
  gbdt: GbdtStageParams = new GbdtStageParams();

  /**
   * Enter long when P(take-profit first) exceeds this. Unset: the break-even probability after costs for the
   * bar's barriers, (k_sl·σ + c) / ((k_tp + k_sl)·σ).
   */
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  threshold?: number;
}

/** `stages['walk-forward'].params`. */
export class WalkForwardStageParams {
  @IsInt()
  @Min(2)
  @Max(100)
  folds: number = 5;

  @IsIn(['rolling', 'anchored'])
  mode: 'rolling' | 'anchored' = 'rolling';

  /** Test window length in bars; default: the last half of the data split evenly across folds. */
  @IsOptional()
  @IsInt()
  @Min(10)
  testBars?: number;

  /** Rolling training window (anchored: first training window) in bars; default twice the test window. */
  @IsOptional()
  @IsInt()
  @Min(50)
  trainBars?: number;

  /** Bars dropped after each test window; default the chosen label horizon. */
  @IsOptional()
  @IsInt()
  @Min(0)
  embargoBars?: number;
}
