import type { AbPlan } from '@ares/contracts';
import { findArtifact, StageName, StageOutput, stageParamsOf } from '@ares/contracts';
import { StageContext } from '@ares/stage-runtime';
import { readInputArtifact } from '@ares/stage-io';
import { decodeReturnSeries, ReturnSeries } from '@ares/training';
import { CrossValidationData } from '../report/sections/cpcv-section';
import { DataQualityData, QualityFindingRow } from '../report/sections/data-quality-section';
import { FeatureImportanceData } from '../report/sections/features-section';
import { HpoData } from '../report/sections/hpo-section';
import { ModelsData, TrainedModel } from '../report/sections/model-section';
import { MonteCarloData } from '../report/sections/monte-carlo-section';
import { TargetsData } from '../report/sections/targets-section';
import { VerdictData } from '../report/sections/verdict-section';
import { FoldRow, WalkForwardData } from '../report/sections/walk-forward-data';
import { ReportSectionId, RunReportData } from '../report/run-report';
import { figures, Json, list, num, numbers, obj, str, strings } from '../report/loose-json';

type Context = StageContext<'report'>;

/** What an upstream artifact held, or why the report has to do without it. */
type Read<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

export function outputOf(context: Pick<Context, 'inputs'>, stage: StageName): StageOutput | undefined {
  return context.inputs.find((input) => input.stage === stage)?.output;
}

async function bytesOf(context: Context, stage: StageName, name: string): Promise<Read<Uint8Array>> {
  const output = outputOf(context, stage);
  if (!output) return { problem: `no ${stage} output` };
  if (!findArtifact(output, name)) return { problem: `${stage}'s output lists no '${name}' artifact` };
  return { value: await readInputArtifact(context, stage, name) };
}

async function jsonOf(context: Context, stage: StageName, name: string): Promise<Read<Json>> {
  const read = await bytesOf(context, stage, name);
  if (read.problem !== undefined) return read;
  try {
    const value = obj(JSON.parse(new TextDecoder().decode(read.value)));
    return value ? { value } : { problem: `${stage}'s ${name} is not a JSON object` };
  } catch (error) {
    return { problem: `${stage}'s ${name} is not JSON: ${(error as Error).message}` };
  }
}

async function returnSeriesOf(context: Context): Promise<Read<ReturnSeries>> {
  const read = await bytesOf(context, 'walk-forward', 'oos-returns');
  if (read.problem !== undefined) return read;
  try {
    return { value: decodeReturnSeries(read.value) };
  } catch (error) {
    return { problem: `walk-forward's oos-returns cannot be decoded: ${(error as Error).message}` };
  }
}

/** Every upstream output the report draws from, in its data model. */
export async function gatherRunReport(context: Context): Promise<RunReportData> {
  const { spec } = context;
  const missing: Partial<Record<ReportSectionId, string>> = {};
  const series = await returnSeriesOf(context);
  const [walkForward, crossValidation, hpo, features, targets, dataQuality] = await Promise.all([
    walkForwardOf(context, series),
    crossValidationOf(context),
    hpoOf(context),
    featuresOf(context),
    targetsOf(context),
    dataQualityOf(context),
  ]);
  const monteCarlo = monteCarloOf(context, series.value?.strategy);
  const verdict = verdictOf(context);
  const ab = abPlanOf(context);
  const models = modelsOf(context);
  // Sections without an upstream output say so themselves; these say why an output they needed was unusable.
  if (ab.problem) missing.ab = ab.problem;
  if (hpo.problem) missing.hpo = `No hpo study (${hpo.problem}): there is no search history to show.`;
  if (features.problem) missing.features = `No feature importances (${features.problem}).`;
  if (dataQuality.problem) missing['data-quality'] = `No data-quality report (${dataQuality.problem}).`;
  return {
    title: `Ares run report: ${spec.symbol} ${spec.timeframe}, ${spec.model} model`,
    run: {
      runId: context.runId,
      symbol: spec.symbol,
      exchange: spec.exchange,
      timeframe: spec.timeframe,
      market: spec.market,
      model: spec.model,
      from: spec.from,
      to: spec.to,
      seed: spec.seed,
      source: spec.source,
      costs: spec.costs,
    },
    // The page's only time: when ab-setup decided (an input), never when the report was rendered.
    asOf: ab.value?.decidedAt ?? null,
    walkForward,
    crossValidation,
    monteCarlo,
    verdict,
    ab: ab.value,
    models,
    hpo: hpo.value,
    features: features.value,
    targets,
    dataQuality: dataQuality.value,
    missing,
  };
}

