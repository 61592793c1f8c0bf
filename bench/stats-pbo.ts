import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seededRandom } from '@ares/random';
import { probabilityOfBacktestOverfitting } from '@ares/stats';
import { bestOf, round } from './bench-stats';

/**
 * The PBO section of `npm run bench:stats`: Ares' probabilityOfBacktestOverfitting (libs/stats, CSCV) against a
 * vectorised numpy implementation with the same conventions (bench/stats_pbo.py, Debian's /usr/bin/python3 with
 * python3-numpy), on seeded returns of 200 trials × 8,760 bars (a year of hours: noise, plus 5 trials with a
 * small drift), S = 16 (C(16, 8) = 12,870 splits), metric 'sharpe'. Both sides best of 3 from returns in memory to
 * { pbo, logits }, same machine, same run; the results must agree exactly on PBO and within 1e-9 on every logit.
 *
 * numpyMs is numpy's faster ranking (comparisons broadcast for the in-sample best only); the rankdata variant
 * (scipy.stats.rankdata(axis=1), a Python loop over the 12,870 rows in scipy 1.10) is printed beside it.
 */
const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-numpy (the python3 on PATH may not)
const INSTALL_COMMAND = 'apt-get install -y python3-numpy python3-scipy';
const TRIALS = 200;
const BARS = 8760;
const PARTITIONS = 16;
const DRIFTING = 5;
const ROUNDS = 3;
const SEED = 20240601;

export interface PboBenchResult {
  /** aresMs / numpyMs: below 1 is Ares faster. */
  pboRatio: number;
  aresMs: number;
  numpyMs: number;
  pboAres: number;
  pboNumpy: number;
  maxLogitDiff: number;
}

interface NumpyReport {
  numpy: string;
  scipy: string | null;
  pbo: number;
  ms: number;
  runsMs: number[];
  rankdataMs?: number;
  rankdataRunsMs?: number[];
  rankdataSame?: boolean;
}

function findUp(relative: string): string {
  // From dist/bench (built) or bench (ts-node) to the project root.
  const candidates = [resolve(__dirname, '..', relative), resolve(__dirname, '../..', relative)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${relative} not found in ${candidates.join(' or ')}`);
  return found;
}

/**
 * Noise of 1 % per bar; trials 0..DRIFTING − 1 earn a drift of 0.005–0.025 σ per bar on top (annualised Sharpe
 * 0.5–2.3 on hourly bars): about what the best of 195 noise trials reaches by luck over half the year, so the
 * in-sample winner is sometimes skilled and sometimes not, and PBO lands between the extremes.
 */
function syntheticReturns(): Float64Array[] {
  const random = seededRandom(SEED);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: TRIALS }, (_, n) => {
    const drift = n < DRIFTING ? 0.00005 * (n + 1) : 0;
    return Float64Array.from({ length: BARS }, () => drift + 0.01 * normal());
  });
}

/** Trial after trial, raw float64 (platform-endian, little-endian wherever Node runs here), as bench/gbdt-data.ts. */
function writeReturns(path: string, returns: readonly Float64Array[]): void {
  const out = new Float64Array(returns.length * BARS);
  returns.forEach((r, n) => out.set(r, n * BARS));
  writeFileSync(path, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
}

function readFloat64(path: string): Float64Array {
  const bytes = readFileSync(path);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

function runNumpy(dataFile: string, logitsFile: string): NumpyReport {
  const args = [
    findUp(join('bench', 'stats_pbo.py')),
    dataFile,
    String(TRIALS),
    String(BARS),
    String(PARTITIONS),
    'sharpe',
    String(ROUNDS),
    logitsFile,
  ];
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`stats_pbo.py failed (exit ${run.status ?? run.signal})`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as NumpyReport;
}

const ms = (value: number) => `${round(value, 1)} ms`;

export async function benchPbo(): Promise<PboBenchResult> {
  if (spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status !== 0) {
    console.log(`${PYTHON} cannot import numpy; install it (as root) with:`);
    console.log(INSTALL_COMMAND);
    throw new Error(`${PYTHON} cannot import numpy (${INSTALL_COMMAND})`);
  }
  const returns = syntheticReturns();
  const dir = mkdtempSync(join(tmpdir(), 'ares-bench-pbo-'));
  try {
    const dataFile = join(dir, 'returns.bin');
    const logitsFile = join(dir, 'logits.numpy.bin');
    writeReturns(dataFile, returns);
    const ares = bestOf(ROUNDS, () => probabilityOfBacktestOverfitting(returns, { partitions: PARTITIONS, metric: 'sharpe' }));
    const numpy = runNumpy(dataFile, logitsFile);
    const numpyLogits = readFloat64(logitsFile);
    const { pbo, logits } = ares.result;
    if (numpyLogits.length !== logits.length) throw new Error(`numpy wrote ${numpyLogits.length} logits, Ares has ${logits.length}`);
    let maxLogitDiff = 0;
    for (let k = 0; k < logits.length; k++) maxLogitDiff = Math.max(maxLogitDiff, Math.abs(logits[k] - numpyLogits[k]));
    const result: PboBenchResult = {
      pboRatio: round(ares.ms / numpy.ms, 3),
      aresMs: round(ares.ms, 2),
      numpyMs: round(numpy.ms, 2),
      pboAres: pbo,
      pboNumpy: numpy.pbo,
      maxLogitDiff,
    };
    console.log(
      `pbo bench: CSCV, ${TRIALS} trials × ${BARS.toLocaleString('en')} bars, S = ${PARTITIONS} (${logits.length.toLocaleString('en')} splits), ` +
        `metric sharpe; Ares (Node ${process.version}) vs numpy ${numpy.numpy}${numpy.scipy ? ` / scipy ${numpy.scipy}` : ''}, best of ${ROUNDS}`,
    );
    console.log(
      `  Ares ${ms(ares.ms)} (runs ${ares.runsMs.map(ms).join(', ')}); numpy ${ms(numpy.ms)} (runs ${numpy.runsMs.map(ms).join(', ')}): ratio ${result.pboRatio}`,
    );
    if (numpy.rankdataMs !== undefined) {
      console.log(
        `  numpy with scipy.stats.rankdata(axis=1) for the ranks: ${ms(numpy.rankdataMs)} (same result: ${numpy.rankdataSame}); not the figure compared`,
      );
    }
    console.log(`  PBO Ares ${pbo}, numpy ${numpy.pbo}; max |Δ logit| ${maxLogitDiff}`);
    if (pbo !== numpy.pbo || !(maxLogitDiff <= 1e-9))
      throw new Error(`Ares and numpy disagree: PBO ${pbo} vs ${numpy.pbo}, max |Δ logit| ${maxLogitDiff}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPbo()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
