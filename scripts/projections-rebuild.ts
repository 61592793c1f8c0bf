import { JetStreamEventStore } from '@ares/event-store';
import { connectNats } from '@ares/messaging';
import { KvRunProjections } from '@ares/orchestrator';

/** `npm run projections:rebuild`: throws the run read models away and folds them again from the event store alone. */
async function main(): Promise<void> {
  const natsUrl = process.env.NATS_URL;
  if (!natsUrl) throw new Error('set NATS_URL to the NATS server that holds the event store (e.g. nats://127.0.0.1:4222)');
  const nc = await connectNats(natsUrl, 'projections-rebuild');
  try {
    const started = Date.now();
    const store = await JetStreamEventStore.create(nc);
    const projections = await KvRunProjections.open(nc, store);
    const runs = await projections.rebuild(store);
    process.stdout.write(`rebuilt ${runs} run read model(s) from history in ${Date.now() - started} ms\n`);
  } finally {
    await nc.drain();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`projections:rebuild failed: ${error.message}\n`);
  process.exit(1);
});
