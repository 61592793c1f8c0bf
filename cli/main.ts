import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { AresApiClient } from './api-client';
import { registerDataCommands } from './data-commands';
import { renderStages } from './run-view';
import { renderWalkForward } from './walk-forward-table';

function client(): AresApiClient {
  return new AresApiClient();
}

async function watchRun(runId: string): Promise<number> {
  const run = await client().watch(runId, (current) => process.stdout.write(`${renderStages(current)}\n`));
  process.stdout.write(`${renderStages(run, { metrics: true })}\n`);
  const table = renderWalkForward(run);
  if (table) process.stdout.write(`${table}\n`);
  return run.status === 'completed' ? 0 : 1;
}

export function buildProgram(): Command {
  const program = new Command('ares').description('Ares: train and validate crypto trading models').showHelpAfterError();

  const run = program.command('run').description('start runs');
  run
    .command('start')
    .description('start a run; prints its id')
    .option('--symbol <symbol>', 'e.g. BTC/USDT')
    .option('--timeframe <tf>', 'e.g. 1h')
    .option('--from <date>', 'inclusive start, ISO 8601')
    .option('--to <date>', 'exclusive end, ISO 8601')
    .option('--exchange <id>', 'ccxt exchange id (default binance)')
    .option('--source <source>', 'file | exchange (default file)')
    .option('--seed <n>', 'random seed', (value) => Number.parseInt(value, 10))
    .option('--spec <file>', 'a RunSpec JSON file; flags override its fields')
    .option('--watch', 'follow the run until it ends')
    .action(async (options) => {
      const base = options.spec ? JSON.parse(readFileSync(options.spec, 'utf8')) : {};
      const spec = { ...base };
      for (const field of ['symbol', 'timeframe', 'from', 'to', 'exchange', 'source', 'seed'] as const) {
        if (options[field] !== undefined) spec[field] = options[field];
      }
      const { runId } = await client().startRun(spec);
      process.stdout.write(`${runId}\n`);
      if (options.watch) process.exitCode = await watchRun(runId);
    });

  const runs = program.command('runs').description('inspect runs');
  runs
    .command('list')
    .option('--status <status>', 'pending | running | completed | failed | cancelled')
    .action(async (options) => {
      const list = await client().listRuns(options.status);
      if (list.length === 0) process.stdout.write('no runs\n');
      for (const item of list) {
        process.stdout.write(
          `${item.runId}  ${item.status.padEnd(9)}  ${item.symbol} ${item.timeframe} ${item.from} → ${item.to}  ${item.createdAt ?? ''}\n`,
        );
      }
    });
  runs
    .command('show <runId>')
    .option('--json', 'print the raw JSON')
    .action(async (runId: string, options) => {
      const detail = await client().getRun(runId);
      process.stdout.write(options.json ? `${JSON.stringify(detail, null, 2)}\n` : `${renderStages(detail, { metrics: true })}\n`);
    });
  runs
    .command('watch <runId>')
    .description('live per-stage progress; exit code 0 when the run completed, 1 otherwise')
    .action(async (runId: string) => {
      process.exitCode = await watchRun(runId);
    });
  runs.command('events <runId>').action(async (runId: string) => {
    for (const event of await client().getEvents(runId))
      process.stdout.write(`${String(event.version).padStart(4)}  ${event.occurredAt}  ${event.type}\n`);
  });
  runs
    .command('cancel <runId>')
    .option('--reason <text>')
    .action(async (runId: string, options) => {
      const result = await client().cancelRun(runId, options.reason);
      process.stdout.write(`${result.runId}: ${result.status}\n`);
    });
  registerDataCommands(program);

  runs.command('resume <runId>').action(async (runId: string) => {
    const result = await client().resumeRun(runId);
    process.stdout.write(`${result.runId}: ${result.status}\n`);
  });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`ares: ${error.message}\n`);
      process.exit(2);
    });
}
