import type { AbComparison, AbPlan } from '@ares/contracts';

export interface AbEvidence {
  version: number;
  dsr: number | null;
  dsrThreshold: number;
  alpha: number;
  /** The champion's version when there is one. */
  champion: number | null;
  comparison: AbComparison | null;
  comparisonUnavailable?: string;
}

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

/**
 * What the new version becomes, and why in one sentence. Without a champion: champion when its DSR clears the
 * threshold, else a challenger. Against a champion: it replaces the champion only when the Ledoit–Wolf test finds it
 * better on the window, the champion is judged out of sample there and its own DSR clears the threshold; it is
 * archived when the test finds it worse; otherwise it goes to the live A/B test as a challenger.
 */
export function decideAb(evidence: AbEvidence): Pick<AbPlan, 'decision' | 'reason'> {
  const { dsr, dsrThreshold, alpha, champion, comparison } = evidence;
  const dsrText = dsr === null ? 'no DSR' : `DSR ${f2(dsr)}`;
  const clears = dsr !== null && dsr >= dsrThreshold;
  if (champion === null) {
    return clears
      ? { decision: 'champion', reason: `no champion yet and its ${dsrText} clears the threshold ${f2(dsrThreshold)}` }
      : { decision: 'challenger', reason: `no champion yet, but its ${dsrText} is below the threshold ${f2(dsrThreshold)}: it stays a challenger` };
  }
  if (!comparison) {
    const why = evidence.comparisonUnavailable ?? 'the two models could not be compared';
    return { decision: 'challenger', reason: `champion v${champion} could not be compared (${why}): a challenger until the live test decides` };
  }
  const { difference, pValue } = comparison;
  const test = `ΔSR ${f3(difference)} a bar, p ${pValue === null ? 'n/a' : f3(pValue)} over ${comparison.window.bars} bars`;
  if (pValue === null) {
    return { decision: 'challenger', reason: `against champion v${champion}: a flat series leaves nothing to test (${test}); a challenger` };
  }
  if (difference < 0 && pValue < alpha) return { decision: 'archived', reason: `worse than champion v${champion} on the window (${test})` };
  if (difference > 0 && pValue < alpha) {
    if (!comparison.championOutOfSample) {
      return { decision: 'challenger', reason: `beats champion v${champion} (${test}), but the window is inside the champion's data: a challenger` };
    }
    if (!clears)
      return {
        decision: 'challenger',
        reason: `beats champion v${champion} (${test}), but its ${dsrText} is below ${f2(dsrThreshold)}: a challenger`,
      };
    return { decision: 'champion', reason: `beats champion v${champion} out of sample (${test}) and its ${dsrText} clears ${f2(dsrThreshold)}` };
  }
  return { decision: 'challenger', reason: `not distinguishable from champion v${champion} (${test}): a challenger for the live test` };
}
