import { createLogger } from '@ares/logging';
import { connectNats } from '@ares/messaging';
import { provisionAres } from '@ares/provisioning';

/**
 * `npm run provision` (the Kubernetes provisioning Job, and LocalStack's first step): creates every stream, KV bucket,
 * object store and durable consumer Ares uses, as the NATS admin user, so services can run with
 * ARES_PROVISIONING=external. Reads NATS_URL, the admin's NATS_USER with NATS_PASSWORD or NATS_PASSWORD_FILE (or
 * NATS_CREDS_FILE), ARES_STREAM_REPLICAS (default 1), and ARES_ACK_WAIT_MS / ARES_MAX_DELIVER as the services do.
 */
async function main(): Promise<void> {
  const natsUrl = process.env.NATS_URL;
  if (!natsUrl) throw new Error('set NATS_URL to the NATS server to provision (e.g. nats://127.0.0.1:4222)');
  const replicas = Number(process.env.ARES_STREAM_REPLICAS ?? 1);
  const logger = createLogger('provision');
  const nc = await connectNats(natsUrl, 'provision', { logger, attempts: 10 });
  try {
    const report = await provisionAres(nc, { replicas, logger });
    process.stdout.write(
      `provisioned ${report.streams.length} streams, ${report.kvBuckets.length} KV buckets, ${report.objectStores.length} object stores, ` +
        `${report.consumers.length} durable consumers (replicas ${replicas})\n`,
    );
  } finally {
    await nc.drain();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`provision failed: ${error.message}\n`);
  process.exit(1);
});
