import type { AbPlan } from '@ares/contracts';
import { escapeHtml } from '../html/escape';
import { formatInteger, formatNumber, formatPercent, formatSignedPercent, formatSignificant, formatTime } from '../format';
import { factTable, htmlTable } from '../html/table';
import { absent, paragraph, section, subheading } from './section';

export const AB_SECTION = { id: 'ab', title: 'A/B decision' } as const;

function comparisonTable(plan: AbPlan): string {
  const c = plan.comparison;
  if (!c) {
    return absent(
      plan.comparisonUnavailable
        ? `No comparison with the champion: ${plan.comparisonUnavailable}`
        : 'No champion of this name to compare with: the decision rests on the DSR alone.',
    );
  }
  const window = `${formatTime(c.window?.from)} → ${formatTime(c.window?.to)}, ${formatInteger(c.window?.bars)} bars`;
  return [
    paragraph(
      `Against champion version ${formatInteger(c.championVersion)} on ${window}` +
        (c.championOutOfSample ? ' (out of sample for both).' : ' (partly in the champion’s own training range).'),
    ),
    htmlTable({
      columns: [{ label: '' }, { label: 'challenger', numeric: true }, { label: 'champion', numeric: true }],
      rows: [
        ['Sharpe ratio (annualised)', formatNumber(c.challengerSharpeAnnual), formatNumber(c.championSharpeAnnual)],
        ['Sharpe ratio (per bar)', formatSignificant(c.challengerSharpe), formatSignificant(c.championSharpe)],
        ['return', formatSignedPercent(c.challengerReturn), formatSignedPercent(c.championReturn)],
        ['trades', formatInteger(c.challengerTrades), formatInteger(c.championTrades)],
      ],
    }),
    paragraph(
      c.standardError === null || c.pValue === null
        ? `Sharpe difference ${formatSignificant(c.difference)} per bar, not tested: a series is flat (no trades), so there is nothing to test.`
        : `Ledoit–Wolf test of the Sharpe difference: ${formatSignificant(c.difference)} per bar (standard error ${formatSignificant(c.standardError)}, ` +
            `return correlation ${formatNumber(c.correlation)}), p = ${formatNumber(c.pValue, 3)}.`,
    ),
  ].join('');
}

/** ab-setup's decision with its reason, the champion comparison, and the live test's plan. */
export function abSection(plan: AbPlan | undefined, missing?: string): string {
  const { id, title } = AB_SECTION;
  if (!plan) return section(id, title, absent(missing ?? 'No ab-setup output: no A/B decision was made.'));
  const decision = String(plan.decision ?? 'undecided');
  const model = plan.name ? ` ${escapeHtml(plan.name)}${plan.version ? ` v${escapeHtml(plan.version)}` : ''}:` : '';
  const parts = [
    `<p><span class="badge ${escapeHtml(decision)}">${escapeHtml(decision)}</span>${model} ${escapeHtml(plan.reason ?? '')}</p>`,
    paragraph(
      `DSR ${formatNumber(plan.dsr)} against a threshold of ${formatNumber(plan.dsrThreshold)}` +
        (plan.decidedAt ? `; decided ${formatTime(plan.decidedAt)} UTC.` : '.'),
      'note',
    ),
    subheading('Champion comparison'),
    comparisonTable(plan),
    subheading('Live test plan'),
  ];
  const split = plan.trafficSplit;
  const sample = plan.minimumSample;
  const stopping = plan.stoppingRule;
  const facts: [string, string][] = [];
  if (split) facts.push(['traffic: champion / challenger', `${formatPercent(split.champion, 0)} / ${formatPercent(split.challenger, 0)}`]);
  if (sample) {
    facts.push([
      'minimum live sample',
      `${formatInteger(sample.bars)} bars (${formatNumber(sample.days, 1)} days)${sample.trades === null ? '' : `, ${formatInteger(sample.trades)} trades`}`,
    ]);
    facts.push([
      'sized to detect',
      `a Sharpe difference of ${formatNumber(sample.minDetectableSharpe)} a year, power ${formatPercent(sample.power, 0)}, α ${formatPercent(sample.alpha, 1)}`,
    ]);
  }
  if (stopping)
    facts.push([
      'stopping rule',
      `${stopping.method} (mixing variance ${formatSignificant(stopping.mixingVariance)}, α ${formatPercent(stopping.alpha, 1)})`,
    ]);
  parts.push(facts.length > 0 ? factTable(facts) : absent('The plan names no traffic split, sample or stopping rule.'));
  if (stopping?.description) parts.push(paragraph(stopping.description));
  parts.push(plan.promotionCriterion ? paragraph(`Promotion: ${plan.promotionCriterion}`) : absent('The plan states no promotion criterion.'));
  return section(id, title, parts.join(''));
}
