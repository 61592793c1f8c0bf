import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createStudy, FrozenTrial, latinHypercube, restoreStudy, SamplerConfig, StudyOptions } from '@ares/hpo';
import { round } from './bench-stats';
import { HPO_PROBLEMS, HpoProblem, pointOf } from './hpo-problems';
import { mannWhitneyU, median } from './hpo-stats';
import { measureReplicaSpeedup, StageTiming } from './hpo-stage-timing';

/**
 * `npm run bench:hpo [-- --seeds N]`, the sampler half: Ares' TPE (libs/hpo) against Optuna 3.1's TPESampler
 * (Debian's python3-optuna, bench/hpo_optuna.py) with the same settings (10 random startup trials, 24 EI
 * candidates, univariate, Optuna's defaults otherwise), on Branin, Hartmann-6, Rosenbrock-4 and Ackley-5, all
 * minimised: the median best value after 25, 50 and 100 trials over `seeds` seeds (default 20), sequentially and in
 * batches of 4 (ask 4, tell 4, constant liar on both sides), with a two-sided Mann–Whitney U p-value per cell;
 * random search on both sides as a harness check (they must agree); and the cost of one ask() on Hartmann-6 with
 * 100 and 1,000 told trials. Same machine, same run. Not a timed test: a report.
 *
 * Last line: JSON { problems: { <name>: { aresMedian, optunaMedian, pValue } } (TPE, sequential, 100 trials),
 * askCostRatio100, askCostRatio1000 (Ares / Optuna ms per ask), replicaSpeedup2, settings: every other figure }.
 */
const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-optuna (the python3 on PATH may not)
const INSTALL_COMMAND = 'apt-get install -y python3-optuna';
const BUDGETS = [25, 50, 100];
const BATCH = 4;
const STARTUP = 10;
const ASK_COST_PROBLEM = 'hartmann6';
const ASK_SIZES = [100, 1000];
/** Asks timed per size: Optuna needs ~25 / ~100 ms each, Ares far less. */
const OPTUNA_ASKS: Record<number, number> = { 100: 40, 1000: 15 };
const ARES_ASKS = 200;

type Mode = 'sequential' | 'batch';
type Setting = { readonly key: string; readonly sampler: 'tpe' | 'random'; readonly mode: Mode; readonly multivariate: boolean };
const SETTINGS: readonly Setting[] = [
  { key: 'tpeSequential', sampler: 'tpe', mode: 'sequential', multivariate: false },
  { key: 'tpeBatch4', sampler: 'tpe', mode: 'batch', multivariate: false },
  { key: 'tpeMultivariateSequential', sampler: 'tpe', mode: 'sequential', multivariate: true },
  { key: 'randomSequential', sampler: 'random', mode: 'sequential', multivariate: false },
  { key: 'randomBatch4', sampler: 'random', mode: 'batch', multivariate: false },
];

interface Job {
  readonly setting: string;
  readonly problem: string;
  readonly sampler: 'tpe' | 'random';
  readonly mode: Mode;
  readonly multivariate: boolean;
  readonly seed: number;
  readonly trials: number;
  readonly batch: number;
}

interface JobResult {
  readonly best: number[];
  readonly seconds: number;
}

export interface Cell {
  readonly aresMedian: number;
  readonly optunaMedian: number;
  readonly pValue: number;
}

/** setting → problem → budget → cell, plus the seconds each side spent per setting. */
export interface QualityResults {
  readonly cells: Record<string, Record<string, Record<number, Cell>>>;
  readonly seconds: Record<string, { ares: number; optuna: number }>;
}

export interface AskCost {
  readonly aresMs: Record<number, number>;
  readonly optunaMs: Record<number, number>;
}

export interface SamplerHalf {
  readonly optunaVersion: string;
  readonly seeds: number;
  readonly quality: QualityResults;
  readonly askCost: AskCost;
  readonly timings: Record<string, number>;
}

export interface HpoBenchResult {
  readonly problems: Record<string, Cell>;
  readonly askCostRatio100: number;
  readonly askCostRatio1000: number;
  readonly replicaSpeedup2: number;
  readonly settings: Record<string, unknown>;
}

