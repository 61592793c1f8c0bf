import { parseContract, RunEvent, RunSpec, StageEventMessage, StageName } from '@ares/contracts';
import { RunCommand, RunDecisionError } from './run-command';
import { decide } from './run.decider';
import { buildRunPlan, InvalidRunPlanError } from './run-plan';
import { foldRun } from './run-state';

const AT = '2026-01-01T00:00:00.000Z';
const baseSpec = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-12-31' };

function spec(extra: Record<string, unknown> = {}): RunSpec {
  return parseContract(RunSpec, { ...baseSpec, ...extra });
}

function start(runSpec = spec()): RunCommand {
  return { type: 'StartRun', runId: 'r1', spec: runSpec, plan: buildRunPlan(runSpec), at: AT };
}

function stageEvent(stage: StageName, attempt: number, kind: StageEventMessage['kind'], extra: Partial<StageEventMessage> = {}): RunCommand {
  const message = {
    schemaVersion: 1,
    eventId: `r1.${stage}.${attempt}.${kind}`,
    runId: 'r1',
    stage,
    attempt,
    kind,
    occurredAt: AT,
    ...(kind === 'completed' ? { output: { artifacts: [], metrics: { rows: 1 } } } : {}),
    ...extra,
  } as StageEventMessage;
  return { type: 'RecordStageEvent', message, at: AT };
}

/** given history, when command, then events. */
function given(...history: RunCommand[]) {
  const events: RunEvent[] = [];
  for (const command of history) events.push(...decide(command, foldRun(events)));
  return {
    history: events,
    when: (command: RunCommand) => decide(command, foldRun(events)),
  };
}

const types = (events: RunEvent[]) =>
  events.map((event) =>
    event.type === 'StageDispatched' || event.type === 'StageFailed' || event.type === 'StageSkipped' || event.type === 'StageCompleted'
      ? `${event.type}:${event.data.stage}${'attempt' in event.data ? `#${event.data.attempt}` : ''}`
      : event.type,
  );

