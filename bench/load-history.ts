import { duplicateFacts } from '@ares/orchestrator';

/** One event as `GET /runs/:id/events` returns it: `occurredAt` is the event store's stamp of the commit. */
export interface HistoryEvent {
  type: string;
  version: number;
  occurredAt: string;
  data: unknown;
}

interface StageFact {
  at: string;
  stage: string;
  attempt: number;
  delayMs?: number;
}

/** What one run's history says under load: its checks, and the latencies read from its stamps. */
export interface RunAnalysis {
  runId: string;
  completed: boolean;
  /** Facts that should be in history and are not: version gaps, dispatched attempts with no outcome, stages never completed. */
  lostEvents: number;
  /** Facts recorded more than once: the same fact twice, an attempt dispatched, started or ended twice, a stage completed twice. */
  duplicateEvents: number;
  /** Every check that failed, in words. */
  problems: string[];
  /** Completion published by a worker → the next stage's StageDispatched committed (ms), with the stage dispatched. */
  transitions: { stage: string; ms: number }[];
  /** StageDispatched committed → the worker's StageStarted (ms): the command's delivery plus any wait for a free slot. */
  pickups: { stage: string; ms: number }[];
  /** StageStarted → StageCompleted as the worker stamped them (ms). */
  durations: { stage: string; ms: number }[];
  /** RunStarted committed → RunCompleted committed (ms); NaN when the run did not complete. */
  runMs: number;
  /** When the run's terminal event was committed (epoch ms); NaN while it runs. */
  endedAtMs: number;
  /** Attempts that failed (and were retried or ended the run). */
  failedAttempts: number;
  /** Stages whose output came from the stage cache instead of being computed (distinct inputs: expect none). */
  cachedStages: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Event types whose repeats the per-attempt, per-unit and per-run checks count. */
const STRUCTURAL = [
  'RunStarted',
  'StageSkipped',
  'StageDispatched',
  'StageStarted',
  'StageCompleted',
  'StageFailed',
  'StageCheckpointed',
  'RunCompleted',
  'RunFailed',
  'RunCancelled',
];

/**
 * Checks one finished run's history and reads its latencies. A stage transition is a StageDispatched recorded in the
 * same decision as the StageCompleted that released it (the decider appends the completion, then every dispatch it
 * allows, in one commit): its latency is that commit's stamp minus the completion's `at`, the instant the worker
 * published it. Dispatches decided by RunStarted or by a retry are not transitions.
 */
export function analyseRun(runId: string, events: readonly HistoryEvent[], projectedStatus: string): RunAnalysis {
  const analysis: RunAnalysis = {
    runId,
    completed: false,
    lostEvents: 0,
    duplicateEvents: 0,
    problems: [],
    transitions: [],
    pickups: [],
    durations: [],
    runMs: NaN,
    endedAtMs: NaN,
    failedAttempts: 0,
    cachedStages: 0,
  };
  const lost = (problem: string, count = 1) => {
    analysis.lostEvents += count;
    analysis.problems.push(problem);
  };
  const duplicated = (problem: string, count = 1) => {
    analysis.duplicateEvents += count;
    analysis.problems.push(problem);
  };

  let expected = 1;
  for (const event of events) {
    if (event.version > expected) lost(`versions ${expected}..${event.version - 1} missing: history is not contiguous`, event.version - expected);
    if (event.version < expected) duplicated(`version ${event.version} after ${expected - 1}: history is not contiguous`);
    expected = event.version + 1;
  }
  // Each extra event is counted once: by the structural checks below for the facts they cover, here for the rest.
  for (const fact of duplicateFacts(events)) {
    const counted = STRUCTURAL.some((type) => fact.startsWith(`${type} `));
    (counted ? analysis.problems.push.bind(analysis.problems) : duplicated)(`recorded twice: ${fact.slice(0, 160)}`);
  }

  const started = events[0];
  if (started?.type !== 'RunStarted') {
    lost('history does not begin with RunStarted');
    return analysis;
  }
  const plan = (started.data as { plan: { name: string; enabled: boolean }[] }).plan;
  const attempts = new Map<string, { dispatched?: HistoryEvent; started: HistoryEvent[]; outcomes: HistoryEvent[] }>();
  const attempt = (fact: StageFact) => {
    const key = `${fact.stage}#${fact.attempt}`;
    if (!attempts.has(key)) attempts.set(key, { started: [], outcomes: [] });
    return attempts.get(key)!;
  };
  const completions = new Map<string, HistoryEvent[]>();
  const units = new Map<string, number>();
  let releasedBy: HistoryEvent | undefined;
  for (const event of events) {
    const fact = event.data as StageFact;
    if (event.type === 'StageDispatched') {
      const entry = attempt(fact);
      if (entry.dispatched) duplicated(`${fact.stage} attempt ${fact.attempt} dispatched twice`);
      entry.dispatched = event;
      if (releasedBy) analysis.transitions.push({ stage: fact.stage, ms: ms(event.occurredAt) - ms((releasedBy.data as StageFact).at) });
      continue; // one completion may release several stages
    }
    releasedBy = event.type === 'StageCompleted' ? event : undefined;
    if (event.type === 'StageStarted') attempt(fact).started.push(event);
    if (event.type === 'StageCompleted' || event.type === 'StageFailed') attempt(fact).outcomes.push(event);
    if (event.type === 'StageFailed') analysis.failedAttempts++;
    if (event.type === 'RunStarted' && event !== started) duplicated('a second RunStarted');
    if (event.type === 'StageCheckpointed') {
      const unit = `${fact.stage}/${(event.data as { unit: string }).unit}`;
      units.set(unit, (units.get(unit) ?? 0) + 1);
      if (units.get(unit) === 2) duplicated(`unit ${unit} checkpointed twice`);
      else if (units.get(unit)! > 2) analysis.duplicateEvents++;
    }
    if (event.type === 'StageCompleted' && (event.data as { cached?: boolean }).cached) analysis.cachedStages++;
    if (event.type === 'StageCompleted') completions.set(fact.stage, [...(completions.get(fact.stage) ?? []), event]);
  }

  // A run that ended early ignores the outcomes of attempts still in flight; a completed one has all of them.
  const last = events.at(-1)!;
  for (const [key, entry] of attempts) {
    if (!entry.dispatched) analysis.problems.push(`${key}: started or ended without being dispatched`);
    if (entry.started.length > 1) duplicated(`${key}: started ${entry.started.length} times`, entry.started.length - 1);
    if (entry.outcomes.length > 1) duplicated(`${key}: ended ${entry.outcomes.length} times`, entry.outcomes.length - 1);
    if (entry.dispatched && entry.outcomes.length === 0 && last.type === 'RunCompleted') lost(`${key}: dispatched, never completed or failed`);
    const dispatched = entry.dispatched?.data as StageFact | undefined;
    const begun = entry.started[0];
    if (dispatched && begun && !dispatched.delayMs) {
      analysis.pickups.push({ stage: dispatched.stage, ms: ms((begun.data as StageFact).at) - ms(entry.dispatched!.occurredAt) });
    }
    const completed = entry.outcomes.find((outcome) => outcome.type === 'StageCompleted');
    if (begun && completed) {
      analysis.durations.push({
        stage: (completed.data as StageFact).stage,
        ms: ms((completed.data as StageFact).at) - ms((begun.data as StageFact).at),
      });
    }
  }
  if (last.type === 'RunFailed') analysis.problems.unshift(`failed: ${(last.data as { reason: string }).reason}`);
  else if (last.type !== 'RunCompleted') analysis.problems.unshift(`ended with ${last.type}`);
  for (const stage of plan) {
    const count = completions.get(stage.name)?.length ?? 0;
    if (!stage.enabled) {
      if (count > 0 || [...attempts.keys()].some((key) => key.startsWith(`${stage.name}#`)))
        analysis.problems.push(`${stage.name} is disabled but ran`);
      const skips = events.filter((event) => event.type === 'StageSkipped' && (event.data as StageFact).stage === stage.name).length;
      if (skips === 0) lost(`${stage.name}: disabled, no StageSkipped`);
      if (skips > 1) duplicated(`${stage.name}: ${skips} StageSkipped`, skips - 1);
      continue;
    }
    // A failed run never reaches the stages after its failure; a completed one must have completed every stage.
    // (An attempt without an outcome was counted above; a second completion as an attempt's second outcome.)
    const unended = [...attempts].some(([key, entry]) => key.startsWith(`${stage.name}#`) && entry.outcomes.length === 0);
    if (count === 0 && last.type === 'RunCompleted')
      (unended ? analysis.problems.push.bind(analysis.problems) : lost)(`${stage.name}: never completed, yet the run completed`);
    if (count > 1) analysis.problems.push(`${stage.name}: completed ${count} times`);
  }

  const terminals = events.filter((event) => ['RunCompleted', 'RunFailed', 'RunCancelled'].includes(event.type));
  if (terminals.length > 1) duplicated(`${terminals.length} terminal events`, terminals.length - 1);
  if (last.type === 'RunCompleted') {
    analysis.completed = projectedStatus === 'completed';
    analysis.runMs = ms(last.occurredAt) - ms(started.occurredAt);
  }
  if (terminals.length > 0) analysis.endedAtMs = ms(terminals.at(-1)!.occurredAt);
  // The read model (NATS KV) must agree with the history it is projected from.
  if ((last.type === 'RunCompleted') !== (projectedStatus === 'completed'))
    analysis.problems.push(`the projection says ${projectedStatus}, history ends with ${last.type}`);
  return analysis;
}
