import { formatInteger, formatNumber, formatPercent, formatSignedPercent } from '../format';
import { htmlTable } from '../html/table';
import { absent, keyFigures, paragraph, section } from './section';

export const TARGETS_SECTION = { id: 'targets', title: 'Targets: triple-barrier parameters' } as const;

export interface Barrier {
  kTp: number;
  kSl: number;
  horizonBars: number;
}

export interface BarrierCandidateRow extends Barrier {
  psr: number | null;
  sharpe: number | null;
  totalReturn: number | null;
  trades: number | null;
  /** Why the candidate was not ranked. */
  error?: string;
}

/** target-params' choice and the grid it chose from. */
export interface TargetsData {
  barrier: Barrier | null;
  criterion: string | null;
  candidates: BarrierCandidateRow[];
  labelBalance: { up: number; down: number; flat: number } | null;
  volatilityFeature: string | null;
}

const SHOWN = 12;
const same = (a: Barrier, b: Barrier) => a.kTp === b.kTp && a.kSl === b.kSl && a.horizonBars === b.horizonBars;

/** The barrier target-params chose, by what, and how the grid's other points fared. */
export function targetsSection(data: TargetsData | undefined, missing?: string): string {
  const { id, title } = TARGETS_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No target-params output: the barriers are unknown.'));
  const parts: string[] = [];
  const sigma = `σ = ${data.volatilityFeature ?? 'the rolling volatility'} × √h`;
  if (data.barrier) {
    const { kTp, kSl, horizonBars } = data.barrier;
    parts.push(
      paragraph(
        `Take-profit at ${formatNumber(kTp, 2)}·σ, stop-loss at ${formatNumber(kSl, 2)}·σ, vertical barrier after ${formatInteger(horizonBars)} bars (${sigma}).`,
      ),
    );
  } else {
    parts.push(absent('target-params named no barrier.'));
  }
  if (data.criterion) parts.push(paragraph(`Chosen by the ${data.criterion}.`, 'note'));
  if (data.labelBalance) {
    const { up, down, flat } = data.labelBalance;
    parts.push(
      keyFigures([
        { label: 'labels: take-profit first', value: formatPercent(up, 1) },
        { label: 'labels: stop-loss first', value: formatPercent(down, 1) },
        { label: 'labels: vertical barrier', value: formatPercent(flat, 1) },
      ]),
    );
  }
  if (data.candidates.length === 0) {
    parts.push(absent('No grid candidates were recorded.'));
  } else {
    const ranked = [...data.candidates].sort((a, b) => (a.error ? 1 : 0) - (b.error ? 1 : 0) || (b.psr ?? -Infinity) - (a.psr ?? -Infinity));
    const shown = ranked.slice(0, SHOWN);
    const chosen = new Set(shown.flatMap((candidate, i) => (data.barrier && same(candidate, data.barrier) ? [i] : [])));
    parts.push(
      htmlTable({
        columns: [
          { label: 'k_tp', numeric: true },
          { label: 'k_sl', numeric: true },
          { label: 'h (bars)', numeric: true },
          { label: 'PSR', numeric: true },
          { label: 'Sharpe', numeric: true },
          { label: 'return', numeric: true },
          { label: 'trades', numeric: true },
          { label: 'not ranked because' },
        ],
        rows: shown.map((c) => [
          formatNumber(c.kTp, 2),
          formatNumber(c.kSl, 2),
          formatInteger(c.horizonBars),
          formatNumber(c.psr),
          formatNumber(c.sharpe),
          formatSignedPercent(c.totalReturn),
          formatInteger(c.trades),
          c.error ?? '',
        ]),
        highlight: chosen,
      }),
    );
    if (ranked.length > SHOWN) parts.push(paragraph(`${ranked.length - SHOWN} more candidate(s) not shown.`, 'note'));
  }
  return section(id, title, parts.join(''));
}
