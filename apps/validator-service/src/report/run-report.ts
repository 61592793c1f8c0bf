import type { AbPlan } from '@ares/contracts';
import { escapeHtml } from './html/escape';
import { htmlDocument } from './html/document';
import { formatTime } from './format';
import { AB_SECTION, abSection } from './sections/ab-section';
import { CPCV_SECTION, cpcvSection, CrossValidationData } from './sections/cpcv-section';
import { DATA_QUALITY_SECTION, dataQualitySection, DataQualityData } from './sections/data-quality-section';
import { EQUITY_SECTION, equitySection } from './sections/equity-section';
import { FeatureImportanceData, FEATURES_SECTION, featuresSection } from './sections/features-section';
import { FOLDS_SECTION, foldsSection } from './sections/folds-section';
import { HPO_SECTION, HpoData, hpoSection } from './sections/hpo-section';
import { MODEL_SECTION, modelSection, ModelsData } from './sections/model-section';
import { MONTE_CARLO_SECTION, MonteCarloData, monteCarloSection } from './sections/monte-carlo-section';
import { SUMMARY_SECTION, summarySection } from './sections/summary-section';
import { TARGETS_SECTION, TargetsData, targetsSection } from './sections/targets-section';
import { VERDICT_SECTION, VerdictData, verdictSection } from './sections/verdict-section';
import { WalkForwardData } from './sections/walk-forward-data';

/** What the run was: the RunSpec's facts the report's header states. */
export interface RunFacts {
  runId: string;
  symbol: string;
  exchange: string;
  timeframe: string;
  market: string;
  model: string;
  from: string;
  to: string;
  seed: number;
  source?: string;
  costs?: { takerFeeBps: number; slippageBps: number; borrowBpsPerDay: number };
}

/**
 * Everything the report shows, gathered from the run's stage outputs. Pure data: the renderer knows nothing of stages,
 * artifacts or NATS. A section whose input is absent renders a sentence saying so (`missing` may say why).
 */
export interface RunReportData {
  title: string;
  run: RunFacts;
  /** A time taken from the inputs (e.g. ab-setup's decision), never the clock: the same inputs make the same bytes. */
  asOf: string | null;
  walkForward?: WalkForwardData;
  crossValidation?: CrossValidationData;
  monteCarlo?: MonteCarloData;
  verdict?: VerdictData;
  ab?: AbPlan;
  models?: ModelsData;
  hpo?: HpoData;
  features?: FeatureImportanceData;
  targets?: TargetsData;
  dataQuality?: DataQualityData;
  missing?: Partial<Record<ReportSectionId, string>>;
}

/** The sections, in reading order: the outcome first, then how it was reached, then the data it rests on. */
export const REPORT_SECTIONS = [
  SUMMARY_SECTION,
  VERDICT_SECTION,
  EQUITY_SECTION,
  FOLDS_SECTION,
  CPCV_SECTION,
  MONTE_CARLO_SECTION,
  AB_SECTION,
  MODEL_SECTION,
  HPO_SECTION,
  FEATURES_SECTION,
  TARGETS_SECTION,
  DATA_QUALITY_SECTION,
] as const;

export type ReportSectionId = (typeof REPORT_SECTIONS)[number]['id'];

/** Which data slice each section draws from. */
const SECTION_INPUTS: Record<ReportSectionId, keyof RunReportData> = {
  summary: 'walkForward',
  verdict: 'verdict',
  equity: 'walkForward',
  folds: 'walkForward',
  cpcv: 'crossValidation',
  'monte-carlo': 'monteCarlo',
  ab: 'ab',
  model: 'models',
  hpo: 'hpo',
  features: 'features',
  targets: 'targets',
  'data-quality': 'dataQuality',
};

/** The sections that render a sentence instead of their charts and tables: their input is absent. */
export function absentSections(data: RunReportData): ReportSectionId[] {
  return REPORT_SECTIONS.map(({ id }) => id).filter((id) => data[SECTION_INPUTS[id]] === undefined);
}

function header(data: RunReportData): string {
  const { run } = data;
  const costs = run.costs
    ? ` · costs ${run.costs.takerFeeBps} bps fee, ${run.costs.slippageBps} bps slippage${run.market === 'spot' ? `, ${run.costs.borrowBpsPerDay} bps/day borrow` : ''}`
    : '';
  const facts = `${run.exchange} ${run.symbol} ${run.timeframe} ${run.market} · ${formatTime(run.from)} → ${formatTime(run.to)} (to exclusive) · model ${run.model} · seed ${run.seed}${costs}`;
  const asOf = data.asOf ? ` · as of ${formatTime(data.asOf)} UTC` : '';
  const nav = REPORT_SECTIONS.map(({ id, title }) => `<a href="#${id}">${escapeHtml(title)}</a>`).join('');
  return `<header><h1>${escapeHtml(data.title)}</h1><p>${escapeHtml(facts)}</p><p>run <code>${escapeHtml(run.runId)}</code>${escapeHtml(asOf)}</p></header><nav>${nav}</nav>`;
}

/** The whole report: one self-contained HTML document (inline styles and SVG; no script, no external reference). */
export function renderRunReport(data: RunReportData): string {
  const missing = data.missing ?? {};
  const sections = [
    summarySection({ walkForward: data.walkForward, verdict: data.verdict, ab: data.ab, pbo: data.verdict ? data.verdict.pbo : undefined }),
    verdictSection(data.verdict, missing.verdict),
    equitySection(data.walkForward, missing.equity),
    foldsSection(data.walkForward, missing.folds),
    cpcvSection(data.crossValidation, missing.cpcv),
    monteCarloSection(data.monteCarlo, missing['monte-carlo']),
    abSection(data.ab, missing.ab),
    modelSection(data.models, missing.model),
    hpoSection(data.hpo, missing.hpo),
    featuresSection(data.features, missing.features),
    targetsSection(data.targets, missing.targets),
    dataQualitySection(data.dataQuality, missing['data-quality']),
  ];
  return htmlDocument({ title: data.title, body: header(data) + sections.join('\n') });
}
