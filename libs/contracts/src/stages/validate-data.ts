import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages['validate-data'].params`: the data-quality gate. */
export class ValidateDataStageParams {
  /** Gaps of up to this many missing bars are isolated: masked, features restart after them. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  maxIsolatedGapBars: number = 3;

  /** Longer gaps: fail the run, or mask them like isolated ones. */
  @IsIn(['fail', 'mask'])
  onLongGap: 'fail' | 'mask' = 'fail';

  /** Rows with NaN/±Inf, inconsistent OHLC, negative volume or a duplicate timestamp. */
  @IsIn(['fail', 'mask'])
  onInvalidRow: 'fail' | 'mask' = 'mask';

  /** gapPolicy "segment": the run fails when fewer than this share of the range's expected bars are present. */
  @IsNumber()
  @Min(0)
  @Max(1)
  minCoverage: number = 0.98;

  /** gapPolicy "segment": the run fails on a single gap longer than this (a desk's data cannot support it). */
  @IsNumber()
  @Min(0.01)
  @Max(24 * 365)
  maxGapHours: number = 72;

  /** At most this many findings are listed (metrics always count all). */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxFindings: number = 10_000;
}

export const validateDataStage = defineStage({
  name: 'validate-data',
  service: ServiceNames.data,
  dependsOn: ['collect'],
  retries: 1,
  timeoutSeconds: 300,
  params: ValidateDataStageParams,
  description: 'timestamps, duplicates, gaps, NaN/Inf, OHLC, volume; findings with timestamps; a row mask; the gate',
});
