import { formatInteger, formatNumber, formatPercent, formatPercentTick, formatSignedPercent } from '../format';
import { htmlTable } from '../html/table';
import { PALETTE } from '../palette';
import { histogram } from '../svg/histogram';
import { absent, figure, paragraph, section } from './section';

export const CPCV_SECTION = { id: 'cpcv', title: 'Combinatorial purged cross-validation' } as const;

export interface CpcvPath {
  sharpe: number;
  totalReturn: number;
  maxDrawdown: number;
}

/** cross-validation's report: the CPCV paths and the study's probability of backtest overfitting. */
export interface CrossValidationData {
  model?: string;
  paths: CpcvPath[];
  buyAndHoldReturn: number | null;
  /** Share of paths whose return beats buy-and-hold's. */
  beatBuyAndHold: number | null;
  groups: number | null;
  testGroups: number | null;
  splits: number | null;
  flatSplits: number | null;
  pbo: number | null;
  pboTrials: number | null;
  pboNote?: string;
  /** What the paths are (on the rows hpo chose on), as the stage says it. */
  note?: string;
  problems: string[];
}

function pboSentence(data: CrossValidationData): string {
  if (data.pbo === null) return `No probability of backtest overfitting: ${data.pboNote ?? 'the study gave none'}.`;
  const trials = data.pboTrials === null ? '' : ` over ${formatInteger(data.pboTrials)} trials' recorded returns`;
  const reading = data.pbo > 0.5 ? ': the search more likely overfit than not' : '';
  return `Probability of backtest overfitting (CSCV${trials}): ${formatNumber(data.pbo)}${reading}.`;
}

/** The spread of the chosen configuration over the CPCV paths (Sharpe and return), against buy-and-hold, and the PBO. */
export function cpcvSection(data: CrossValidationData | undefined, missing?: string): string {
  const { id, title } = CPCV_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No cross-validation output: there are no CPCV paths to show.'));
  const parts = data.problems.map((problem) => paragraph(problem, 'absent'));
  const layout =
    data.groups !== null && data.testGroups !== null
      ? `${formatInteger(data.groups)} groups, ${formatInteger(data.testGroups)} tested at a time: ${formatInteger(data.splits)} trainings recombined into ${formatInteger(data.paths.length)} paths.`
      : `${formatInteger(data.paths.length)} paths.`;
  parts.push(paragraph(layout));
  if (data.note) parts.push(paragraph(data.note, 'note'));
  if (data.paths.length === 0) {
    parts.push(absent('The cross-validation recorded no paths.'));
  } else {
    const sharpes = data.paths.map((path) => path.sharpe);
    const returns = data.paths.map((path) => path.totalReturn);
    parts.push(
      figure(
        histogram({
          title: 'CPCV path Sharpe ratios',
          values: sharpes,
          color: PALETTE.strategy,
          xLabel: 'annualised Sharpe ratio of a path',
          xFormat: (value) => formatNumber(value, 1),
          markers: [{ value: 0, label: 'zero', color: PALETTE.reference }],
          height: 200,
        }),
        'Each tick under the bars is one path.',
      ),
      figure(
        histogram({
          title: 'CPCV path returns',
          values: returns,
          color: PALETTE.strategy,
          xLabel: 'total return of a path',
          xFormat: formatPercentTick,
          markers: data.buyAndHoldReturn === null ? [] : [{ value: data.buyAndHoldReturn, label: 'buy & hold', color: PALETTE.hold }],
          height: 200,
        }),
      ),
      htmlTable({
        columns: [
          { label: 'path', numeric: true },
          { label: 'Sharpe', numeric: true },
          { label: 'return', numeric: true },
          { label: 'max DD', numeric: true },
        ],
        rows: data.paths.map((path, i) => [i + 1, formatNumber(path.sharpe), formatSignedPercent(path.totalReturn), formatPercent(path.maxDrawdown)]),
      }),
    );
    if (data.beatBuyAndHold !== null) {
      const beating = Math.round(data.beatBuyAndHold * data.paths.length);
      parts.push(
        paragraph(`${beating} of ${data.paths.length} paths beat buy-and-hold (${formatSignedPercent(data.buyAndHoldReturn)} over the same bars).`),
      );
    }
    if (data.flatSplits) parts.push(paragraph(`${formatInteger(data.flatSplits)} split(s) could not be fitted and stayed flat.`, 'note'));
  }
  parts.push(paragraph(pboSentence(data)));
  return section(id, title, parts.join(''));
}
