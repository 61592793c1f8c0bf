import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '@ares/messaging';
import { freePort, NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { provisionAres } from '@ares/provisioning';
import { renderOverlay } from './render-overlay';

/* eslint-disable @typescript-eslint/no-explicit-any -- /jsz and /varz JSON, rendered YAML */

interface Node {
  name: string;
  port: number;
  clusterPort: number;
  monitorPort: number;
  process?: NatsServerProcess;
}

const get = async (port: number, path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).json() as Promise<any>;

/**
 * Production's NATS as three local servers: each named like its pod (server_name: $POD_NAME), routes, no_advertise, a
 * monitoring port, streams R3 by provisionAres. KEDA's scaler, on a cluster, reads /jsz of the endpoint, sees
 * cluster_size > 1, reads /varz, and with no advertised client URLs looks for each consumer's leader by server name
 * (in Kubernetes, <name>.nats-headless); here the name maps to that server's monitoring port.
 */
describe("KEDA's cluster path against a 3-node JetStream cluster, R3", () => {
  const nodes: Node[] = [];
  let nc: NatsConnection;
  const triggers = renderOverlay('production')
    .filter((o) => o.kind === 'ScaledObject')
    .flatMap((o) => o.spec.triggers.map((t: any) => t.metadata as Record<string, string>));

  beforeAll(async () => {
    for (let i = 0; i < 3; i++)
      nodes.push({ name: `nats-${i}`, port: await freePort(), clusterPort: await freePort(), monitorPort: await freePort() });
    await Promise.all(
      nodes.map(async (node) => {
        const routes = nodes.filter((other) => other !== node).map((other) => `nats://127.0.0.1:${other.clusterPort}`);
        node.process = await startNatsServer({
          port: node.port,
          extraArgs: [
            '--server_name',
            node.name,
            '--cluster_name',
            'ares',
            '--cluster',
            `nats://127.0.0.1:${node.clusterPort}`,
            '--routes',
            routes.join(','),
            '--no_advertise',
            '-m',
            String(node.monitorPort),
          ],
        });
      }),
    );
    nc = await connectNats(nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(','), 'k8s-cluster-check', { attempts: 20 });
    // The meta leader is elected a moment after the routes connect: the provisioning Job retries the same way (backoffLimit).
    for (let attempt = 1; ; attempt++) {
      try {
        await provisionAres(nc, { replicas: 3 });
        break;
      } catch (error) {
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, 60_000);

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await Promise.all(nodes.map((node) => node.process?.stop()));
  });

  it("finds every trigger's consumer at its leader, by server name, with three replicas", async () => {
    const entry = nodes[0];
    const first = await get(entry.monitorPort, `/jsz?acc=$G&consumers=true&config=true`);
    expect(first.meta_cluster?.cluster_size).toBe(3); // > 1: the scaler takes its cluster path
    const varz = await get(entry.monitorPort, '/varz');
    expect(varz.connect_urls ?? []).toEqual([]); // no_advertise: the scaler goes by server names, not pod IPs
    expect(varz.server_name).toBe('nats-0');

    const byName = new Map(nodes.map((node) => [node.name, node]));
    const found = [];
    for (const metadata of triggers) {
      let leaderSeen: { leader: string; replicas: number } | undefined;
      for (const name of byName.keys()) {
        const body = await get(byName.get(name)!.monitorPort, `/jsz?acc=${metadata.account}&consumers=true&config=true`);
        const account = (body.account_details ?? []).find((a: any) => a.name === metadata.account);
        const stream = (account?.stream_detail ?? []).find((s: any) => s.name === metadata.stream);
        const consumer = (stream?.consumer_detail ?? []).find((c: any) => c.name === metadata.consumer);
        if (consumer?.cluster?.leader === name) leaderSeen = { leader: name, replicas: 1 + (stream.cluster?.replicas?.length ?? 0) };
      }
      found.push({ consumer: metadata.consumer, atItsLeader: leaderSeen !== undefined, streamReplicas: leaderSeen?.replicas });
    }
    expect(found).toEqual(triggers.map((t) => ({ consumer: t.consumer, atItsLeader: true, streamReplicas: 3 })));
  });
});
