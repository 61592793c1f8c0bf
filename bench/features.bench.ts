import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alignAsOf, computeFeatures, FeatureSet } from '@ares/ml';
import { bestOf, round } from './bench-stats';
import { diffFeatures } from './feature-diff';
import { marketCandles, readFloat64Columns, readMarket, SyntheticMarket, syntheticMarket, writeMarket } from './synthetic-market';

/**
 * `npm run bench:features [-- --rows N] [-- --install]`: Ares' 'full' feature set (candles + aggTrades, funding and
 * open-interest extras) against a pandas/numpy implementation of the same definitions (bench/features_pandas.py),
 * on the same synthetic bars, on this machine, in this run; best of 3 each. File I/O is timed separately, not in
 * the figures. Checks that both give the same NaN positions and reports the largest absolute difference.
 * Last line: JSON { aresMs, pandasMs, ratio, maxAbsDiff, ... }.
 */
const PYTHON = '/usr/bin/python3'; // Debian's, which sees python3-pandas (the python3 on PATH may not)
const INSTALL_COMMAND = 'apt-get install -y python3-pandas python3-numpy';
const ROUNDS = 3;
const SEED = 20230324;

const pandasImportable = () => spawnSync(PYTHON, ['-c', 'import pandas, numpy'], { stdio: 'ignore' }).status === 0;

function timed<T>(task: () => T): { ms: number; result: T } {
  const { ms, result } = bestOf(1, task);
  return { ms, result };
}

function aresFeatures(market: SyntheticMarket, withExtras: boolean): FeatureSet {
  const candles = marketCandles(market);
  const options = { timeframeMs: market.timeframeMs, featureSet: 'full' } as const;
  if (!withExtras) return computeFeatures(candles, options);
  const { buyVolume, sellVolume, trades, openInterest } = market.bars;
  const fundingRate = alignAsOf(market.fundingTimes, market.fundingRates, candles.timestamps, market.timeframeMs);
  return computeFeatures(candles, options, { buyVolume, sellVolume, trades, openInterest, fundingRate });
}

function pandasScript(): string {
  const candidates = [join(__dirname, 'features_pandas.py'), resolve(__dirname, '../../bench/features_pandas.py')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`features_pandas.py not found in ${candidates.join(' or ')}`);
  return found;
}

interface PandasReport {
  names: string[];
  pandasMs: number;
  runsMs: number[];
  candleOnlyMs: number;
  candleOnlyRunsMs: number[];
  readMs: number;
  pandas: string;
  numpy: string;
}

function runPandas(dir: string): PandasReport {
  const run = spawnSync(PYTHON, [pandasScript(), dir, String(ROUNDS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`features_pandas.py failed (exit ${run.status ?? run.signal})`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as PandasReport;
}

function parseRows(argv: readonly string[]): number {
  const k = argv.indexOf('--rows');
  if (k < 0) return 1_000_000;
  const rows = Number(argv[k + 1]);
  if (!Number.isInteger(rows) || rows < 1000) throw new RangeError(`--rows must be an integer >= 1000, got ${argv[k + 1]}`);
  return rows;
}

const ms = (value: number) => `${round(value, 1)} ms`;

function main(): void {
  const argv = process.argv.slice(2);
  if (!pandasImportable()) {
    if (argv.includes('--install')) spawnSync('apt-get', ['install', '-y', 'python3-pandas', 'python3-numpy'], { stdio: 'inherit' });
    if (!pandasImportable()) {
      console.log(INSTALL_COMMAND);
      process.exitCode = 1;
      return;
    }
  }
  const rows = parseRows(argv);
  const dir = mkdtempSync(join(tmpdir(), 'ares-bench-features-'));
  try {
    const generated = timed(() => syntheticMarket(rows, SEED));
    const written = timed(() => writeMarket(dir, generated.result));
    const read = timed(() => readMarket(dir));
    const market = read.result;

    const candleOnly = bestOf(ROUNDS, () => aresFeatures(market, false));
    const ares = bestOf(ROUNDS, () => aresFeatures(market, true));
    const pandas = runPandas(dir);

    const features = ares.result;
    const pandasColumns = readFloat64Columns(
      join(dir, 'pandas.bin'),
      pandas.names.map(() => rows),
    );
    const diff = diffFeatures(features.names, features.columns, pandas.names, pandasColumns);
    const ratio = ares.ms / pandas.pandasMs;
    const candleRatio = candleOnly.ms / pandas.candleOnlyMs;
    let runs = 1;
    for (let i = 1; i < rows; i++) if (market.bars.timestamps[i] - market.bars.timestamps[i - 1] !== market.timeframeMs) runs++;

    console.log(
      `features bench: ${rows.toLocaleString('en')} synthetic ${market.timeframeMs / 60_000}m bars in ${runs} contiguous runs, ${features.names.length} features ('full' + extras), best of ${ROUNDS}, same machine, same run`,
    );
    console.log(
      `  data: generated ${ms(generated.ms)}, written ${ms(written.ms)}; read (not timed below): Ares ${ms(read.ms)}, pandas ${ms(pandas.readMs)}`,
    );
    console.log(`  Ares (TypeScript, Node ${process.version}):  ${ms(ares.ms)}   runs ${ares.runsMs.map(ms).join(', ')}`);
    console.log(`  pandas ${pandas.pandas} / numpy ${pandas.numpy}:  ${ms(pandas.pandasMs)}   runs ${pandas.runsMs.map(ms).join(', ')}`);
    console.log(
      `  ratio ares/pandas: ${round(ratio, 3)}   (candle features only: Ares ${ms(candleOnly.ms)}, pandas ${ms(pandas.candleOnlyMs)}, ratio ${round(candleRatio, 3)})`,
    );
    console.log(
      `  max |Ares − pandas| where both finite: ${diff.maxAbsDiff.toExponential(2)} over ${diff.compared.toLocaleString('en')} values; NaN-position mismatches: ${diff.nanMismatches}`,
    );
    for (const f of diff.perFeature) {
      console.log(
        `    ${f.name.padEnd(20)} max ${f.maxAbsDiff.toExponential(2).padStart(9)}  at row ${String(f.worstRow).padStart(7)}  NaN mismatches ${f.nanMismatches}`,
      );
    }
    console.log(
      JSON.stringify({
        aresMs: round(ares.ms, 2),
        pandasMs: round(pandas.pandasMs, 2),
        ratio: round(ratio, 4),
        maxAbsDiff: diff.maxAbsDiff,
        nanMismatches: diff.nanMismatches,
        comparedValues: diff.compared,
        rows,
        features: features.names.length,
        runs,
        candleOnly: { aresMs: round(candleOnly.ms, 2), pandasMs: round(pandas.candleOnlyMs, 2), ratio: round(candleRatio, 4) },
        aresRunsMs: ares.runsMs.map((x) => round(x, 2)),
        pandasRunsMs: pandas.runsMs.map((x) => round(x, 2)),
        node: process.version,
        pandas: pandas.pandas,
        numpy: pandas.numpy,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
