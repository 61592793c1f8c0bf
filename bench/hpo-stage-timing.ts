import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { Buckets } from '@ares/contracts';
import { LocalStack, tempLogDir } from '@ares/local-stack';
import { AresApiClient, RunView } from '../cli/api-client';

/** The demo's RunSpec: the hpo stage as `npm run demo` runs it, on the embedded 2023 BTC/USDT 1h sample. */
const SPEC = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01', seed: 42, stages: { 'walk-forward': { enabled: false } } };

export interface StageTiming {
  /** hpo wall time (its StageStarted → StageCompleted) per replica count, seconds, one per repeat. */
  seconds: Record<string, number[]>;
  replicaSpeedup2: number;
  /** The same study at both counts (its trials and choice): a speedup that changed the result would not count. */
  sameStudy: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Times the hpo stage with 2 optimizer-service replicas, then with 1 (the second stopped), on the same stack, the
 * stage cache emptied before each run so every stage computes. Runs are interleaved (2, 1, 2, 1, …) so drift in the
 * machine's load falls on both counts alike; the speedup is the ratio of the medians.
 */
export async function measureReplicaSpeedup(repeats = 3): Promise<StageTiming> {
  const stack = await LocalStack.start({ logDir: tempLogDir('ares-bench-hpo-'), replicas: { 'optimizer-service': 2 } });
  const nc = await connect({ servers: stack.natsUrl });
  try {
    const api = new AresApiClient(stack.apiUrl);
    const cache = await new Kvm(nc).open(Buckets.stageCache);
    const seconds: Record<string, number[]> = { '1': [], '2': [] };
    const studies: unknown[] = [];
    const second = stack.replicasOf('optimizer-service')[1];
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const replicas of [2, 1]) {
        if (replicas === 2 && !second.running) {
          second.start();
          // Give it time to connect and bind its consumers before the run starts.
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
        if (replicas === 1) await second.stop();
        for await (const key of await cache.keys()) await cache.purge(key);
        const { runId } = await api.startRun(SPEC);
        const run = await waitFor(api, runId);
        const hpo = run.stages.find((stage) => stage.name === 'hpo')! as RunView['stages'][number] & { summary?: unknown };
        seconds[String(replicas)].push((Date.parse(hpo.finishedAt!) - Date.parse(hpo.startedAt!)) / 1000);
        studies.push(hpo.summary);
        process.stdout.write(`  hpo with ${replicas} optimizer replica(s): ${seconds[String(replicas)].at(-1)!.toFixed(2)} s\n`);
      }
    }
    const sameStudy = studies.every((study) => JSON.stringify(study) === JSON.stringify(studies[0]));
    return { seconds, replicaSpeedup2: median(seconds['1']) / median(seconds['2']), sameStudy };
  } finally {
    await nc.close();
    await stack.stop();
  }
}

async function waitFor(api: AresApiClient, runId: string): Promise<RunView> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const run = await api.getRun(runId).catch(() => undefined);
    if (run && run.status !== 'running') {
      if (run.status !== 'completed') throw new Error(`the bench run ${runId} ${run.status}: ${run.error}`);
      return run;
    }
    if (Date.now() > deadline) throw new Error(`the bench run ${runId} did not finish in 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
