import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

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

  /** Purged k-fold folds over the rows before the first walk-forward test window. */
  @IsInt()
  @Min(2)
  @Max(20)
  folds: number = 4;

  /** Out-of-sample trades a grid point needs to be ranked (a handful of trades cannot win). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  minTrades: number = 30;
}

/** The (k_tp, k_sl, h) target-params chose: what train and walk-forward label and exit by. */
export class ChosenBarrier {
  @IsNumber() @Min(0.05) @Max(20) kTp!: number;
  @IsNumber() @Min(0.05) @Max(20) kSl!: number;
  @IsInt() @Min(1) @Max(10_000) horizonBars!: number;
}

/** target-params' output `payload`. */
export class TargetParamsOutput {
  @IsObject()
  @ValidateNested()
  @Type(() => ChosenBarrier)
  barrier!: ChosenBarrier;
}

export const targetParamsStage = defineStage({
  name: 'target-params',
  service: ServiceNames.optimizer,
  dependsOn: ['preprocess', 'validate-data'],
  retries: 1,
  timeoutSeconds: 600,
  params: TargetParamsStageParams,
  description: 'triple-barrier labels; (k_tp, k_sl, h) chosen out of sample, before the first walk-forward test window',
});