function foldRowOf(value: unknown, i: number): FoldRow {
  const fold = obj(value) ?? {};
  return {
    fold: (num(fold.index) ?? i) + 1,
    trainStart: str(fold.trainStart),
    trainEnd: str(fold.trainEnd),
    testStart: str(fold.testStart) ?? '',
    testEnd: str(fold.testEnd) ?? '',
    trainRows: num(fold.trainRows),
    testRows: num(fold.testRows),
    modelSha256: str(fold.modelSha256) ?? null,
    note: str(fold.note),
    metrics: figures(fold.metrics),
  };
}

async function walkForwardOf(context: Context, series: Read<ReturnSeries>): Promise<WalkForwardData | undefined> {
  const output = outputOf(context, 'walk-forward');
  if (!output) return undefined;
  const report = await jsonOf(context, 'walk-forward', 'walk-forward-report');
  const problems = [series.problem, report.problem].filter((problem): problem is string => problem !== undefined);
  const empty = new Float64Array(0);
  const r = report.value ?? {};
  return {
    model: str(r.model) ?? str(output.summary?.model),
    market: str(r.market),
    mode: str(output.summary?.mode) ?? str(obj(r.layout)?.mode),
    strategy: series.value?.strategy ?? empty,
    hold: series.value?.hold ?? empty,
    trades: series.value?.trades ?? empty,
    foldBars: num(obj(r.layout)?.testBars),
    folds: list(r.folds).map(foldRowOf),
    overall: { ...output.metrics, ...figures(r.overall) },
    problems,
  };
}

async function crossValidationOf(context: Context): Promise<CrossValidationData | undefined> {
  const output = outputOf(context, 'cross-validation');
  if (!output) return undefined;
  const report = await jsonOf(context, 'cross-validation', 'cross-validation-report');
  const r = report.value ?? {};
  const summary = output.summary ?? {};
  const pbo = obj(r.pbo);
  const paths = list(r.paths ?? summary.paths).map((value) => {
    const path = obj(value) ?? {};
    return { sharpe: num(path.sharpe) ?? NaN, totalReturn: num(path.totalReturn) ?? NaN, maxDrawdown: num(path.maxDrawdown) ?? NaN };
  });
  return {
    model: str(r.model),
    paths,
    buyAndHoldReturn: num(r.buyAndHoldReturn) ?? num(output.metrics.buyAndHoldReturn),
    beatBuyAndHold: num(r.beatBuyAndHold) ?? num(output.metrics.pathsBeatingBuyAndHold),
    groups: num(summary.groups),
    testGroups: num(summary.testGroups),
    splits: num(output.metrics.splits),
    flatSplits: num(output.metrics.flatSplits),
    pbo: num(pbo?.pbo) ?? num(summary.pbo),
    pboTrials: num(pbo?.trials) ?? num(output.metrics.pboTrials),
    pboNote: str(pbo?.note) ?? str(summary.pboNote),
    note: str(r.onSelectionRange),
    problems: report.problem ? [report.problem] : [],
  };
}

function monteCarloOf(context: Context, realised: Float64Array | undefined): MonteCarloData | undefined {
  const output = outputOf(context, 'monte-carlo');
  if (!output) return undefined;
  const fan = obj(output.summary?.fan);
  return {
    paths: num(output.metrics.paths),
    expectedBlock: num(output.metrics.expectedBlock),
    fan: fan ? { bar: numbers(fan.bar), p5: numbers(fan.p5), p50: numbers(fan.p50), p95: numbers(fan.p95) } : null,
    metrics: output.metrics,
    drawdownThreshold: num(output.summary?.drawdownThreshold),
    realised,
  };
}

