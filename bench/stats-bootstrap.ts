import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seededRandom } from '@ares/random';
import { optimalBlockLength, stationaryBootstrap } from '@ares/stats';
import { bestOf, round } from './bench-stats';

/**
 * The stationary-bootstrap half of `npm run bench:stats`: 10,000 stationary-bootstrap paths of 4,380 bars (half a
 * year of hourly bars) over one seeded return series; for every path, the final compounded return, the Sharpe
 * ratio and the max drawdown. Ares (one fused loop per path, below) against numpy (bench/stats_bootstrap.py,
 * Debian's /usr/bin/python3, vectorised in chunks of paths) on the SAME index sequences: Ares draws them
 * (stationaryBootstrap, mean block = optimalBlockLength(returns).stationary) and hands them over as raw int32,
 * so both sides must agree to rounding (maxDiff, over every statistic of every path).
 *
 * Timed on both sides: the statistics from in-memory indices, best of `ROUNDS`. Index generation is timed apart
 * (indexMs), and so is numpy drawing indices of its own (numpyIndexMs, context only: they are not the ones compared).
 * bootstrapRatio = aresMs / numpyMs (below 1: Ares faster).
 */
const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-numpy (the python3 on PATH may not)
const SEED = 20240607;
const BARS = 4380;
const PATHS = 10_000;
const ROUNDS = 3;

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { sqrt, max } = Math;

export interface BootstrapBenchResult {
  /** aresMs / numpyMs. */
  bootstrapRatio: number;
  /** Ares: statistics of every path from the indices, best of 3. */
  aresMs: number;
  /** numpy: the same, best of 3. */
  numpyMs: number;
  /** Largest |Ares − numpy| over the 3 statistics of every path. */
  maxDiff: number;
  /** Ares: drawing the 10,000 × 4,380 indices (stationaryBootstrap.paths), best of 3; not in aresMs. */
  indexMs: number;
  /** For context: numpy drawing its own indices of the same shape (vectorised across paths), best of 3. */
  numpyIndexMs: number;
  /** The mean block length used (optimalBlockLength of the return series, stationary). */
  expectedBlock: number;
}

/** A seeded hourly return series with volatility clustering (GARCH(1,1)-like, Gaussian shocks, slight drift). */
function seededReturns(count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const normal = () => sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = new Float64Array(count);
  let variance = 1e-4;
  let previous = 0;
  for (let t = 0; t < count; t++) {
    variance = 2e-6 + 0.08 * previous * previous + 0.9 * variance;
    previous = 0.1 * previous + sqrt(variance) * normal();
    out[t] = 5e-5 + previous;
  }
  return out;
}

/**
 * Per path: equity from 1 times (1 + r) bar by bar; final return = equity − 1; Sharpe = mean / sample std (n − 1)
 * per bar; max drawdown = max of 1 − equity / running peak, the peak starting at 1. Out: finals, then Sharpes, then
 * drawdowns (paths values each), the layout bench/stats_bootstrap.py writes.
 */
export function pathStatistics(returns: Float64Array, indices: Int32Array, bars: number): Float64Array {
  const paths = indices.length / bars;
  const out = new Float64Array(3 * paths);
  for (let p = 0; p < paths; p++) {
    const from = p * bars;
    let equity = 1;
    let peak = 1;
    let drawdown = 0;
    let sum = 0;
    let squares = 0;
    for (let i = from; i < from + bars; i++) {
      const r = returns[indices[i]];
      sum += r;
      squares += r * r;
      equity *= 1 + r;
      if (equity > peak) peak = equity;
      else drawdown = max(drawdown, 1 - equity / peak);
    }
    const mean = sum / bars;
    // One pass: per-bar returns are ~1e-2 with means ~1e-4, so Σr² − n·mean² loses ~4 digits at most of 16.
    const variance = (squares - sum * mean) / (bars - 1);
    out[p] = equity - 1;
    out[paths + p] = mean / sqrt(variance);
    out[2 * paths + p] = drawdown;
  }
  return out;
}

function findUp(relative: string): string {
  // From dist/bench (built) or bench (sources) to the project root.
  const candidates = [resolve(__dirname, '..', relative), resolve(__dirname, '../..', relative)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${relative} not found in ${candidates.join(' or ')}`);
  return found;
}

const bytesOf = (a: Float64Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

interface NumpyReport {
  numpyMs: number;
  runsMs: number[];
  numpy: string;
  chunk: number;
  numpyIndexMs: number;
}

export async function benchBootstrap(): Promise<BootstrapBenchResult> {
  const returns = seededReturns(BARS, SEED);
  const expectedBlock = max(1, optimalBlockLength(returns).stationary);
  const generated = bestOf(ROUNDS, () => stationaryBootstrap(BARS, { expectedBlock, seed: SEED }).paths(PATHS));
  const indices = generated.result;
  const ares = bestOf(ROUNDS, () => pathStatistics(returns, indices, BARS));

  const dir = mkdtempSync(join(tmpdir(), 'ares-bootstrap-'));
  try {
    // Typed arrays are platform-endian; every platform Node runs on here is little-endian.
    writeFileSync(join(dir, 'header.json'), JSON.stringify({ bars: BARS, paths: PATHS, expectedBlock, seed: SEED }));
    writeFileSync(join(dir, 'returns.bin'), bytesOf(returns));
    writeFileSync(join(dir, 'indices.bin'), bytesOf(indices));
    const run = spawnSync(PYTHON, [findUp(join('bench', 'stats_bootstrap.py')), dir, String(ROUNDS)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`stats_bootstrap.py failed (exit ${run.status ?? run.signal}); it needs python3-numpy`);
    const lines = run.stdout.trim().split('\n');
    const numpy = JSON.parse(lines[lines.length - 1]) as NumpyReport;
    const bytes = readFileSync(join(dir, 'results.bin'));
    const theirs = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (theirs.length !== ares.result.length) throw new Error(`numpy wrote ${theirs.length} statistics, expected ${ares.result.length}`);
    let maxDiff = 0;
    for (let i = 0; i < theirs.length; i++) maxDiff = max(maxDiff, Math.abs(theirs[i] - ares.result[i]));
    return {
      bootstrapRatio: round(ares.ms / numpy.numpyMs, 4),
      aresMs: round(ares.ms, 1),
      numpyMs: round(numpy.numpyMs, 1),
      maxDiff,
      indexMs: round(generated.ms, 1),
      numpyIndexMs: round(numpy.numpyIndexMs, 1),
      expectedBlock: round(expectedBlock, 4),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchBootstrap().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
