import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Subjects } from '@ares/contracts';
import { connectNats, durableConsumers } from '@ares/messaging';
import { freePort, NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { provisionAres } from '@ares/provisioning';
import { renderOverlay } from './render-overlay';

/* eslint-disable @typescript-eslint/no-explicit-any -- /jsz JSON and rendered YAML */

/** What KEDA's nats-jetstream scaler reads: /jsz?acc=<account>&consumers=true&config=true on the monitoring port. */
async function jsz(monitorPort: number, account: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${monitorPort}/jsz?acc=${account}&consumers=true&config=true`);
  expect(response.status).toBe(200);
  return response.json();
}

/** The scaler's lag for one trigger: num_pending + num_ack_pending of its consumer, or undefined when it is missing. */
function lagOf(body: any, metadata: Record<string, string>): number | undefined {
  const account = (body.account_details ?? []).find((a: any) => a.name === metadata.account);
  const stream = (account?.stream_detail ?? []).find((s: any) => s.name === metadata.stream);
  const consumer = (stream?.consumer_detail ?? []).find((c: any) => c.name === metadata.consumer);
  return consumer ? consumer.num_pending + consumer.num_ack_pending : undefined;
}

// A real nats-server with its monitoring port, provisioned as the Kubernetes Job does (provisionAres): every
// production trigger must name a consumer that exists there before any service starts.
describe('KEDA triggers against a provisioned nats-server', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let monitorPort: number;
  const triggers = renderOverlay('production')
    .filter((o) => o.kind === 'ScaledObject')
    .flatMap((o) => o.spec.triggers.map((t: any) => ({ scaled: o.metadata.name as string, metadata: t.metadata as Record<string, string> })));

  beforeAll(async () => {
    monitorPort = await freePort();
    nats = await startNatsServer({ extraArgs: ['-m', String(monitorPort)] });
    nc = await connectNats(nats.url, 'k8s-live-check');
    await provisionAres(nc, { replicas: 1 });
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await nats?.stop();
  });

  it('every trigger names a consumer that exists after provisioning, with no lag yet', async () => {
    expect(triggers.length).toBeGreaterThan(0);
    const accounts = new Set(triggers.map((t) => t.metadata.account));
    expect([...accounts]).toEqual(['$G']); // no accounts in the config: users live in the global account
    const body = await jsz(monitorPort, '$G');
    expect(triggers.map((t) => ({ ...t, lag: lagOf(body, t.metadata) }))).toEqual(triggers.map((t) => ({ ...t, lag: 0 })));
  });

  it("the provisioned consumers' filters are the services' own", async () => {
    const body = await jsz(monitorPort, '$G');
    const onServer = new Map<string, string>();
    for (const stream of body.account_details[0].stream_detail)
      for (const consumer of stream.consumer_detail ?? []) onServer.set(`${stream.name}/${consumer.name}`, consumer.config?.filter_subject);
    for (const c of durableConsumers())
      expect({ consumer: `${c.stream}/${c.durable}`, filter: onServer.get(`${c.stream}/${c.durable}`) }).toEqual({
        consumer: `${c.stream}/${c.durable}`,
        filter: c.filterSubject,
      });
  });

  it("a stage command waiting for the optimizer is lag on the optimizer's trigger only", async () => {
    await jetstream(nc).publish(Subjects.stageCommandsFor('optimizer-service').replace('>', 'hpo'), '{}');
    const body = await jsz(monitorPort, '$G');
    const lags = Object.fromEntries(triggers.map((t) => [`${t.scaled}:${t.metadata.consumer}`, lagOf(body, t.metadata)]));
    expect(lags['optimizer-service:optimizer-service-ares_cmd_stage_optimizer-service_all']).toBe(1);
    expect(Object.values(lags).reduce((sum: number, lag) => sum + (lag ?? 0), 0)).toBe(1);
  });
});