function verdictOf(context: Context): VerdictData | undefined {
  const output = outputOf(context, 'monte-carlo');
  if (!output) return undefined;
  const payload = output.payload ?? {};
  const dsr = num(payload.dsr) ?? num(output.metrics.dsr);
  const threshold = stageParamsOf(context.spec, 'monte-carlo').dsrThreshold;
  return {
    verdict: str(output.summary?.verdict) ?? str(payload.verdict) ?? null,
    psr: num(payload.psr) ?? num(output.metrics.psr),
    dsr,
    pbo: num(payload.pbo) ?? num(output.metrics.pbo),
    trials: num(payload.trials) ?? num(output.metrics.trials),
    trialSharpeVariance: num(outputOf(context, 'hpo')?.metrics.trialSharpeVariance),
    dsrThreshold: threshold,
    passes: output.metrics.verdictPasses === undefined ? (dsr === null ? null : dsr >= threshold) : output.metrics.verdictPasses === 1,
  };
}

function abPlanOf(context: Context): Read<AbPlan> {
  const output = outputOf(context, 'ab-setup');
  if (!output) return { problem: 'No ab-setup output: no A/B decision was made.' };
  const plan = obj(output.payload);
  if (!plan || typeof plan.decision !== 'string' || typeof plan.reason !== 'string')
    return { problem: "ab-setup's output carries no A/B plan (a decision and its reason)." };
  return { value: plan as unknown as AbPlan };
}

function trainedModelOf(context: Context, stage: 'train' | 'meta-learner'): TrainedModel | undefined {
  const output = outputOf(context, stage);
  if (!output) return undefined;
  const m = output.metrics;
  const summary = output.summary ?? {};
  const threshold = summary.threshold;
  return {
    stage,
    kind: str(summary.model) ?? (stage === 'meta-learner' ? 'ensemble' : 'model'),
    sha256: str(summary.modelSha256) ?? null,
    parity: num(m.onnxMaxAbsDiff),
    trainRows: num(m.trainRows),
    bytes: num(m.modelBytes),
    threshold: typeof threshold === 'string' || typeof threshold === 'number' ? String(threshold) : undefined,
    metrics: m,
  };
}

function modelsOf(context: Context): ModelsData | undefined {
  const models = [trainedModelOf(context, 'train'), trainedModelOf(context, 'meta-learner')].filter(
    (model): model is TrainedModel => model !== undefined,
  );
  const saved = obj(outputOf(context, 'save-model')?.payload);
  const registry =
    saved && typeof saved.name === 'string' && num(saved.version) !== null
      ? { name: saved.name, version: num(saved.version)!, stage: str(saved.stage) ?? 'none', onnxSha256: str(saved.onnxSha256) ?? null }
      : null;
  if (models.length === 0 && !registry) return undefined;
  return {
    deployed: context.spec.model,
    models,
    registry,
    registryMissing: registry
      ? undefined
      : saved
        ? "save-model's output names no registered version."
        : 'No save-model output: the model was not registered.',
  };
}

async function hpoOf(context: Context): Promise<Read<HpoData>> {
  const study = await jsonOf(context, 'hpo', 'study');
  if (study.problem !== undefined) return study;
  const s = study.value;
  const objectives = strings(s.objectives);
  const directions = strings(s.directions);
  const trials = list(s.trials).map((value) => {
    const trial = obj(value) ?? {};
    const values = Array.isArray(trial.values) ? numbers(trial.values) : null;
    return { id: str(trial.id) ?? '?', phase: str(trial.phase) ?? '', state: str(trial.state) ?? 'unknown', values, rounds: num(trial.rounds) };
  });
  const chosen = obj(s.chosen);
  return {
    value: {
      objectives,
      directions,
      trials,
      chosenId: str(chosen?.id) ?? null,
      choiceRule: str(s.choiceRule) ?? null,
      chosenParams: obj(chosen?.params) ?? null,
      totalTrials: num(outputOf(context, 'hpo')?.metrics.trials),
      coarseTrials: num(s.coarseTrials),
    },
  };
}

