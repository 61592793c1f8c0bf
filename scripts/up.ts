import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStack, replicasFrom } from '@ares/local-stack';

/**
 * The admin's NATS credentials for tools (`npm run provision`, `projections:rebuild`, the nats CLI), in a file only
 * this user can read rather than on the terminal; it goes when the stack stops.
 */
function writeAdminEnv(stack: LocalStack): string | undefined {
  if (!stack.natsAuth) return undefined;
  const file = join(stack.natsAuth.configDir, 'admin.env');
  const lines = Object.entries(stack.natsAdminEnv).map(([name, value]) => `${name}=${value}`);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** `npm run up`: every service as its own process (plus a private nats-server when NATS_URL is unset), until Ctrl-C. */
async function main(): Promise<void> {
  const stack = await LocalStack.start({
    natsUrl: process.env.NATS_URL,
    apiPort: process.env.ARES_API_PORT ? Number(process.env.ARES_API_PORT) : 3000,
    logDir: process.env.ARES_LOG_DIR,
    replicas: replicasFrom(process.argv.slice(2), process.env),
  });
  const adminEnv = writeAdminEnv(stack);
  process.stdout.write(
    `Ares is up.\n  API:  ${stack.apiUrl}  (OpenAPI at ${stack.apiUrl}/docs)\n  NATS: ${stack.natsUrl}\n` +
      (adminEnv ? `  NATS admin credentials: ${adminEnv}  (set -a; . ${adminEnv}; set +a)\n` : '') +
      `  Processes: ${[...stack.services.keys()].join(', ')}\n` +
      `Try: ARES_API_URL=${stack.apiUrl} npx ares run start --symbol BTC/USDT --timeframe 1h --from 2023-01-01 --to 2023-12-31 --watch\n` +
      'Ctrl-C stops everything.\n',
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping…\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  process.stderr.write(`ares up: ${error.message}\n`);
  process.exit(1);
});
