import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage } from '@ares/contracts';
import { InMemoryEventStore } from '@ares/event-store';
import { LoadedRun } from './run-history';
import { RunSaga } from './run-saga';

const spec = parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01' });

function harness(store = new InMemoryEventStore()) {
  const dispatched: ExecuteStageCommand[] = [];
  const cancelled: string[] = [];
  const projected: LoadedRun[] = [];
  const saga = new RunSaga({
    store,
    logger: pino({ level: 'silent' }),
    dispatcher: {
      dispatch: async (command) => {
        dispatched.push(command);
      },
      cancelStages: async (runId) => {
        cancelled.push(runId);
      },
    },
    projector: {
      project: async (run) => {
        projected.push(run);
      },
    },
  });
  return { saga, store, dispatched, cancelled, projected };
}

function completed(command: ExecuteStageCommand, rows = 10): StageEventMessage {
  return {
    schemaVersion: 1,
    eventId: `${command.commandId}.completed`,
    runId: command.runId,
    stage: command.stage,
    attempt: command.attempt,
    kind: 'completed',
    occurredAt: new Date().toISOString(),
    output: { artifacts: [{ name: 'dataset', key: `sha256-${'a'.repeat(64)}`, sha256: 'a'.repeat(64), size: 1, mediaType: 'x' }], metrics: { rows } },
  };
}

