import type { ModelStage } from './model-stage';

/** The two models' figures on the comparison window, from the Ledoit–Wolf Sharpe-difference test. */
export interface AbComparison {
  championVersion: number;
  window: { from: string; to: string; bars: number };
  /** Whether the window lies after the champion's data range (else the champion is judged partly in sample). */
  championOutOfSample: boolean;
  challengerSharpe: number;
  championSharpe: number;
  /** Annualised Sharpe ratios. */
  challengerSharpeAnnual: number;
  championSharpeAnnual: number;
  /** Per-bar Sharpe of the challenger minus the champion's. */
  difference: number;
  /** Ledoit–Wolf HAC standard error and two-sided p-value; null when a series is flat (no trades: nothing to test). */
  standardError: number | null;
  pValue: number | null;
  correlation: number;
  /** Standard deviation of the per-bar return difference, challenger − champion: the scale the live mSPRT runs on. */
  differenceStd: number;
  challengerReturn: number;
  championReturn: number;
  challengerTrades: number;
  championTrades: number;
}

/**
 * ab-setup's output, stored with the model: what was decided and why, and how the live test is to run —
 * how traffic is split, how long it must run at least, when it may stop, and what promotes the challenger.
 */
export interface AbPlan {
  decision: Extract<ModelStage, 'champion' | 'challenger' | 'archived'>;
  name: string;
  version: number;
  reason: string;
  decidedAt: string;
  dsr: number | null;
  dsrThreshold: number;
  comparison: AbComparison | null;
  /** Why there is no comparison although a champion exists (e.g. it needs a feature this run lacks). */
  comparisonUnavailable?: string;
  trafficSplit: { champion: number; challenger: number };
  minimumSample: { bars: number; trades: number | null; days: number; power: number; alpha: number; minDetectableSharpe: number };
  stoppingRule: {
    method: 'mSPRT';
    /** Normal mixing variance of the mixture SPRT, on the per-bar return difference. */
    mixingVariance: number;
    alpha: number;
    description: string;
  };
  promotionCriterion: string;
}
