import { benchBootstrap } from './stats-bootstrap';
import { benchPbo } from './stats-pbo';

/**
 * `npm run bench:stats`: libs/stats against numpy (Debian python3-numpy, python3-scipy) in the same run — PBO by CSCV
 * with S = 16 over 200 trials × 8,760 bars, and 10,000 stationary-bootstrap paths of 4,380 bars. Ratios are Ares's
 * time over numpy's (< 1: Ares is faster); the last line is JSON with `pboRatio` and `bootstrapRatio`.
 */
async function main(): Promise<void> {
  const pbo = await benchPbo();
  process.stdout.write(
    `PBO (CSCV, S = 16, 200 trials × 8,760 bars): Ares ${pbo.aresMs.toFixed(1)} ms, numpy ${pbo.numpyMs.toFixed(1)} ms, ratio ${pbo.pboRatio.toFixed(3)}; PBO ${pbo.pboAres} vs ${pbo.pboNumpy}, max |Δ logit| ${pbo.maxLogitDiff.toExponential(1)}\n`,
  );
  const bootstrap = await benchBootstrap();
  process.stdout.write(
    `stationary bootstrap (10,000 paths × 4,380 bars): Ares ${bootstrap.aresMs.toFixed(1)} ms, numpy ${bootstrap.numpyMs.toFixed(1)} ms, ratio ${bootstrap.bootstrapRatio.toFixed(3)}; max |Δ| ${bootstrap.maxDiff.toExponential(1)}\n`,
  );
  if (pbo.pboAres !== pbo.pboNumpy || !(pbo.maxLogitDiff <= 1e-9) || !(bootstrap.maxDiff <= 1e-9)) {
    throw new Error('Ares and numpy disagree beyond 1e-9');
  }
  // The same statistics on the same indices (bootstrapRatio), and with each side drawing its own indices too.
  const bootstrapEndToEndRatio = Math.round(((bootstrap.indexMs + bootstrap.aresMs) / (bootstrap.numpyIndexMs + bootstrap.numpyMs)) * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({ pboRatio: pbo.pboRatio, bootstrapRatio: bootstrap.bootstrapRatio, bootstrapEndToEndRatio, pbo, bootstrap })}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench:stats failed: ${error.message}\n`);
  process.exit(1);
});