describe('RunSaga', () => {
  it('drives a run to completion, handing each stage its upstream outputs', async () => {
    const { saga, store, dispatched, projected } = harness();
    await saga.startRun('r1', spec);
    expect(dispatched.map((command) => command.stage)).toEqual(['collect']);
    await saga.recordStageEvent(completed(dispatched[0]));
    expect(dispatched.map((command) => command.stage)).toEqual(['collect', 'preprocess', 'validate-data']);
    expect(dispatched[1].inputs).toEqual([{ stage: 'collect', output: completed(dispatched[0]).output }]);
    await saga.recordStageEvent(completed(dispatched[1]));
    await saga.recordStageEvent(completed(dispatched[2]));
    expect(dispatched[3].stage).toBe('target-params');
    expect(dispatched[3].inputs.map((input) => input.stage)).toEqual(['preprocess', 'validate-data']);
    await saga.recordStageEvent(completed(dispatched[3]));
    expect(dispatched[4].stage).toBe('coarse-optimization');
    await saga.recordStageEvent(completed(dispatched[4]));
    expect(dispatched[5].stage).toBe('hpo');
    expect(dispatched[5].inputs.map((input) => input.stage)).toEqual(['preprocess', 'validate-data', 'target-params', 'coarse-optimization']);
    await saga.recordStageEvent(completed(dispatched[5]));
    expect(dispatched.slice(6).map((command) => command.stage)).toEqual(['train', 'ensemble', 'cross-validation']);
    await saga.recordStageEvent(completed(dispatched[6]));
    await saga.recordStageEvent(completed(dispatched[7]));
    await saga.recordStageEvent(completed(dispatched[8]));
    expect(dispatched[9].stage).toBe('meta-learner');
    await saga.recordStageEvent(completed(dispatched[9]));
    expect(dispatched[10].stage).toBe('walk-forward');
    expect(dispatched[10].inputs.map((input) => input.stage)).toEqual(['preprocess', 'validate-data', 'target-params', 'hpo', 'meta-learner']);
    await saga.recordStageEvent(completed(dispatched[10]));
    expect(dispatched[11].stage).toBe('monte-carlo');
    expect(dispatched[11].inputs.map((input) => input.stage)).toEqual(['hpo', 'walk-forward', 'cross-validation']);
    await saga.recordStageEvent(completed(dispatched[11]));
    expect(dispatched[12].stage).toBe('save-model');
    await saga.recordStageEvent(completed(dispatched[12]));
    expect(dispatched[13].stage).toBe('ab-setup');
    expect(dispatched[13].inputs.map((input) => input.stage)).toContain('save-model');
    await saga.recordStageEvent(completed(dispatched[13]));
    expect(dispatched[14].stage).toBe('report');
    expect(dispatched[14].inputs.map((input) => input.stage)).toEqual(expect.arrayContaining(['ab-setup', 'monte-carlo', 'walk-forward']));
    const final = await saga.recordStageEvent(completed(dispatched[14]));
    expect(final.state.status).toBe('completed');
    expect(projected.at(-1)?.state.status).toBe('completed');
    const history = await store.readStream('r1');
    expect(history.events.map((event) => event.type).filter((type) => type === 'StageCompleted')).toHaveLength(15);
    expect(history.events.at(-1)?.type).toBe('RunCompleted');
    saga.stop();
  });

  it('records a redelivered stage event once', async () => {
    const { saga, store, dispatched } = harness();
    await saga.startRun('r1', spec);
    await Promise.all([saga.recordStageEvent(completed(dispatched[0])), saga.recordStageEvent(completed(dispatched[0]))]);
    await saga.recordStageEvent(completed(dispatched[0]));
    const types = (await store.readStream('r1')).events.map((event) => event.type);
    expect(types.filter((type) => type === 'StageCompleted')).toHaveLength(1);
    saga.stop();
  });

  it('a second orchestrator recovers from history alone and re-sends in-flight stage commands', async () => {
    const first = harness();
    await first.saga.startRun('r1', spec);
    await first.saga.recordStageEvent(completed(first.dispatched[0]));
    first.saga.stop();

    const second = harness(first.store);
    const recovered = await second.saga.recover();
    expect(recovered).toEqual({ runs: 1, resumed: 1 });
    expect(second.dispatched.map((command) => command.commandId).sort()).toEqual(['r1.preprocess.1', 'r1.validate-data.1']);
    await second.saga.recordStageEvent(completed(second.dispatched[0]));
    const run = await second.saga.recordStageEvent(completed(second.dispatched[1]));
    expect(run.state.stages['target-params']?.status).toBe('dispatched');
    second.saga.stop();
  });

  it('a replica with a stale view still records what another replica made possible', async () => {
    const a = harness();
    const b = harness(a.store);
    await a.saga.startRun('r1', spec);
    await b.saga.recordStageEvent(completed(a.dispatched[0])); // b dispatches preprocess and validate-data
    const preprocess = b.dispatched.find((command) => command.stage === 'preprocess')!;
    // a still believes preprocess was never dispatched; it must not drop the completion.
    await a.saga.recordStageEvent(completed(preprocess));
    const types = (await a.store.readStream('r1')).events.map((event) => event.type);
    expect(types.filter((type) => type === 'StageCompleted')).toHaveLength(2);
    a.saga.stop();
    b.saga.stop();
  });

  /** A saga whose every send fails, as while the stage-command stream has no leader. */
  const refusingSends = (store: InMemoryEventStore) => {
    const refusing = harness(store);
    refusing.saga['deps'].dispatcher.dispatch = async () => {
      throw new Error('no responders');
    };
    return refusing;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a StartRun whose first send fails is still started (the caller must not start it again), and its redelivery to another replica sends it', async () => {
    const store = new InMemoryEventStore();
    const dying = refusingSends(store);
    const run = await dying.saga.startRun('r1', spec);
    expect(run.state.stages.collect?.status).toBe('dispatched');
    dying.saga.stop(); // the process dies before its own retry of the send
    const retried = harness(store);
    await retried.saga.startRun('r1', spec);
    expect(retried.dispatched.map((command) => command.commandId)).toEqual(['r1.collect.1']);
    retried.saga.stop();
  });

  it('a stage event redelivered to another replica after its decision was appended but its commands never sent sends them', async () => {
    const store = new InMemoryEventStore();
    const first = harness(store);
    await first.saga.startRun('r1', spec);
    const collect = first.dispatched[0];
    first.saga['deps'].dispatcher.dispatch = async () => {
      throw new Error('no responders');
    };
    await first.saga.recordStageEvent(completed(collect)); // appended, sends refused
    first.saga.stop();
    expect((await store.readStream('r1')).events.filter((event) => event.type === 'StageDispatched')).toHaveLength(3);

    const second = harness(store);
    const run = await second.saga.recordStageEvent(completed(collect));
    expect(second.dispatched.map((command) => command.commandId)).toEqual(['r1.preprocess.1', 'r1.validate-data.1']);
    expect((await store.readStream('r1')).events.filter((event) => event.type === 'StageCompleted')).toHaveLength(1);
    expect(run.state.stages.preprocess?.status).toBe('dispatched');

    // Once preprocess has started, another copy of the completion sends only validate-data (still unstarted): a
    // started stage's command arrived, and sending it again past the duplicate window would run it twice.
    const started = {
      ...completed(second.dispatched[0]),
      eventId: 'r1.preprocess.1.started.a',
      kind: 'started' as const,
      output: undefined,
      instance: 'a',
    };
    await second.saga.recordStageEvent(started);
    await second.saga.recordStageEvent(completed(collect));
    expect(second.dispatched.slice(2).map((command) => command.commandId)).toEqual(['r1.validate-data.1']);
    // Events whose decision dispatched nothing send nothing: a second start, a superseded attempt's completion.
    await second.saga.recordStageEvent({ ...started, eventId: 'r1.preprocess.1.started.b', instance: 'b' });
    await second.saga.recordStageEvent({ ...completed(collect), eventId: 'r1.collect.0.completed', attempt: 0 });
    expect(second.dispatched).toHaveLength(3);
    second.saga.stop();
  });

  it('a send that fails is retried in the process, without failing the decision', async () => {
    const { saga, dispatched } = harness();
    const send = saga['deps'].dispatcher.dispatch;
    let refused = 0;
    saga['deps'].dispatcher.dispatch = async (command) => {
      if (refused++ === 0) throw new Error('no responders');
      await send(command);
    };
    await saga.startRun('r1', spec);
    expect(dispatched).toEqual([]);
    await sleep(1500); // the first retry comes 1 s later
    expect(dispatched.map((command) => command.commandId)).toEqual(['r1.collect.1']);
    saga.stop();
  });

  it("a send that keeps failing does not stall the run: the stage's timeout retries the stage", async () => {
    const store = new InMemoryEventStore();
    const { saga, dispatched } = harness(store);
    const send = saga['deps'].dispatcher.dispatch;
    saga['deps'].dispatcher.dispatch = async (command) => {
      if (command.attempt === 1) throw new Error('no responders');
      await send(command);
    };
    await saga.startRun('r1', parseContract(RunSpec, { ...spec, stages: { collect: { timeoutSeconds: 1, retries: 1 } } }));
    // 1 s timeout, then the retry's 1 s backoff: the second attempt is sent although no message arrived.
    await sleep(2600);
    expect(dispatched.map((command) => command.commandId)).toEqual(['r1.collect.2']);
    saga.stop();
  });

  it('a retry whose delayed send fails (NATS between leaders) is sent again, as no message would bring it back', async () => {
    const { saga, dispatched } = harness();
    const send = saga['deps'].dispatcher.dispatch;
    let refused = 0;
    saga['deps'].dispatcher.dispatch = async (command) => {
      if (command.attempt === 2 && refused++ === 0) throw new Error('no responders');
      await send(command);
    };
    await saga.startRun('r1', parseContract(RunSpec, { ...spec, stages: { collect: { timeoutSeconds: 3, retries: 1 } } }));
    // 3 s timeout, the retry's 1 s backoff, its send refused at 4 s, sent again 1 s later (its own timeout: 7 s).
    await sleep(4500);
    expect([refused, dispatched.map((command) => command.commandId)]).toEqual([1, ['r1.collect.1']]);
    await sleep(1200);
    expect(dispatched.map((command) => command.commandId)).toEqual(['r1.collect.1', 'r1.collect.2']);
    saga.stop();
  });

  it('times a stage out and retries it', async () => {
    const { saga, dispatched } = harness();
    await saga.startRun('r1', parseContract(RunSpec, { ...spec, stages: { collect: { timeoutSeconds: 1, retries: 1 } } }));
    // 1 s timeout, then the retry's 1 s backoff.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(dispatched.map((command) => command.commandId)).toEqual(['r1.collect.1']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dispatched.map((command) => command.commandId)).toEqual(['r1.collect.1', 'r1.collect.2']);
    saga.stop();
  });

  it('cancel tells running stages to stop and dispatches nothing more', async () => {
    const { saga, dispatched, cancelled } = harness();
    await saga.startRun('r1', spec);
    await saga.cancel('r1');
    expect(cancelled).toEqual(['r1']);
    await saga.recordStageEvent(completed(dispatched[0]));
    expect(dispatched).toHaveLength(1);
    saga.stop();
  });
});
