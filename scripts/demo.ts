import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalStack, replicasFrom, tempLogDir } from '@ares/local-stack';
import { AresApiClient } from '../cli/api-client';
import { renderStages } from '../cli/run-view';
import { renderWalkForward } from '../cli/walk-forward-table';
import { renderLuck } from '../cli/luck-summary';

const DEMO_SPEC = { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h', from: '2023-01-01', to: '2024-01-01', source: 'file', seed: 42 };

/** `--model=gbdt|logistic|ensemble` runs the demo with that model kind (default: the RunSpec's default). */
function modelFrom(argv: readonly string[]): { model?: string } {
  const flag = argv.find((arg) => arg.startsWith('--model='));
  return flag ? { model: flag.slice('--model='.length) } : {};
}

/** `npm run demo`: start the stack, run the embedded 2023 BTC/USDT 1h sample through every stage, show the results. */
async function main(): Promise<number> {
  const started = Date.now();
  const logDir = tempLogDir('ares-demo-');
  // Two validators by default: walk-forward and the CPCV splits (units of work) then use both cores.
  const replicas = { 'validator-service': 2, ...replicasFrom(process.argv.slice(2), process.env) };
  process.stdout.write(
    `Starting Ares (nats-server + 5 services${Object.keys(replicas).length ? `, replicas ${JSON.stringify(replicas)}` : ''}; logs in ${logDir})…\n`,
  );
  const stack = await LocalStack.start({ natsUrl: process.env.NATS_URL, logDir, replicas });
  try {
    const api = new AresApiClient(stack.apiUrl);
    process.stdout.write(`Stack healthy in ${((Date.now() - started) / 1000).toFixed(1)} s at ${stack.apiUrl}\n`);
    const spec = { ...DEMO_SPEC, ...modelFrom(process.argv.slice(2)) };
    process.stdout.write(`Starting a run: ${JSON.stringify(spec)}\n`);
    const { runId } = await api.startRun(spec);
    const run = await api.watch(
      runId,
      (current) => {
        const line = current.stages.map((stage) => `${stage.name}=${stage.status}`).join('  ');
        process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${current.status.padEnd(9)} ${line}\n`);
      },
      { timeoutMs: 5 * 60_000 },
    );
    process.stdout.write(`\nPer-stage results:\n${renderStages(run, { metrics: true })}\n`);
    const validate = run.stages.find((stage) => stage.name === 'validate-data') as { summary?: { findings?: unknown[] } } | undefined;
    const findings = validate?.summary?.findings ?? [];
    if (findings.length > 0)
      process.stdout.write(`\nData-quality findings:\n${findings.map((finding) => `  ${JSON.stringify(finding)}`).join('\n')}\n`);
    const table = renderWalkForward(run);
    if (table) process.stdout.write(`\n${table}\n`);
    const luck = renderLuck(run);
    if (luck) process.stdout.write(`\n${luck}\n`);
    const study = describeStudy(run);
    if (study) process.stdout.write(`\n${study}\n`);
    const stageSha = (name: string) =>
      (run.stages.find((stage) => stage.name === name) as { summary?: { modelSha256?: string } } | undefined)?.summary?.modelSha256;
    const deployed = (run as { spec?: { model?: string } }).spec?.model ?? spec.model;
    const baseline = stageSha('train');
    const ensemble = stageSha('meta-learner');
    if (baseline) process.stdout.write(`\nSingle-model baseline (train, ONNX) sha256 ${baseline}\n`);
    if (ensemble) process.stdout.write(`Stacked ensemble with meta-labels (meta-learner, one ONNX graph) sha256 ${ensemble}\n`);
    if (deployed) process.stdout.write(`Deployed model: ${deployed === 'ensemble' ? 'the stacked ensemble' : `the ${deployed} baseline`}\n`);
    const ab = run.stages.find((stage) => stage.name === 'ab-setup') as
      { summary?: { name?: string; version?: number; decision?: string; reason?: string } } | undefined;
    if (ab?.summary?.name) {
      const { name, version, decision, reason } = ab.summary;
      process.stdout.write(`Registry: ${name} v${version} is ${decision} (${reason}); GET /models/${name}/versions/${version} for its card\n`);
    }
    if (run.stages.some((stage) => stage.name === 'report' && stage.status === 'completed')) {
      const dir = resolve('.ares', 'reports');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${runId}.html`);
      writeFileSync(file, await api.getReport(runId));
      process.stdout.write(
        `\nReport: ${file} (served at ${stack.apiUrl}/runs/${runId}/report while a stack runs; ares runs report ${runId} -o file.html)\n`,
      );
    }
    process.stdout.write(
      `\nHistory: ${(await api.getEvents(runId)).length} events. Demo wall time ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    return run.status === 'completed' ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

/** One paragraph on what the optimizer chose, from the run's projection. */
function describeStudy(run: { stages: { name: string; metrics: Record<string, number>; summary?: unknown }[] }): string | undefined {
  const coarse = run.stages.find((stage) => stage.name === 'coarse-optimization');
  const hpo = run.stages.find((stage) => stage.name === 'hpo');
  const chosen = (hpo?.summary as { chosen?: { id: string; params: Record<string, unknown> } } | undefined)?.chosen;
  if (!coarse || !hpo || !chosen) return undefined;
  const kept = (coarse.summary as { kept?: string[]; selectionRule?: string } | undefined) ?? {};
  const params = Object.entries(chosen.params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(3)) : String(value)}`)
    .join(' ');
  return [
    `Features: ${coarse.metrics.features} kept of ${coarse.metrics.features + coarse.metrics.featuresDropped} (clusters ${kept.kept?.join(', ')}; rule ${kept.selectionRule}).`,
    `Study: ${hpo.metrics.trials} configurations tried (${hpo.metrics.coarseTrials} coarse, ${hpo.metrics.hpoTrials} hpo, ${hpo.metrics.prunedTrials} pruned); ` +
      `chosen ${chosen.id}: ${params}, ${hpo.metrics.chosenRounds} rounds; purged-CV Sharpe ${hpo.metrics.bestSharpe.toFixed(2)} ` +
      `on the rows before the first walk-forward window (not a forecast: walk-forward above is the honest figure).`,
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`demo failed: ${error.message}\n`);
    process.exit(1);
  },
);
