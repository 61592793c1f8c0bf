import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { AresApiClient } from './api-client';
import type { TextSink } from './data-commands';
import { renderStages } from './run-view';
import { buildRunSpec, CliUsageError, RunSpecFlags } from './run-spec-flags';
import { renderWalkForward } from './walk-forward-table';
import { renderLuck } from './luck-summary';

/** What the run commands talk to and write to; a test passes its own. */
export interface RunCommandDeps {
  api?: () => AresApiClient;
  stdout?: TextSink;
  /** Poll interval of `watch`. */
  watchIntervalMs?: number;
  /** Where `watch` leaves its verdict; process.exitCode unless a test keeps it. */
  setExitCode?: (code: number) => void;
}

const FINISHED = ['completed', 'failed', 'cancelled'];
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Follows a run until it ends: one table per visible change while it runs, then the final table once,
 * with metrics and the walk-forward table. Returns the exit code: 0 when the run completed.
 */
export async function watchRun(api: AresApiClient, runId: string, stdout: TextSink, intervalMs?: number): Promise<number> {
  const run = await api.watch(
    runId,
    (current) => {
      // The final state is printed below, with its metrics; printing it here as well showed it twice.
      if (!FINISHED.includes(current.status)) stdout.write(`${renderStages(current)}\n`);
    },
    { intervalMs },
  );
  stdout.write(`${renderStages(run, { metrics: true })}\n`);
  const table = renderWalkForward(run);
  if (table) stdout.write(`${table}\n`);
  const luck = renderLuck(run);
  if (luck) stdout.write(`${luck}\n`);
  return run.status === 'completed' ? 0 : 1;
}

/** The spec file named by `--spec`, parsed; a missing or malformed file is a usage error naming the flag. */
export function readSpecFile(path: string | undefined): unknown {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--spec ${path}: cannot read it (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--spec ${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** `ares run start` and `ares runs list|show|watch|events|cancel|resume|report`: the orchestrator's HTTP API. */
export function registerRunCommands(program: Command, deps: RunCommandDeps = {}): void {
  const api = deps.api ?? (() => new AresApiClient());
  const stdout = deps.stdout ?? process.stdout;
  const setExitCode =
    deps.setExitCode ??
    ((code: number) => {
      process.exitCode = code;
    });
  const watch = async (runId: string) => setExitCode(await watchRun(api(), runId, stdout, deps.watchIntervalMs));

  program
    .command('run')
    .description('start runs')
    .command('start')
    .description('start a run; prints its id. Flags override the fields of --spec; the server validates the result')
    .option('--spec <file>', 'a RunSpec JSON file (or {"spec": RunSpec})')
    .option('--symbol <symbol>', 'e.g. BTC/USDT')
    .option('--timeframe <tf>', 'e.g. 1h')
    .option('--from <date>', 'inclusive start, ISO 8601')
    .option('--to <date>', 'exclusive end, ISO 8601')
    .option('--exchange <id>', 'ccxt exchange id (default binance)')
    .option('--source <source>', 'file | exchange (default file)')
    .option('--model <model>', 'ensemble | gbdt | logistic (default ensemble)')
    .option('--market <market>', 'spot | perpetual (default spot)')
    .option('--gap-policy <policy>', "what missing bars do, e.g. segment | mask | fail | forward-fill (default: the server's)")
    .option('--seed <n>', 'random seed (integer)')
    .option('--extra-series <list>', 'comma-separated, e.g. agg-trades,funding,open-interest (exchange source)')
    .option('--fee-bps <bps>', 'taker fee per side, basis points')
    .option('--slippage-bps <bps>', 'slippage per side, basis points')
    .option('--retries <STAGE=N>', 'extra attempts of a stage after its first failure (repeatable)', collect)
    .option('--timeout <STAGE=SECONDS>', 'time limit of one attempt of a stage (repeatable)', collect)
    .option('--disable <stage>', 'skip a stage (repeatable)', collect)
    .option('--param <STAGE.path=VALUE>', 'set spec.stages[STAGE].params.path; VALUE is JSON if it parses, else a string (repeatable)', collect)
    .option('--watch', 'follow the run until it ends')
    .action(async (options: RunSpecFlags & { spec?: string; watch?: boolean }) => {
      const { spec: specFile, watch: follow, ...flags } = options;
      const spec = buildRunSpec(readSpecFile(specFile), flags);
      const { runId } = await api().startRun(spec);
      stdout.write(`${runId}\n`);
      if (follow) await watch(runId);
    });

  const runs = program.command('runs').description('inspect runs');
  runs
    .command('list')
    .option('--status <status>', 'running | completed | failed | cancelled')
    .action(async (options) => {
      const list = await api().listRuns(options.status);
      if (list.length === 0) stdout.write('no runs\n');
      for (const item of list) {
        stdout.write(
          `${item.runId}  ${item.status.padEnd(9)}  ${item.symbol} ${item.timeframe} ${item.from} → ${item.to}  ${item.createdAt ?? ''}\n`,
        );
      }
    });
  runs
    .command('show <runId>')
    .option('--json', 'print the raw JSON')
    .action(async (runId: string, options) => {
      const detail = await api().getRun(runId);
      if (options.json) stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
      else stdout.write(`${[renderStages(detail, { metrics: true }), renderLuck(detail)].filter(Boolean).join('\n')}\n`);
    });
  runs.command('watch <runId>').description('live per-stage progress; exit code 0 when the run completed, 1 otherwise').action(watch);
  runs.command('events <runId>').action(async (runId: string) => {
    for (const event of await api().getEvents(runId)) stdout.write(`${String(event.version).padStart(4)}  ${event.occurredAt}  ${event.type}\n`);
  });
  runs
    .command('cancel <runId>')
    .option('--reason <text>')
    .action(async (runId: string, options) => {
      const result = await api().cancelRun(runId, options.reason);
      stdout.write(`${result.runId}: ${result.status}\n`);
    });
  runs.command('resume <runId>').action(async (runId: string) => {
    const result = await api().resumeRun(runId);
    stdout.write(`${result.runId}: ${result.status}\n`);
  });
  runs
    .command('report <runId>')
    .description("save the run's self-contained HTML report")
    .option('-o, --output <file>', 'where to write it (default <runId>.html)')
    .action(async (runId: string, options: { output?: string }) => {
      const html = await api().getReport(runId);
      const file = options.output ?? `${runId}.html`;
      writeFileSync(file, html);
      stdout.write(`${file} (${Buffer.byteLength(html)} bytes)\n`);
    });
}