describe('run decider', () => {
  it('starts a run and dispatches the first stage', () => {
    expect(types(given().when(start()))).toEqual(['RunStarted', 'StageDispatched:collect#1']);
  });

  it('a retried StartRun for an existing run decides nothing', () => {
    expect(given(start()).when(start())).toEqual([]);
  });

  it('fans out independent stages in parallel once their input is ready', () => {
    const events = given(start(), stageEvent('collect', 1, 'started')).when(stageEvent('collect', 1, 'completed'));
    expect(types(events)).toEqual(['StageCompleted:collect#1', 'StageDispatched:preprocess#1', 'StageDispatched:validate-data#1']);
  });

  it('waits for every input before dispatching a stage', () => {
    const events = given(start(), stageEvent('collect', 1, 'completed')).when(stageEvent('preprocess', 1, 'completed'));
    expect(types(events)).toEqual(['StageCompleted:preprocess#1']);
  });

  it('dispatches the optimizer stages in turn, then train, ensemble and cross-validation side by side once hpo has chosen', () => {
    const labelled = given(
      start(),
      stageEvent('collect', 1, 'completed'),
      stageEvent('preprocess', 1, 'completed'),
      stageEvent('validate-data', 1, 'completed'),
    );
    expect(types(labelled.when(stageEvent('target-params', 1, 'completed')))).toEqual([
      'StageCompleted:target-params#1',
      'StageDispatched:coarse-optimization#1',
    ]);
    const tuned = given(
      start(),
      stageEvent('collect', 1, 'completed'),
      stageEvent('preprocess', 1, 'completed'),
      stageEvent('validate-data', 1, 'completed'),
      stageEvent('target-params', 1, 'completed'),
      stageEvent('coarse-optimization', 1, 'completed'),
    ).when(stageEvent('hpo', 1, 'completed'));
    expect(types(tuned)).toEqual([
      'StageCompleted:hpo#1',
      'StageDispatched:train#1',
      'StageDispatched:ensemble#1',
      'StageDispatched:cross-validation#1',
    ]);
  });

  it('completes the run when the last stage completes', () => {
    const events = given(
      start(),
      stageEvent('collect', 1, 'completed'),
      stageEvent('preprocess', 1, 'completed'),
      stageEvent('validate-data', 1, 'completed'),
      stageEvent('target-params', 1, 'completed'),
      stageEvent('coarse-optimization', 1, 'completed'),
      stageEvent('hpo', 1, 'completed'),
      stageEvent('train', 1, 'completed'),
      stageEvent('ensemble', 1, 'completed'),
      stageEvent('meta-learner', 1, 'completed'),
      stageEvent('walk-forward', 1, 'completed'),
      stageEvent('cross-validation', 1, 'completed'),
      stageEvent('monte-carlo', 1, 'completed'),
      stageEvent('save-model', 1, 'completed'),
      stageEvent('ab-setup', 1, 'completed'),
    ).when(stageEvent('report', 1, 'completed'));
    expect(types(events)).toEqual(['StageCompleted:report#1', 'RunCompleted']);
  });

  it('records a stage event exactly once', () => {
    const scenario = given(start(), stageEvent('collect', 1, 'started'), stageEvent('collect', 1, 'completed'));
    expect(scenario.when(stageEvent('collect', 1, 'completed'))).toEqual([]);
    expect(scenario.when(stageEvent('collect', 1, 'started'))).toEqual([]);
  });

  it('ignores events of a superseded attempt', () => {
    const scenario = given(start(), stageEvent('collect', 1, 'failed', { error: 'boom' }));
    expect(scenario.when(stageEvent('collect', 1, 'completed'))).toEqual([]);
  });

  it('skips disabled stages', () => {
    const events = given().when(start(spec({ stages: { report: { enabled: false } } })));
    expect(types(events)).toEqual(['RunStarted', 'StageSkipped:report', 'StageDispatched:collect#1']);
  });

  it('rejects a plan where an enabled stage needs a disabled one', () => {
    expect(() => buildRunPlan(spec({ stages: { collect: { enabled: false } } }))).toThrow(InvalidRunPlanError);
    expect(() => buildRunPlan(spec({ stages: { collect: { enabled: false } } }))).toThrow(/preprocess.*collect/);
  });

  it('retries a failed stage within its budget, then fails the run with the stage reason', () => {
    const runSpec = spec({ stages: { collect: { retries: 1 } } });
    const scenario = given(start(runSpec), stageEvent('collect', 1, 'failed', { error: 'exchange down' }));
    expect(types(scenario.history).slice(-2)).toEqual(['StageFailed:collect#1', 'StageDispatched:collect#2']);
    const events = scenario.when(stageEvent('collect', 2, 'failed', { error: 'exchange still down' }));
    expect(types(events)).toEqual(['StageFailed:collect#2', 'RunFailed']);
    expect(events[1].data).toMatchObject({ stage: 'collect', reason: "stage 'collect' failed after 2 attempt(s): exchange still down" });
  });

  it('fails a dead-lettered stage like any failure, noting the dead letter', () => {
    const runSpec = spec({ stages: { collect: { retries: 0 } } });
    const events = given(start(runSpec)).when(stageEvent('collect', 1, 'failed', { error: 'exhausted 5 deliveries', deadLettered: true }));
    expect(events[0].data).toMatchObject({ deadLettered: true, willRetry: false });
    expect(events[1].type).toBe('RunFailed');
  });

  it('times out a stage attempt that is still in flight, and only that attempt', () => {
    const runSpec = spec({ stages: { collect: { retries: 0, timeoutSeconds: 5 } } });
    const scenario = given(start(runSpec), stageEvent('collect', 1, 'started'));
    const events = scenario.when({ type: 'TimeOutStage', stage: 'collect', attempt: 1, at: AT });
    expect(types(events)).toEqual(['StageFailed:collect#1', 'RunFailed']);
    expect(events[0].data).toMatchObject({ error: 'timed out after 5 s', timedOut: true });
    expect(scenario.when({ type: 'TimeOutStage', stage: 'collect', attempt: 2, at: AT })).toEqual([]);
  });

  it('cancels a running run and then ignores its stage events', () => {
    const scenario = given(start(), { type: 'CancelRun', reason: 'user asked', at: AT });
    expect(foldRun(scenario.history).status).toBe('cancelled');
    expect(foldRun(scenario.history).stages.collect?.status).toBe('cancelled');
    expect(scenario.when(stageEvent('collect', 1, 'completed'))).toEqual([]);
  });

  it('refuses to cancel a run that is not running', () => {
    const scenario = given(start(), { type: 'CancelRun', reason: 'x', at: AT });
    expect(() => scenario.when({ type: 'CancelRun', reason: 'again', at: AT })).toThrow(RunDecisionError);
    expect(() => given().when({ type: 'CancelRun', reason: 'x', at: AT })).toThrow(/no such run/);
  });

  it('resumes a failed run from its first unfinished stage with a fresh retry budget', () => {
    const runSpec = spec({ stages: { preprocess: { retries: 0 } } });
    const scenario = given(start(runSpec), stageEvent('collect', 1, 'completed'), stageEvent('preprocess', 1, 'failed', { error: 'bad' }));
    expect(foldRun(scenario.history).status).toBe('failed');
    const events = scenario.when({ type: 'ResumeRun', at: AT });
    expect(types(events)).toEqual(['RunResumed', 'StageDispatched:preprocess#2', 'StageDispatched:validate-data#2']);
    expect(events[0].data).toMatchObject({
      stages: [
        'preprocess',
        'validate-data',
        'target-params',
        'coarse-optimization',
        'hpo',
        'train',
        'ensemble',
        'meta-learner',
        'walk-forward',
        'cross-validation',
        'monte-carlo',
        'save-model',
        'ab-setup',
        'report',
      ],
    });
  });

  it('refuses to resume a running run', () => {
    expect(() => given(start()).when({ type: 'ResumeRun', at: AT })).toThrow(/only a failed or cancelled run/);
  });

  it('records each unit checkpoint once, from whichever attempt sends it, while the stage is in flight', () => {
    const checkpoint = (attempt: number, unit: string) =>
      stageEvent('collect', attempt, 'checkpoint', { eventId: `r1.collect.unit.${unit}`, unit, scope: 'k', result: { n: 1 } });
    const runSpec = spec({ stages: { collect: { retries: 1 } } });
    const scenario = given(
      start(runSpec),
      stageEvent('collect', 1, 'started'),
      checkpoint(1, 'fold-1'),
      stageEvent('collect', 1, 'failed', { error: 'lost' }),
    );
    expect(types(scenario.history)).toContain('StageCheckpointed');
    expect(scenario.when(checkpoint(2, 'fold-1'))).toEqual([]);
    expect(scenario.when(checkpoint(1, 'fold-2'))).toMatchObject([{ type: 'StageCheckpointed', data: { unit: 'fold-2', attempt: 1, scope: 'k' } }]);
    expect(foldRun(scenario.history).stages.collect?.units.values()).toEqual(['fold-1']);
  });

  it('fails the run at once on a permanent failure, whatever the retry budget', () => {
    const runSpec = spec({ stages: { collect: { retries: 3 } } });
    const events = given(start(runSpec)).when(stageEvent('collect', 1, 'failed', { error: 'no such file', permanent: true }));
    expect(types(events)).toEqual(['StageFailed:collect#1', 'RunFailed']);
    expect(events[0].data).toMatchObject({ willRetry: false, permanent: true });
  });

  it('retries a transient failure after a growing backoff', () => {
    const runSpec = spec({ stages: { collect: { retries: 2 } } });
    const first = given(start(runSpec)).when(stageEvent('collect', 1, 'failed', { error: 'network' }));
    expect(first[1]).toMatchObject({ type: 'StageDispatched', data: { attempt: 2, delayMs: 1000 } });
    const second = given(start(runSpec), stageEvent('collect', 1, 'failed', { error: 'network' })).when(
      stageEvent('collect', 2, 'failed', { error: 'network' }),
    );
    expect(second[1]).toMatchObject({ type: 'StageDispatched', data: { attempt: 3, delayMs: 2000 } });
  });

  it('ignores progress and completion for a stage that was never dispatched', () => {
    expect(given(start()).when(stageEvent('preprocess', 1, 'completed'))).toEqual([]);
  });
});
