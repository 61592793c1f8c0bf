import { escapeHtml } from '../html/escape';
import { formatInteger, formatNumber, formatSignificant } from '../format';
import { absent, keyFigures, paragraph, section } from './section';

export const VERDICT_SECTION = { id: 'verdict', title: 'Verdict: deflated Sharpe and overfitting' } as const;

/** monte-carlo's verdict and the statistics behind it. */
export interface VerdictData {
  verdict: string | null;
  psr: number | null;
  dsr: number | null;
  pbo: number | null;
  trials: number | null;
  trialSharpeVariance: number | null;
  dsrThreshold: number | null;
  /** Whether the DSR reaches its threshold. */
  passes: boolean | null;
}

/** The run's luck in one sentence, and the PSR, DSR (by every trial tried) and PBO it rests on. */
export function verdictSection(data: VerdictData | undefined, missing?: string): string {
  const { id, title } = VERDICT_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No Monte Carlo output: there is no verdict.'));
  const sentence = data.verdict ?? 'monte-carlo stated no verdict.';
  const box = `<div class="verdict${data.passes ? ' passes' : ''}"><strong>${escapeHtml(sentence)}</strong></div>`;
  const threshold = data.dsrThreshold === null ? '' : ` (threshold ${formatNumber(data.dsrThreshold)})`;
  return section(
    id,
    title,
    [
      box,
      keyFigures([
        { label: 'PSR (vs 0)', value: formatNumber(data.psr) },
        { label: `DSR${threshold}`, value: formatNumber(data.dsr) },
        { label: 'PBO', value: formatNumber(data.pbo) },
        { label: 'configurations tried', value: formatInteger(data.trials) },
      ]),
      paragraph(
        'The PSR is the probability that the walk-forward’s true Sharpe ratio is above zero given its length, skew and tails; ' +
          'the DSR asks the same against the best Sharpe ratio that many random trials would show' +
          (data.trialSharpeVariance === null
            ? ''
            : ` (variance of the trials’ per-bar Sharpe ratios ${formatSignificant(data.trialSharpeVariance)})`) +
          '; the PBO is the share of CSCV splits where the search’s in-sample winner fell below the median out of sample.',
        'note',
      ),
    ].join(''),
  );
}
