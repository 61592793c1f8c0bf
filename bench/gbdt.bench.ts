import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GBDT_DEFAULTS, GbdtModelJson, GbdtParams, predictProba, trainGbdt } from '@ares/gbdt';
import { exportGbdtToOnnx, loadGbdtOnnxModel } from '@ares/gbdt-onnx';
import { bestOf, bestOfAsync, round } from './bench-stats';
import { printEnsemble, runEnsembleBench } from './gbdt-ensemble';
import { GbdtDataset, GbdtDatasetHeader, readFloat64, realGbdtDataset, syntheticGbdtDataset, writeFloat64, writeGbdtDataset } from './gbdt-data';
import { logLoss, maxAbsDiff, rocAuc } from './gbdt-metrics';

/**
 * `npm run bench:gbdt [-- --rounds N] [-- --install]`: Ares' histogram GBDT (libs/gbdt, in-process and exported to
 * ONNX through libs/gbdt-onnx + onnxruntime-node) against XGBoost (Debian's python3-xgboost, bench/gbdt_xgboost.py)
 * with the same parameters, on the same two datasets (a seeded synthetic task and real 5m BTC/USDT features with
 * triple-barrier labels), on this machine, in this run.
 *
 * Train time is best of `rounds` (default 3), from raw float64 columns to a model on both sides (XGBoost: DMatrix +
 * xgb.train). Predict time is best of 5 on the test set, 1 thread, from raw columns to probabilities (XGBoost:
 * inplace_predict). AUC and log loss are computed here (bench/gbdt-metrics.ts) for both models and cross-checked
 * against scikit-learn's. Then ensemble inference (bench/gbdt-ensemble.ts): one stacked ONNX graph against its parts
 * served one by one and against XGBoost with as many trees. Last line: JSON { synthetic: {...}, real: {...},
 * ensemble: {...} }, ratios = Ares / XGBoost (ensemble: stacked graph / parts and / XGBoost).
 */
const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-xgboost (the python3 on PATH may not)
const APT_PACKAGES = ['python3-xgboost', 'python3-sklearn', 'python3-numpy'];
const INSTALL_COMMAND = `apt-get install -y ${APT_PACKAGES.join(' ')}`;
const SEED = 20230324;
const PREDICT_ROUNDS = 5;
const FEATHER = join('data', 'market', 'binance-spot-2023', 'BTC_USDT-5m.feather');

/** The parameters both sides train with (XGBoost's spelling in bench/gbdt_xgboost.py). */
const PARAMS: GbdtParams = {
  objective: 'binary',
  nEstimators: 200,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 64, // 2^6: depth-wise growth to depth 6 is never capped by the leaf count
  maxBins: 256,
  minChildWeight: 1,
  minDataInLeaf: 1, // XGBoost has no row-count floor, only min_child_weight
  minSplitGain: 0,
  lambda: 1,
  subsample: 1,
  colsampleByTree: 1,
  seed: SEED,
};

/** libs/gbdt's `numThreads` (worker threads for histograms); checked rather than assumed, so the bench says when it is missing. */
const ARES_HAS_THREADS = Object.prototype.hasOwnProperty.call(GBDT_DEFAULTS, 'numThreads');

const xgboostImportable = () => spawnSync(PYTHON, ['-c', 'import xgboost, sklearn, numpy'], { stdio: 'ignore' }).status === 0;

