import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { startNatsCluster } from './nats-cluster';
import { startNatsServer } from './nats-server-process';

/** Retries `attempt` while a server restarts or a leader is elected: requests fail then, and clients try again. */
async function soon<T>(attempt: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('nats-server restarts and a local cluster', () => {
  it('a server stopped and started on the same port and store keeps its streams and messages', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'ares-nats-restart-spec-'));
    let server = await startNatsServer({ storeDir, keepStore: true });
    try {
      const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      try {
        await (await jetstreamManager(nc)).streams.add({ name: 'R', subjects: ['r.>'] });
        await jetstream(nc).publish('r.a', 'before');
        await server.kill(); // kill -9: only what the store had on disk survives
        server = await startNatsServer({ port: server.port, storeDir, keepStore: true });
        // The same client reconnects to the same address by itself.
        const message = await soon(async () => (await jetstreamManager(nc, { timeout: 1000 })).streams.getMessage('R', { seq: 1 }));
        expect(message?.string()).toBe('before');
      } finally {
        await nc.close();
      }
    } finally {
      await server.stop();
      rmSync(storeDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('three routed nodes hold an R3 stream; a killed node started again catches up on what it missed', async () => {
    const cluster = await startNatsCluster(3);
    let nc: NatsConnection | undefined;
    let only: NatsConnection | undefined;
    try {
      expect(cluster.nodes.map((node) => node.name)).toEqual(['n1', 'n2', 'n3']);
      expect(cluster.url.split(',')).toHaveLength(3);
      nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.add({ name: 'C', subjects: ['c.>'], num_replicas: 3 });
      expect(info.cluster?.replicas).toHaveLength(2);
      const js = jetstream(nc);
      await js.publish('c.a', '1');
      const down = info.cluster!.leader!;
      await cluster.kill(down);
      expect(cluster.node(down).running).toBe(false);
      // Two of three are a quorum: writes go on.
      await soon(() => js.publish('c.a', '2', { timeout: 2000 }));
      await cluster.start(down);

      // Read through the restarted node alone, once it reports itself current.
      only = await connect({ servers: cluster.node(down).url });
      const restarted = only;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const state = await (await jetstreamManager(restarted)).streams.info('C').catch(() => undefined);
        const replica = [
          state?.cluster?.leader === down ? { current: true } : undefined,
          ...(state?.cluster?.replicas ?? []).filter((r) => r.name === down),
        ].find(Boolean);
        if (state?.state.messages === 2 && replica?.current) break;
        if (Date.now() > deadline) throw new Error(`node ${down} did not catch up: ${JSON.stringify(state?.cluster)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await only?.close();
      await nc?.close();
      await cluster.stop();
    }
  }, 60_000);
});
