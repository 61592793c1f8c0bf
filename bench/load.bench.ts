import { ALL_SERVICES, isStageName, ServiceNames, STAGE_NAMES, StageName } from '@ares/contracts';
import { rmSync } from 'node:fs';
import { LocalStack, tempLogDir } from '@ares/local-stack';
import { AresApiClient } from '../cli/api-client';
import { percentile, round } from './bench-stats';
import { analyseRun, RunAnalysis } from './load-history';
import { stackCounter } from './load-metrics';
import { registryProblems } from './load-registry';
import { LIGHT_PARAMS, loadRunSpec, MAX_RUNS, stagesThrough } from './load-runs';

/**
 * `npm run bench:load [-- --runs=N --through=STAGE --keep-logs]`: N (default 50) runs posted at once to one local stack (nats-server
 * and every worker twice, as separate processes), each through STAGE (default report: all fifteen) on its own 4-week window; every
 * run's history checked for lost and duplicated events; wall time, stage-transition latency and run time reported.
 * There is no peer to run beside it: the figures stand alone.
 */
const REPLICAS = 2;
const WORKERS = ALL_SERVICES.filter((service) => service !== ServiceNames.orchestrator);
const DEADLINE_MS = 30 * 60_000;
const POLL_MS = 1000;

function flag(name: string): string | undefined {
  const arg = process.argv.slice(2).find((candidate) => candidate.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const p = (values: number[], q: number) => (values.length ? percentile(values, q) : NaN);

/** Posts every spec at once (through the API client, so ARES_API_TOKEN is sent when set); the run ids in order. */
async function startAll(api: AresApiClient, specs: Record<string, unknown>[]): Promise<string[]> {
  return Promise.all(specs.map(async (spec) => (await api.startRun(spec)).runId));
}

/** Until no run is running (one list request a second, so watching adds little load), or the deadline. */
async function waitForAll(api: AresApiClient, runIds: string[], startedAt: number): Promise<{ statuses: Map<string, string>; listMs: number[] }> {
  const wanted = new Set(runIds);
  const listMs: number[] = [];
  let lastReport = 0;
  for (;;) {
    const asked = Date.now();
    const listed = await api.listRuns();
    listMs.push(Date.now() - asked);
    if (listMs.at(-1)! > 5000) out(`  [${((asked - startedAt) / 1000).toFixed(0).padStart(4)} s] GET /runs took ${listMs.at(-1)} ms`);
    const statuses = new Map(listed.filter((run) => wanted.has(run.runId)).map((run) => [run.runId, run.status as string]));
    const counts = { completed: 0, failed: 0, cancelled: 0, running: 0 };
    for (const runId of runIds) counts[(statuses.get(runId) ?? 'running') as keyof typeof counts]++;
    const elapsed = Date.now() - startedAt;
    if (counts.running === 0) return { statuses, listMs };
    if (elapsed - lastReport >= 10_000) {
      lastReport = elapsed;
      out(`  [${(elapsed / 1000).toFixed(0).padStart(4)} s] running ${counts.running}, completed ${counts.completed}, failed ${counts.failed}`);
    }
    if (elapsed > DEADLINE_MS) throw new Error(`${counts.running} of ${runIds.length} runs still running after ${DEADLINE_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function stageTable(stages: readonly StageName[], analyses: RunAnalysis[]): string[] {
  const of = (key: 'durations' | 'pickups' | 'transitions', stage: string) =>
    analyses.flatMap((analysis) => analysis[key].filter((entry) => entry.stage === stage).map((entry) => entry.ms));
  const rows = [['stage', 'done', 'run p50 s', 'run p99 s', 'pickup p50 ms', 'pickup p99 ms', 'in-transition p50 ms', 'p99 ms']];
  for (const stage of stages) {
    const durations = of('durations', stage);
    const pickups = of('pickups', stage);
    const transitions = of('transitions', stage);
    rows.push([
      stage,
      String(durations.length),
      (p(durations, 50) / 1000).toFixed(2),
      (p(durations, 99) / 1000).toFixed(2),
      String(p(pickups, 50)),
      String(p(pickups, 99)),
      transitions.length ? String(p(transitions, 50)) : '—',
      transitions.length ? String(p(transitions, 99)) : '—',
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
}

async function main(): Promise<number> {
  const runs = Number(flag('runs') ?? MAX_RUNS);
  const through = flag('through') ?? 'report';
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`--runs must be 1 to ${MAX_RUNS}`);
  if (!isStageName(through)) throw new Error(`--through: '${through}' is not a stage`);
  const stages = stagesThrough(through);
  const specs = Array.from({ length: runs }, (_, i) => loadRunSpec(i, stages));
  const replicas = Object.fromEntries(WORKERS.map((service) => [service, REPLICAS]));
  const logDir = tempLogDir('ares-bench-load-');
  const disabled = STAGE_NAMES.filter((name) => !stages.includes(name));
  out(`bench:load — ${runs} concurrent runs through ${through}: ${stages.join(', ')}; disabled: ${disabled.join(', ') || 'none'}`);
  out(`  small budgets: ${JSON.stringify(LIGHT_PARAMS)}`);
  out(`  runs: 1h candles, BTC/USDT and ETH/USDT alternately, 4-week windows a fortnight apart in 2023, seeds 42…${41 + runs}`);
  out(`  stack: nats-server + orchestrator + ${REPLICAS} replicas of each worker (${WORKERS.join(', ')}); logs in ${logDir}`);
  out(`  no peer: there is nothing comparable to run beside it`);

  let keepLogs = true;
  const stack = await LocalStack.start({ logDir, replicas, readyTimeoutMs: 90_000, env: { ARES_LOG_LEVEL: 'warn' } });
  const stop = () => void stack.stop().finally(() => process.exit(130));
  const natsAuth = stack.natsAuth ? 'on (a user per service)' : 'off';
  out(`  NATS authentication ${natsAuth}; API token ${process.env.ARES_API_TOKEN ? 'on' : 'off'}`);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const api = new AresApiClient(stack.apiUrl);
    const startedAt = Date.now();
    const runIds = await startAll(api, specs);
    out(`  ${runIds.length} runs accepted in ${Date.now() - startedAt} ms`);
    const { statuses, listMs } = await waitForAll(api, runIds, startedAt);
    const analyses: RunAnalysis[] = [];
    let events = 0;
    for (const runId of runIds) {
      const history = await api.getEvents(runId);
      events += history.length;
      analyses.push(analyseRun(runId, history, statuses.get(runId)!));
    }
    // Completed runs registered their model (save-model): one version each, numbers never handed out twice.
    const registry = stages.includes('save-model')
      ? registryProblems(
          await Promise.all((await api.listModels()).map((model) => api.getModel(model.name))),
          analyses.filter((analysis) => analysis.completed).map((analysis) => analysis.runId),
        )
      : [];
    // Under load a message may be redelivered (ack wait passed while queued work waited); none may be dead-lettered.
    const metricsUrls = [...stack.services.keys()].map((name) => stack.metricsUrl(name));
    const redeliveries = await stackCounter(metricsUrls, 'ares_message_redeliveries_total');
    const deadLetters = await stackCounter(metricsUrls, 'ares_dead_letters_total');
    const dead = [...stack.services].filter(([, service]) => !service.running).map(([name]) => name);

    const all = (key: 'transitions' | 'pickups') => analyses.flatMap((analysis) => analysis[key].map((entry) => entry.ms));
    const transitions = all('transitions');
    const pickups = all('pickups');
    const runTimes = analyses.filter((analysis) => analysis.completed).map((analysis) => analysis.runMs);
    const sum = (key: 'lostEvents' | 'duplicateEvents' | 'failedAttempts' | 'cachedStages') =>
      analyses.reduce((total, analysis) => total + analysis[key], 0);
    const result = {
      runs,
      completed: analyses.filter((analysis) => analysis.completed).length,
      wallSeconds: round((Math.max(...analyses.map((analysis) => analysis.endedAtMs)) - startedAt) / 1000, 1),
      transitionP50Ms: p(transitions, 50),
      transitionP99Ms: p(transitions, 99),
      transitions: transitions.length,
      pickupP50Ms: p(pickups, 50),
      pickupP99Ms: p(pickups, 99),
      runP50Seconds: round(p(runTimes, 50) / 1000, 1),
      runP99Seconds: round(p(runTimes, 99) / 1000, 1),
      listRunsP50Ms: p(listMs, 50),
      listRunsMaxMs: Math.max(...listMs),
      events,
      lostEvents: sum('lostEvents'),
      duplicateEvents: sum('duplicateEvents'),
      failedAttempts: sum('failedAttempts'),
      cachedStages: sum('cachedStages'),
      redeliveries,
      deadLetters,
      registryProblems: registry.length,
      stages,
      replicas: REPLICAS,
      stageConcurrency: Number(process.env.ARES_STAGE_CONCURRENCY ?? 2),
      processesDown: dead,
      peer: null,
    };
    out();
    out(stageTable(stages, analyses).join('\n'));
    out();
    out(`runs: ${result.completed}/${runs} completed in ${result.wallSeconds} s wall (first POST → last RunCompleted committed)`);
    out(`run time (RunStarted → RunCompleted committed): p50 ${result.runP50Seconds} s, p99 ${result.runP99Seconds} s`);
    out(
      `stage transition (a worker publishes StageCompleted → the orchestrator has committed the next StageDispatched; ` +
        `its 'at' to the commit's occurredAt, 1 ms resolution): p50 ${result.transitionP50Ms} ms, p99 ${result.transitionP99Ms} ms over ${result.transitions} transitions`,
    );
    out(
      `pickup (StageDispatched committed → a worker's StageStarted; includes waiting for one of the ${REPLICAS}×${result.stageConcurrency} slots per service): ` +
        `p50 ${result.pickupP50Ms} ms, p99 ${result.pickupP99Ms} ms`,
    );
    out(
      `GET /runs while they ran (the bench's once-a-second poll): p50 ${result.listRunsP50Ms} ms, max ${result.listRunsMaxMs} ms over ${listMs.length} requests`,
    );
    out(
      `history: ${events} events; ${result.lostEvents} lost, ${result.duplicateEvents} duplicated events; ${result.failedAttempts} failed attempts; ` +
        `${result.cachedStages} stage outputs from the cache; ${redeliveries} redeliveries, ${deadLetters} dead letters (Prometheus, every process)`,
    );
    if (stages.includes('save-model'))
      out(`registry: ${registry.length === 0 ? 'one version per run, numbers 1..n per name' : registry.slice(0, 5).join('; ')}`);
    const broken = analyses.filter((analysis) => analysis.problems.length > 0 || !analysis.completed);
    for (const analysis of broken.slice(0, 10)) {
      const spec = specs[runIds.indexOf(analysis.runId)];
      out(`  ${analysis.runId} (${spec.symbol} ${spec.from} → ${spec.to}): ${analysis.problems.slice(0, 5).join('; ')}`);
    }
    if (dead.length > 0) out(`processes that exited during the bench: ${dead.join(', ')} (logs in ${logDir})`);
    out(JSON.stringify(result));
    const passed = broken.length === 0 && dead.length === 0 && registry.length === 0 && deadLetters === 0 && result.completed === runs;
    keepLogs = !passed || process.argv.includes('--keep-logs');
    return passed ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await stack.stop();
    // The logs are kept for a run that failed (the output names where), removed otherwise.
    if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench:load failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