function findUp(relative: string): string {
  // From dist/bench (built) or bench (ts-node) to the project root.
  const candidates = [resolve(__dirname, '..', relative), resolve(__dirname, '../..', relative)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${relative} not found in ${candidates.join(' or ')}`);
  return found;
}

const optunaImportable = () => spawnSync(PYTHON, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0;

/** Optuna present, or installed now when running as root; otherwise the exact install line and false. */
function ensureOptuna(): boolean {
  if (optunaImportable()) return true;
  if (process.getuid?.() === 0) {
    console.log(`${PYTHON} cannot import optuna; running: ${INSTALL_COMMAND}`);
    spawnSync('apt-get', ['install', '-y', 'python3-optuna'], { stdio: 'inherit' });
    if (optunaImportable()) return true;
  }
  console.log(`${PYTHON} cannot import optuna; install it (as root) with:`);
  console.log(INSTALL_COMMAND);
  return false;
}

/** Runs bench/hpo_optuna.py asynchronously (so two can share the two cores) and parses its last line. */
function runOptuna<T>(dir: string, command: string, input: unknown, name: string): Promise<T> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(input));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, [findUp(join('bench', 'hpo_optuna.py')), command, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`hpo_optuna.py ${command} failed (exit ${code})`));
      const lines = stdout.trim().split('\n');
      resolvePromise(JSON.parse(lines[lines.length - 1]) as T);
    });
  });
}

function problem(name: string): HpoProblem {
  const found = HPO_PROBLEMS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown problem ${name}`);
  return found;
}

function samplerConfig(job: Job): SamplerConfig {
  return job.sampler === 'random'
    ? { type: 'random' }
    : { type: 'tpe', nStartupTrials: STARTUP, constantLiar: job.mode === 'batch', multivariate: job.multivariate };
}