function findUp(relative: string): string {
  // From dist/bench (built) or bench (ts-node) to the project root.
  const candidates = [resolve(__dirname, '..', relative), resolve(__dirname, '../..', relative)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${relative} not found in ${candidates.join(' or ')}`);
  return found;
}

interface AresResult {
  trainMs1t: number;
  trainRunsMs1t: number[];
  trainMs2t: number | null;
  trainRunsMs2t: number[] | null;
  sameModelAt2t: boolean | null;
  predictMs: number;
  predictRunsMs: number[];
  onnxExportMs: number;
  onnxLoadMs: number;
  onnxPredictMs: number;
  onnxPredictRunsMs: number[];
  onnxPackedPredictMs: number;
  onnxMaxDiff: number;
  onnxRowsOver1e4: number;
  trees: number;
  leaves: number;
  onnxBytes: number;
  auc: number;
  logloss: number;
  trainAuc: number;
  proba: Float64Array;
}

async function runAres(dataset: GbdtDataset, rounds: number): Promise<AresResult> {
  const { train, test, featureNames } = dataset;
  const data = { columns: train.columns, featureNames, label: train.label };
  const t1 = bestOf(rounds, () => trainGbdt(data, { ...PARAMS, numThreads: 1 }));
  const t2 = ARES_HAS_THREADS ? bestOf(rounds, () => trainGbdt(data, { ...PARAMS, numThreads: 2 })) : null;
  const model: GbdtModelJson = t1.result;
  // libs/gbdt promises the same model at any thread count: check it, since the 2-thread time is only comparable if so.
  const sameAt2t = t2 ? JSON.stringify(t2.result) === JSON.stringify(model) : null;

  const predicted = bestOf(PREDICT_ROUNDS, () => predictProba(model, test.columns));
  const proba = predicted.result;

  const exported = bestOf(1, () => exportGbdtToOnnx(model));
  const loaded = await bestOfAsync(1, () => loadGbdtOnnxModel(exported.result));
  const session = loaded.result;
  let onnx;
  let packedMs: number;
  try {
    onnx = await bestOfAsync(PREDICT_ROUNDS, () => session.predict(test.columns));
    const f = featureNames.length;
    const packed = new Float32Array(test.rows * f);
    for (let j = 0; j < f; j++) {
      const column = test.columns[j];
      for (let i = 0; i < test.rows; i++) packed[i * f + j] = column[i];
    }
    packedMs = (await bestOfAsync(PREDICT_ROUNDS, () => session.predictPacked(packed))).ms;
  } finally {
    await session.release();
  }
  // onnxruntime computes the sigmoid in float32: differences of ~1e-7 are rounding, larger ones a routing mismatch.
  const diff = maxAbsDiff(proba, onnx.result, 1e-4);
  const leaves = model.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);

  return {
    trainMs1t: t1.ms,
    trainRunsMs1t: t1.runsMs,
    trainMs2t: t2 ? t2.ms : null,
    trainRunsMs2t: t2 ? t2.runsMs : null,
    sameModelAt2t: sameAt2t,
    predictMs: predicted.ms,
    predictRunsMs: predicted.runsMs,
    onnxExportMs: exported.ms,
    onnxLoadMs: loaded.ms,
    onnxPredictMs: onnx.ms,
    onnxPredictRunsMs: onnx.runsMs,
    onnxPackedPredictMs: packedMs,
    onnxMaxDiff: diff.max,
    onnxRowsOver1e4: diff.over,
    trees: model.trees.length,
    leaves,
    onnxBytes: exported.result.byteLength,
    auc: rocAuc(test.label, proba),
    logloss: logLoss(test.label, proba),
    trainAuc: rocAuc(train.label, predictProba(model, train.columns)),
    proba,
  };
}

interface XgboostDatasetReport {
  trainRows: number;
  testRows: number;
  features: number;
  trainMs1t: number;
  trainRunsMs1t: number[];
  dmatrixMs1t: number;
  trainMs2t: number;
  trainRunsMs2t: number[];
  dmatrixMs2t: number;
  predictMs: number;
  predictRunsMs: number[];
  predictDMatrixMs: number;
  predictPathsMaxDiff: number;
  auc: number;
  logloss: number;
  auc2t: number;
  maxDiff1t2t: number;
  trainAuc: number;
  aresAucSklearn: number;
  aresLoglossSklearn: number;
}

type XgboostReport = { xgboost: string; sklearn: string; numpy: string } & Record<string, XgboostDatasetReport>;

function runXgboost(dir: string, rounds: number): XgboostReport {
  const run = spawnSync(PYTHON, [findUp(join('bench', 'gbdt_xgboost.py')), dir, String(rounds), String(PREDICT_ROUNDS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`gbdt_xgboost.py failed (exit ${run.status ?? run.signal})`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as XgboostReport;
}

function parseRounds(argv: readonly string[]): number {
  const k = argv.indexOf('--rounds');
  if (k < 0) return 3;
  const rounds = Number(argv[k + 1]);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5) throw new RangeError(`--rounds must be an integer in 1..5, got ${argv[k + 1]}`);
  return rounds;
}

const ms = (value: number) => `${round(value, value < 100 ? 1 : 0).toLocaleString('en')} ms`;
const r4 = (value: number) => round(value, 4);
const r6 = (value: number) => round(value, 6);

interface RunContext {
  xgboostVersion: string;
  rounds: number;
  loadAvgStart: number;
  loadAvgEnd: number;
}

function summarise(dataset: GbdtDataset, ares: AresResult, xgb: XgboostDatasetReport, xgbAucHere: number, xgbLoglossHere: number, run: RunContext) {
  const train2t = ares.trainMs2t ?? ares.trainMs1t;
  return {
    aucAres: r6(ares.auc),
    aucXgboost: r6(xgb.auc),
    trainRatio1t: r4(ares.trainMs1t / xgb.trainMs1t),
    trainRatio2t: r4(train2t / xgb.trainMs2t),
    predictRatio: r4(ares.predictMs / xgb.predictMs),
    onnxPredictRatio: r4(ares.onnxPredictMs / xgb.predictMs),
    loglossAres: r6(ares.logloss),
    loglossXgboost: r6(xgb.logloss),
    aresTrainMs1t: round(ares.trainMs1t, 1),
    aresTrainMs2t: round(train2t, 1),
    aresTrain2tFromOneThread: ares.trainMs2t === null,
    aresSameModelAt2t: ares.sameModelAt2t,
    xgboostTrainMs1t: round(xgb.trainMs1t, 1),
    xgboostTrainMs2t: round(xgb.trainMs2t, 1),
    xgboostDMatrixMs1t: round(xgb.dmatrixMs1t, 1),
    aresPredictMs: round(ares.predictMs, 2),
    aresOnnxPredictMs: round(ares.onnxPredictMs, 2),
    aresOnnxPackedPredictMs: round(ares.onnxPackedPredictMs, 2),
    xgboostPredictMs: round(xgb.predictMs, 2),
    xgboostPredictDMatrixMs: round(xgb.predictDMatrixMs, 2),
    aresOnnxExportMs: round(ares.onnxExportMs, 1),
    aresOnnxLoadMs: round(ares.onnxLoadMs, 1),
    onnxMaxAbsDiff: ares.onnxMaxDiff,
    onnxRowsOver1e4: ares.onnxRowsOver1e4,
    aucAresSklearn: r6(xgb.aresAucSklearn),
    aucXgboostHere: r6(xgbAucHere),
    // |this file's AUC − scikit-learn's| over both models: the own implementation's cross-check.
    aucCrossCheckMaxDiff: Math.max(Math.abs(ares.auc - xgb.aresAucSklearn), Math.abs(xgbAucHere - xgb.auc)),
    loglossAresSklearn: r6(xgb.aresLoglossSklearn),
    loglossXgboostHere: r6(xgbLoglossHere),
    trainAucAres: r6(ares.trainAuc),
    trainAucXgboost: r6(xgb.trainAuc),
    aresTrees: ares.trees,
    aresLeaves: ares.leaves,
    onnxBytes: ares.onnxBytes,
    trainRows: dataset.train.rows,
    testRows: dataset.test.rows,
    features: dataset.featureNames.length,
    aresTrainRunsMs1t: ares.trainRunsMs1t.map((x) => round(x, 1)),
    aresTrainRunsMs2t: ares.trainRunsMs2t?.map((x) => round(x, 1)) ?? null,
    xgboostTrainRunsMs1t: xgb.trainRunsMs1t.map((x) => round(x, 1)),
    xgboostTrainRunsMs2t: xgb.trainRunsMs2t.map((x) => round(x, 1)),
    trainRounds: run.rounds,
    predictRounds: PREDICT_ROUNDS,
    node: process.version,
    xgboost: run.xgboostVersion,
    loadAvg1mStart: round(run.loadAvgStart, 2),
    loadAvg1mEnd: round(run.loadAvgEnd, 2),
  };
}

function printTable(dataset: GbdtDataset, s: ReturnType<typeof summarise>, xgbVersion: string): void {
  const rows: [string, string, string, string][] = [
    ['', 'Ares', `XGBoost ${xgbVersion}`, 'Ares/XGB'],
    ['train, 1 thread', ms(s.aresTrainMs1t), ms(s.xgboostTrainMs1t), String(s.trainRatio1t)],
    [
      s.aresTrain2tFromOneThread ? 'train, 2 threads (Ares: 1)' : 'train, 2 threads',
      ms(s.aresTrainMs2t),
      ms(s.xgboostTrainMs2t),
      String(s.trainRatio2t),
    ],
    ['predict test, 1 thread', ms(s.aresPredictMs), ms(s.xgboostPredictMs), String(s.predictRatio)],
    ['predict test, ONNX (ort)', ms(s.aresOnnxPredictMs), '', String(s.onnxPredictRatio)],
    ['test AUC', s.aucAres.toFixed(4), s.aucXgboost.toFixed(4), (s.aucAres - s.aucXgboost).toFixed(4) + ' Δ'],
    ['test log loss', s.loglossAres.toFixed(4), s.loglossXgboost.toFixed(4), (s.loglossAres - s.loglossXgboost).toFixed(4) + ' Δ'],
    ['train AUC', s.trainAucAres.toFixed(4), s.trainAucXgboost.toFixed(4), ''],
  ];
  console.log(`${dataset.name}: ${dataset.description}`);
  for (const [a, b, c, d] of rows) console.log(`  ${a.padEnd(28)}${b.padStart(12)}${c.padStart(18)}${d.padStart(12)}`);
  console.log(
    `  ONNX: export ${ms(s.aresOnnxExportMs)}, load ${ms(s.aresOnnxLoadMs)}, ${(s.onnxBytes / 1024).toFixed(0)} KiB, ` +
      `predict from packed float32 ${ms(s.aresOnnxPackedPredictMs)}; max |in-process − ONNX| ${s.onnxMaxAbsDiff.toExponential(2)} ` +
      `(${s.onnxRowsOver1e4} rows > 1e-4)`,
  );
  console.log(
    `  XGBoost: DMatrix ${ms(s.xgboostDMatrixMs1t)} of its train time; DMatrix + predict ${ms(s.xgboostPredictDMatrixMs)}. ` +
      `AUC here vs sklearn: Ares ${s.aucAres.toFixed(6)} / ${s.aucAresSklearn.toFixed(6)}, ` +
      `XGBoost ${s.aucXgboostHere.toFixed(6)} / ${s.aucXgboost.toFixed(6)} (max |Δ| ${s.aucCrossCheckMaxDiff.toExponential(1)})`,
  );
  console.log(
    `  Ares: ${s.aresTrees} trees, ${s.aresLeaves.toLocaleString('en')} leaves; train runs 1t ${s.aresTrainRunsMs1t.map(ms).join(', ')}` +
      (s.aresTrainRunsMs2t ? `, 2t ${s.aresTrainRunsMs2t.map(ms).join(', ')} (same model as 1t: ${s.aresSameModelAt2t})` : '') +
      '; ' +
      `XGBoost train runs 1t ${s.xgboostTrainRunsMs1t.map(ms).join(', ')}, 2t ${s.xgboostTrainRunsMs2t.map(ms).join(', ')}`,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (!xgboostImportable()) {
    if (argv.includes('--install')) spawnSync('apt-get', ['install', '-y', ...APT_PACKAGES], { stdio: 'inherit' });
    if (!xgboostImportable()) {
      console.log(`${PYTHON} cannot import xgboost, sklearn and numpy; install them with:`);
      console.log(INSTALL_COMMAND);
      process.exitCode = 1;
      return;
    }
  }
  const rounds = parseRounds(argv);
  const started = Date.now();
  const loadAvgStart = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'ares-bench-gbdt-'));
  try {
    const generated = bestOf(1, () => [syntheticGbdtDataset(200_000, SEED), realGbdtDataset(findUp(FEATHER))] as const);
    const datasets: readonly GbdtDataset[] = generated.result;
    const headers: GbdtDatasetHeader[] = datasets.map((d) => writeGbdtDataset(dir, d));

    const ares = new Map<string, AresResult>();
    for (const [k, dataset] of datasets.entries()) {
      const result = await runAres(dataset, rounds);
      ares.set(dataset.name, result);
      headers[k].aresPredictions = `${dataset.name}.ares.bin`;
      writeFloat64(join(dir, headers[k].aresPredictions), result.proba);
    }
    writeFileSync(join(dir, 'gbdt.json'), JSON.stringify({ seed: SEED, datasets: headers }));
    const xgb = runXgboost(dir, rounds);
    const context: RunContext = { xgboostVersion: xgb.xgboost, rounds, loadAvgStart, loadAvgEnd: loadavg()[0] };

    console.log(
      `gbdt bench: Ares (TypeScript, Node ${process.version}) vs XGBoost ${xgb.xgboost} (sklearn ${xgb.sklearn}, numpy ${xgb.numpy}), ` +
        `same machine, same run; ${PARAMS.nEstimators} trees, depth ${PARAMS.maxDepth}, eta ${PARAMS.learningRate}, ` +
        `${PARAMS.maxBins} bins, lambda ${PARAMS.lambda}, min_child_weight ${PARAMS.minChildWeight}; train best of ${rounds}, ` +
        `predict best of ${PREDICT_ROUNDS}; data generated in ${ms(generated.ms)}; ` +
        `1-min load average ${round(loadAvgStart, 2)} at start, ${round(context.loadAvgEnd, 2)} at end (${cpus().length} cores; other work skews the 2-thread figures most)`,
    );
    if (!ARES_HAS_THREADS) {
      console.log(
        '  libs/gbdt has no `numThreads` parameter: Ares trains on 1 thread, and trainRatio2t compares that 1-thread time with XGBoost at nthread 2',
      );
    } else {
      console.log('  Ares 2 threads: numThreads 2 (worker threads build histograms); XGBoost: nthread 2 (OpenMP)');
    }
    console.log(
      '  ONNX predict runs in onnxruntime-node with its default session options (intra-op threads = cores), from float64 columns (packing included)',
    );
    const summary: Record<string, ReturnType<typeof summarise>> = {};
    for (const dataset of datasets) {
      const x = xgb[dataset.name];
      const xgbProba = readFloat64(join(dir, `${dataset.name}.xgboost.bin`));
      const s = summarise(dataset, ares.get(dataset.name)!, x, rocAuc(dataset.test.label, xgbProba), logLoss(dataset.test.label, xgbProba), context);
      summary[dataset.name] = s;
      printTable(dataset, s, xgb.xgboost);
    }
    const noisy = Object.entries(summary).flatMap(([name, s]) =>
      (
        [
          ['Ares train 1t', s.aresTrainRunsMs1t],
          ['Ares train 2t', s.aresTrainRunsMs2t ?? []],
          ['XGBoost train 1t', s.xgboostTrainRunsMs1t],
          ['XGBoost train 2t', s.xgboostTrainRunsMs2t],
        ] as const
      )
        .filter(([, runs]) => runs.length > 1 && Math.max(...runs) > 1.3 * Math.min(...runs))
        .map(([what]) => `${name} ${what}`),
    );
    if (noisy.length > 0) {
      console.log(
        `  WARNING: runs differ by more than 30 % (${noisy.join('; ')}): the machine was busy; 2-thread figures suffer most, rerun on an idle machine`,
      );
    }
    const synthetic = datasets.find((d) => d.name === 'synthetic') as GbdtDataset;
    const script = findUp(join('bench', 'gbdt_xgboost.py'));
    const ensemble = await runEnsembleBench({ dataset: synthetic, dir, python: PYTHON, script, predictRounds: PREDICT_ROUNDS, seed: SEED });
    printEnsemble(ensemble);
    console.log(`  total ${ms(Date.now() - started)}`);
    console.log(JSON.stringify({ synthetic: summary.synthetic, real: summary.real, ensemble }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
