import type { AbPlan } from '@ares/contracts';
import { escapeHtml } from '../html/escape';
import { formatInteger, formatNumber, formatPercent, formatSignedPercent } from '../format';
import { absent, keyFigures, section } from './section';
import { VerdictData } from './verdict-section';
import { WalkForwardData } from './walk-forward-data';

export const SUMMARY_SECTION = { id: 'summary', title: 'Summary' } as const;

export interface SummaryInputs {
  walkForward?: WalkForwardData;
  verdict?: VerdictData;
  ab?: AbPlan;
  pbo?: number | null;
}

/** The figures a desk reads first: out-of-sample return against buy-and-hold, risk, the DSR, the decision. */
export function summarySection({ walkForward, verdict, ab, pbo }: SummaryInputs): string {
  const { id, title } = SUMMARY_SECTION;
  const o = walkForward?.overall ?? {};
  const tiles = [
    ...(walkForward
      ? [
          { label: 'walk-forward return', value: formatSignedPercent(o.totalReturn) },
          { label: 'buy & hold return', value: formatSignedPercent(o.buyAndHoldReturn) },
          { label: 'Sharpe (annualised)', value: formatNumber(o.sharpe) },
          { label: 'max drawdown', value: formatPercent(o.maxDrawdown) },
          { label: 'trades (long / short)', value: `${formatInteger(o.trades)} (${formatInteger(o.longTrades)} / ${formatInteger(o.shortTrades)})` },
        ]
      : []),
    ...(verdict ? [{ label: 'DSR', value: formatNumber(verdict.dsr) }] : []),
    ...(pbo !== undefined ? [{ label: 'PBO', value: formatNumber(pbo) }] : []),
    ...(ab ? [{ label: 'A/B decision', value: String(ab.decision) }] : []),
  ];
  const body = [
    tiles.length > 0 ? keyFigures(tiles) : absent('No walk-forward, Monte Carlo or A/B output: there is nothing to sum up.'),
    verdict?.verdict ? `<div class="verdict${verdict.passes ? ' passes' : ''}">${escapeHtml(verdict.verdict)}</div>` : '',
  ];
  return section(id, title, body.join(''));
}