/** One Ares run, the same protocol as hpo_optuna.py's run_job. */
function runAres(job: Job): JobResult {
  const p = problem(job.problem);
  const study = createStudy({ space: p.space, directions: ['minimize'], sampler: samplerConfig(job), seed: job.seed });
  const batch = job.mode === 'batch' ? job.batch : 1;
  const values: number[] = [];
  const started = process.hrtime.bigint();
  while (values.length < job.trials) {
    const asked = Array.from({ length: Math.min(batch, job.trials - values.length) }, () => study.ask());
    for (const { number, params } of asked) {
      const value = p.f(pointOf(p, params));
      study.tell(number, value);
      values.push(value);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { best: BUDGETS.map((b) => Math.min(...values.slice(0, b))), seconds };
}

/** Both sides evaluate every problem at the same points; a harness that disagrees here compares nothing. */
async function checkProblems(dir: string): Promise<void> {
  const points = Object.fromEntries(HPO_PROBLEMS.map((p) => [p.name, latinHypercube(p.space, 5, 1).map((params) => pointOf(p, params))]));
  const report = await runOptuna<{ values: Record<string, number[]> }>(dir, 'check', { points }, 'check');
  for (const p of HPO_PROBLEMS) {
    points[p.name].forEach((x, i) => {
      const ours = p.f(x);
      const theirs = report.values[p.name][i];
      if (Math.abs(ours - theirs) > 1e-9 * Math.max(1, Math.abs(ours))) throw new Error(`${p.name}(${x}) = ${ours} here, ${theirs} in Python`);
    });
  }
}

async function runQuality(
  dir: string,
  seeds: number,
): Promise<{ quality: QualityResults; optunaVersion: string; aresSeconds: number; optunaSeconds: number }> {
  const jobs: Job[] = SETTINGS.flatMap((s) =>
    HPO_PROBLEMS.flatMap((p) =>
      Array.from({ length: seeds }, (_, seed) => ({
        setting: s.key,
        problem: p.name,
        sampler: s.sampler,
        mode: s.mode,
        multivariate: s.multivariate,
        seed,
        trials: 100,
        batch: BATCH,
      })),
    ),
  );
  // Optuna in two processes (every other job), Ares in this one meanwhile: the values do not depend on timing.
  const optunaStarted = Date.now();
  const halves = [0, 1].map((h) => jobs.filter((_, i) => i % 2 === h));
  const pending = halves.map((half, h) =>
    runOptuna<{ optuna: string; results: JobResult[] }>(dir, 'quality', { jobs: half, budgets: BUDGETS }, `quality-${h}`).then((r) => {
      const done = Date.now();
      return { ...r, done };
    }),
  );
  const aresStarted = Date.now();
  const ares = jobs.map(runAres);
  const aresSeconds = (Date.now() - aresStarted) / 1000;
  const [first, second] = await Promise.all(pending);
  const optunaSeconds = (Math.max(first.done, second.done) - optunaStarted) / 1000;
  const optuna = jobs.map((_, i) => (i % 2 === 0 ? first.results[i >> 1] : second.results[i >> 1]));

  const cells: QualityResults['cells'] = {};
  const seconds: QualityResults['seconds'] = {};
  for (const s of SETTINGS) {
    cells[s.key] = {};
    seconds[s.key] = { ares: 0, optuna: 0 };
    for (const p of HPO_PROBLEMS) {
      const indices = jobs.map((j, i) => (j.setting === s.key && j.problem === p.name ? i : -1)).filter((i) => i >= 0);
      cells[s.key][p.name] = {};
      BUDGETS.forEach((b, k) => {
        const a = indices.map((i) => ares[i].best[k]);
        const o = indices.map((i) => optuna[i].best[k]);
        cells[s.key][p.name][b] = { aresMedian: median(a), optunaMedian: median(o), pValue: mannWhitneyU(a, o).pValue };
      });
      for (const i of indices) {
        seconds[s.key].ares += ares[i].seconds;
        seconds[s.key].optuna += optuna[i].seconds;
      }
    }
  }
  return { quality: { cells, seconds }, optunaVersion: first.optuna, aresSeconds, optunaSeconds };
}

/** Mean ms per ask() on Hartmann-6 with n told trials (the same trials on both sides), nothing else running. */
async function runAskCost(dir: string): Promise<AskCost> {
  const p = problem(ASK_COST_PROBLEM);
  const n = Math.max(...ASK_SIZES);
  const told = latinHypercube(p.space, n, 2024).map((params) => ({ params, value: p.f(pointOf(p, params)) }));
  const options: StudyOptions = { space: p.space, directions: ['minimize'], sampler: { type: 'tpe', nStartupTrials: STARTUP }, seed: 1 };
  const records = (k: number): FrozenTrial[] =>
    told.slice(0, k).map((t, number) => ({ number, params: t.params, state: 'complete', values: [t.value], intermediateValues: {} }));
  const aresMs: Record<number, number> = {};
  for (const size of ASK_SIZES) {
    const warm = restoreStudy(options, records(size));
    for (let i = 0; i < 20; i++) warm.ask(); // JIT warm-up
    const study = restoreStudy(options, records(size));
    const started = process.hrtime.bigint();
    for (let i = 0; i < ARES_ASKS; i++) study.ask(); // never told: every ask sees `size` told trials
    aresMs[size] = Number(process.hrtime.bigint() - started) / 1e6 / ARES_ASKS;
  }
  const report = await runOptuna<{ askCost: Record<string, { meanMs: number }> }>(
    dir,
    'ask-cost',
    { problem: p.name, told, sizes: ASK_SIZES, asks: OPTUNA_ASKS },
    'ask-cost',
  );
  const optunaMs = Object.fromEntries(ASK_SIZES.map((size) => [size, report.askCost[String(size)].meanMs]));
  return { aresMs, optunaMs };
}

export async function runSamplerHalf(seeds: number): Promise<SamplerHalf> {
  const dir = mkdtempSync(join(tmpdir(), 'ares-bench-hpo-'));
  try {
    const started = Date.now();
    await checkProblems(dir);
    const q = await runQuality(dir, seeds);
    const askStarted = Date.now();
    const askCost = await runAskCost(dir);
    const timings = {
      aresQualitySeconds: round(q.aresSeconds, 1),
      optunaQualityWallSeconds: round(q.optunaSeconds, 1),
      askCostSeconds: round((Date.now() - askStarted) / 1000, 1),
      samplerHalfSeconds: round((Date.now() - started) / 1000, 1),
    };
    return { optunaVersion: q.optunaVersion, seeds, quality: q.quality, askCost, timings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sig = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3));
const verdict = (c: Cell) => (c.pValue >= 0.05 ? 'parity' : c.aresMedian < c.optunaMedian ? 'Ares better' : 'Ares worse');

function printTable(half: SamplerHalf): void {
  const { cells, seconds } = half.quality;
  console.log(
    `hpo bench: Ares TPE (libs/hpo, Node ${process.version}) vs Optuna ${half.optunaVersion} TPESampler (n_startup_trials=${STARTUP}), ` +
      `same settings; ${half.seeds} seeds; median best value after 25/50/100 trials (all minimised); p = two-sided Mann–Whitney U; ` +
      `${cpus().length} cores, 1-min load ${round(loadavg()[0], 2)}`,
  );
  for (const s of SETTINGS) {
    const label = `${s.sampler}${s.multivariate ? ' multivariate' : ''}, ${s.mode === 'batch' ? `batches of ${BATCH}${s.sampler === 'tpe' ? ', constant liar' : ''}` : 'sequential'}`;
    console.log(`\n${label} (Ares ${round(seconds[s.key].ares, 1)} s, Optuna ${round(seconds[s.key].optuna, 1)} s of sampler + objective time)`);
    console.log(
      `  ${'problem'.padEnd(13)}${BUDGETS.map((b) => `${`Ares@${b}`.padStart(11)}${`Optuna@${b}`.padStart(12)}${'p'.padStart(7)}`).join('')}   @100`,
    );
    for (const p of HPO_PROBLEMS) {
      const row = BUDGETS.map((b) => {
        const c = cells[s.key][p.name][b];
        return `${sig(c.aresMedian).padStart(11)}${sig(c.optunaMedian).padStart(12)}${c.pValue.toFixed(3).padStart(7)}`;
      }).join('');
      console.log(`  ${p.name.padEnd(13)}${row}   ${verdict(cells[s.key][p.name][100])}`);
    }
  }
  const { aresMs, optunaMs } = half.askCost;
  console.log(`\nask() on ${ASK_COST_PROBLEM}, TPE univariate (mean ms per ask; Optuna: ask + suggest_float × 6):`);
  for (const n of ASK_SIZES) {
    console.log(
      `  ${String(n).padStart(5)} told: Ares ${aresMs[n].toFixed(3)} ms, Optuna ${optunaMs[n].toFixed(2)} ms, ratio ${(aresMs[n] / optunaMs[n]).toFixed(4)}`,
    );
  }
  console.log(`  timings: ${JSON.stringify(half.timings)}`);
}

const roundCell = (c: Cell): Cell => ({ aresMedian: round(c.aresMedian, 6), optunaMedian: round(c.optunaMedian, 6), pValue: round(c.pValue, 4) });

/** The bench's result object (its last line): the sampler half, and the hpo stage timed with 1 and 2 replicas. */
export async function assembleResult(half: SamplerHalf, stage: StageTiming): Promise<HpoBenchResult> {
  const { cells } = half.quality;
  const ratio = (n: number) => round(half.askCost.aresMs[n] / half.askCost.optunaMs[n], 4);
  const settings: Record<string, unknown> = Object.fromEntries(
    SETTINGS.map((s) => [
      s.key,
      Object.fromEntries(HPO_PROBLEMS.map((p) => [p.name, Object.fromEntries(BUDGETS.map((b) => [String(b), roundCell(cells[s.key][p.name][b])]))])),
    ]),
  );
  return {
    problems: Object.fromEntries(HPO_PROBLEMS.map((p) => [p.name, roundCell(cells.tpeSequential[p.name][100])])),
    askCostRatio100: ratio(100),
    askCostRatio1000: ratio(1000),
    replicaSpeedup2: round(stage.replicaSpeedup2, 3),
    settings: {
      hpoStageSeconds: stage.seconds,
      hpoStageSameStudyAtBothCounts: stage.sameStudy,
      ...settings,
      askCostMs: { ares: half.askCost.aresMs, optuna: half.askCost.optunaMs },
      seeds: half.seeds,
      budgets: BUDGETS,
      batchSize: BATCH,
      nStartupTrials: STARTUP,
      optuna: half.optunaVersion,
      node: process.version,
      timings: half.timings,
    },
  };
}

function parseSeeds(argv: readonly string[]): number {
  const k = argv.indexOf('--seeds');
  if (k < 0) return 20;
  const seeds = Number(argv[k + 1]);
  if (!Number.isInteger(seeds) || seeds < 3 || seeds > 100) throw new RangeError(`--seeds must be an integer in 3..100, got ${argv[k + 1]}`);
  return seeds;
}

async function main(): Promise<void> {
  if (!ensureOptuna()) {
    process.exitCode = 1;
    return;
  }
  const started = Date.now();
  const half = await runSamplerHalf(parseSeeds(process.argv.slice(2)));
  printTable(half);
  console.log('\nhpo stage on the 2023 BTC/USDT 1h sample (the demo RunSpec), 2 vs 1 optimizer-service replicas:');
  const stage = await measureReplicaSpeedup();
  console.log(`  speedup ${stage.replicaSpeedup2.toFixed(2)}x; same study at both counts: ${stage.sameStudy}`);
  const result = await assembleResult(half, stage);
  console.log(`  total ${round((Date.now() - started) / 1000, 1)} s`);
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
