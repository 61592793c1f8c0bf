import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages.preprocess.params`: the causal feature set. */
export class PreprocessStageParams {
  /** "core": the seven original features only; "full": every feature the collected series allow. */
  @IsIn(['core', 'full'])
  featureSet: 'core' | 'full' = 'full';

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(10_000, { each: true })
  returnHorizons: number[] = [1, 4, 24];

  @IsInt() @Min(2) @Max(10_000) volatilityWindow: number = 24;
  @IsInt() @Min(2) @Max(10_000) atrPeriod: number = 14;
  @IsInt() @Min(2) @Max(10_000) rsiPeriod: number = 14;
  @IsInt() @Min(2) @Max(10_000) volumeZWindow: number = 24;
}

export const preprocessStage = defineStage({
  name: 'preprocess',
  service: ServiceNames.data,
  dependsOn: ['collect'],
  retries: 1,
  timeoutSeconds: 300,
  params: PreprocessStageParams,
  description: 'causal, gap-aware features on typed arrays',
});
