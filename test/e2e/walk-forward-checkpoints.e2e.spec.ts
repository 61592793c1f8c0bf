import { AresApiClient } from '../../cli/api-client';
import { LocalStack } from '@ares/local-stack';
import { duplicateEvents, isFinished, startE2eStack, waitForRun } from './e2e-stack';

/**
 * Sub-stage checkpoints with real processes: the validator-service is killed with SIGKILL after walk-forward has
 * recorded some folds; its restarted replica gets the same attempt redelivered and trains only the folds no one
 * recorded. Enough folds of enough trees keep the stage in flight for seconds.
 */
describe('walk-forward folds survive kill -9 of the validator-service', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  const FOLDS = 10;

  beforeAll(async () => {
    ({ stack, api } = await startE2eStack({ env: { ARES_ACK_WAIT_MS: '4000' } }));
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const checkpoints = (events: { type: string; data: unknown }[]) =>
    events
      .filter((event) => event.type === 'StageCheckpointed')
      .map((event) => event.data as { stage: string; unit: string; instance?: string })
      .filter((data) => data.stage === 'walk-forward');

  /** `walk-forward fold trained` log lines of one process (pino JSON lines carry the pid). */
  const foldsTrainedBy = (pid: number) =>
    stack
      .logTail('validator-service', 100_000)
      .split('\n')
      .filter((line) => line.includes('"walk-forward fold trained"') && line.includes(`"pid":${pid}`)).length;

  it('the restarted service computes only the remaining folds, and history holds each fold once', async () => {
    const { runId } = await api.startRun({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2024-01-01',
      seed: 7,
      model: 'gbdt',
      stages: {
        'target-params': { params: { grid: { kTp: [1.5], kSl: [1.5], horizonBars: [24] } } },
        // Walk-forward folds fit with hpo's choice; slow ones on purpose (a one-point space, many rounds), so the kill
        // lands while the stage is in flight.
        'coarse-optimization': { params: { featureSelection: { enabled: false }, search: { points: 1, rounds: 5, rungs: 1 } } },
        hpo: {
          params: {
            pruning: false,
            space: { learningRate: { type: 'categorical', choices: [0.01] }, minDataInLeaf: { type: 'categorical', choices: [5] } },
            budget: { broadTrials: 1, refineTrials: 0, maxRounds: 1500, folds: 2 },
          },
        },
        train: { enabled: false },
        // The folds retrain one GBDT per side; the ensemble stages before them stay cheap (logistic members only).
        ensemble: { params: { topConfigs: 0, randomForest: false } },
        'walk-forward': { params: { folds: FOLDS } },
        'cross-validation': { enabled: false },
        'monte-carlo': { enabled: false },
        'save-model': { enabled: false },
        'ab-setup': { enabled: false },
        report: { enabled: false },
      },
    });
    const firstPid = stack.service('validator-service').pid!;
    const deadline = Date.now() + 90_000;
    let recordedAtKill: number;
    for (;;) {
      recordedAtKill = checkpoints(await api.getEvents(runId)).length;
      if (recordedAtKill >= 2) break;
      if (Date.now() > deadline) throw new Error(`walk-forward recorded ${recordedAtKill} folds in 90 s\n${stack.logTail('validator-service')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stack.service('validator-service').kill();
    stack.service('validator-service').start();
    const secondPid = stack.service('validator-service').pid!;

    const run = await waitForRun(api, runId, isFinished, 120_000);
    expect(run.status).toBe('completed');
    const walkForward = run.stages.find((stage) => stage.name === 'walk-forward')!;
    // Redelivered by JetStream to the restarted replica: the same attempt, not a retry.
    expect(walkForward.attempts).toBe(1);
    expect(walkForward.metrics.folds).toBe(FOLDS);

    const events = await api.getEvents(runId);
    expect(duplicateEvents(events)).toEqual([]);
    const recorded = checkpoints(events);
    expect(recorded.map((checkpoint) => checkpoint.unit).sort()).toEqual(Array.from({ length: FOLDS }, (_, index) => `fold-${index + 1}`).sort());
    const byFirst = recorded.filter((checkpoint) => checkpoint.instance?.endsWith(`:${firstPid}`)).length;
    expect(byFirst).toBeGreaterThanOrEqual(recordedAtKill);
    expect(byFirst).toBeLessThan(FOLDS); // the kill landed mid-stage
    // Fold trainings counted in the restarted process: exactly the folds the first one did not record (its log
    // reaches the file through a pipe: give it a moment).
    for (let wait = 0; wait < 20 && foldsTrainedBy(secondPid) < FOLDS - byFirst; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(foldsTrainedBy(secondPid)).toBe(FOLDS - byFirst);
    expect(recorded.filter((checkpoint) => checkpoint.instance?.endsWith(`:${secondPid}`))).toHaveLength(FOLDS - byFirst);
  }, 240_000);
});
