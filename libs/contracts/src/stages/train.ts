import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

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

export const trainStage = defineStage({
  name: 'train',
  service: ServiceNames.trainer,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo'],
  retries: 1,
  timeoutSeconds: 600,
  params: TrainStageParams,
  description: "the RunSpec's model (GBDT or logistic) on every usable row → ONNX, checked against onnxruntime",
});