async function featuresOf(context: Context): Promise<Read<FeatureImportanceData>> {
  const report = await jsonOf(context, 'coarse-optimization', 'coarse-optimization-report');
  if (report.problem !== undefined) return report;
  const selection = obj(report.value.featureSelection) ?? {};
  const kept = new Set(strings(selection.kept));
  const clusters = list(selection.clusters).map((value) => {
    const cluster = obj(value) ?? {};
    const name = str(cluster.name) ?? '?';
    return { name, features: strings(cluster.features), mean: num(cluster.mean) ?? NaN, spread: num(cluster.spread) ?? NaN, kept: kept.has(name) };
  });
  return {
    value: {
      rule: str(selection.rule) ?? null,
      clusters,
      features: strings(selection.features),
      minCorrelation: num(selection.minCorrelation),
      spreads: num(selection.spreads),
    },
  };
}

async function targetsOf(context: Context): Promise<TargetsData | undefined> {
  const output = outputOf(context, 'target-params');
  if (!output) return undefined;
  const report = await jsonOf(context, 'target-params', 'selection-report');
  const barrier = obj(output.payload?.barrier);
  const m = output.metrics;
  const candidates = list(report.value?.candidates).map((value) => {
    const c = obj(value) ?? {};
    return {
      kTp: num(c.kTp) ?? NaN,
      kSl: num(c.kSl) ?? NaN,
      horizonBars: num(c.horizonBars) ?? NaN,
      psr: num(c.psr),
      sharpe: num(c.sharpe),
      totalReturn: num(c.totalReturn),
      trades: num(c.trades),
      ...(str(c.error) ? { error: str(c.error) } : {}),
    };
  });
  const kTp = num(barrier?.kTp);
  const kSl = num(barrier?.kSl);
  const horizonBars = num(barrier?.horizonBars);
  return {
    barrier: kTp !== null && kSl !== null && horizonBars !== null ? { kTp, kSl, horizonBars } : null,
    criterion: str(report.value?.criterion) ?? null,
    candidates,
    labelBalance: m.labelUp === undefined ? null : { up: m.labelUp, down: m.labelDown, flat: m.labelFlat },
    volatilityFeature: stageParamsOf(context.spec, 'target-params').volatilityFeature,
  };
}

function findingOf(value: unknown): QualityFindingRow {
  const finding = obj(value) ?? {};
  const bars = num(finding.bars);
  const until = str(finding.endIsoTime) ?? str(finding.until);
  return {
    kind: str(finding.kind) ?? '?',
    time: str(finding.isoTime) ?? str(finding.time) ?? '',
    ...(until ? { until } : {}),
    detail: str(finding.detail) ?? '',
    ...(bars === null ? {} : { bars }),
    action: str(finding.action) ?? '',
  };
}

async function dataQualityOf(context: Context): Promise<Read<DataQualityData>> {
  const report = await jsonOf(context, 'validate-data', 'quality-report');
  if (report.problem !== undefined) return report;
  const output = outputOf(context, 'validate-data')!;
  // Forward-filled bars are collect's doing: validate-data lists them in its summary only.
  const filled = list(output.summary?.findings).filter((finding) => obj(finding)?.action === 'forward-filled');
  const passed = output.summary?.passed;
  return {
    value: {
      passed: typeof passed === 'boolean' ? passed : null,
      metrics: {
        ...figures(report.value.metrics),
        ...(output.metrics.forwardFilledBars === undefined ? {} : { forwardFilledBars: output.metrics.forwardFilledBars }),
      },
      findings: [...filled, ...list(report.value.findings)].map(findingOf),
      findingsOmitted: num(report.value.findingsOmitted) ?? 0,
    },
  };
}
