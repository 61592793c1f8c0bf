import type { AbPlan } from '@ares/contracts';
import { mixingVarianceFor, normalQuantile, sharpeDifferenceSampleSize } from '@ares/stats';

export interface AbPlanInputs {
  alpha: number;
  power: number;
  challengerShare: number;
  /** Annualised. */
  minDetectableSharpe: number;
  barsPerYear: number;
  barMs: number;
  /** Per-bar Sharpe ratios and correlation of the two models on the window (the champion's 0 when there is none). */
  challengerSharpe: number;
  championSharpe: number | null;
  correlation: number;
  /** Standard deviation of the per-bar return difference (or of the challenger's returns without a champion). */
  differenceStd: number;
  /** The challenger's trades per bar out of sample, to turn bars into trades. */
  tradesPerBar: number;
}

/**
 * How the live test runs: the traffic split, the bars (and trades, at the out-of-sample rate) it needs at least
 * for the power asked (a two-sample Sharpe test against the champion, Memmel's variance; against flat capital when
 * there is no champion, the one-sample V = 1 + SR²/2), the mSPRT on the per-bar return difference with τ² sized for
 * the smallest effect, and the promotion criterion in words.
 */
export function planAbTest(
  input: AbPlanInputs,
): Omit<AbPlan, 'decision' | 'reason' | 'decidedAt' | 'dsr' | 'dsrThreshold' | 'comparison' | 'name' | 'version'> {
  const { alpha, power, barsPerYear } = input;
  const delta = input.minDetectableSharpe / Math.sqrt(barsPerYear);
  const base = input.championSharpe ?? 0;
  const bars =
    input.championSharpe === null
      ? Math.ceil(((normalQuantile(1 - alpha / 2) + normalQuantile(power)) ** 2 * (1 + (base + delta) ** 2 / 2)) / delta ** 2)
      : sharpeDifferenceSampleSize({ sharpeA: base + delta, sharpeB: base, correlation: clamp(input.correlation, -0.99, 0.99), alpha, power });
  const days = Math.ceil((bars * input.barMs) / 86_400_000);
  const trades = input.tradesPerBar > 0 ? Math.ceil(bars * input.tradesPerBar) : null;
  const std = input.differenceStd > 0 ? input.differenceStd : 1e-4;
  const mixingVariance = mixingVarianceFor({ minDetectable: delta * std, alpha });
  const against = input.championSharpe === null ? 'flat capital (no champion)' : 'the champion';
  return {
    trafficSplit: { champion: round(1 - input.challengerShare), challenger: round(input.challengerShare) },
    minimumSample: { bars, trades, days, power, alpha, minDetectableSharpe: input.minDetectableSharpe },
    stoppingRule: {
      method: 'mSPRT',
      mixingVariance,
      alpha,
      description:
        `mixture SPRT (normal mixture, τ² = ${mixingVariance.toExponential(2)}) on the per-bar return difference, challenger − ${against}, ` +
        `each per unit of its own capital; its always-valid p-value may be read after every bar without inflating the error rate`,
    },
    promotionCriterion:
      `promote the challenger when, after at least ${bars} bars (${days} days${trades === null ? '' : `, ~${trades} trades`}), the mSPRT p-value ` +
      `falls below ${alpha} with a positive difference; retire it when it falls below ${alpha} with a negative one, ` +
      `or after ${2 * bars} bars without a decision (the champion stays)`,
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round = (x: number) => Math.round(x * 1e6) / 1e6;
