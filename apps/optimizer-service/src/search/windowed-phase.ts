import { AskedTrial, FrozenTrial, Study } from '@ares/hpo';

/** What a trial's evaluation reports back: its final state, objective values and the values at each rung. */
export interface TrialOutcome {
  state: 'complete' | 'pruned' | 'failed';
  values?: number[];
  intermediate: { rounds: number; values: number[] }[];
}

export interface WindowedPhaseOptions<R extends TrialOutcome> {
  study: Study;
  /** Trials this phase asks. */
  trials: number;
  /** Trials in flight at once. */
  window: number;
  /** Evaluates a trial (e.g. hands it out as a unit of work); `history` is every trial told when it was asked. */
  evaluate(trial: AskedTrial, history: FrozenTrial[]): Promise<R>;
  /** Called as each trial is told, in trial-number order. */
  onTold?(trial: AskedTrial, outcome: R): void | Promise<void>;
}

/**
 * Runs `trials` trials of a study with `window` in flight, deterministically whatever order they finish in:
 * outcomes are told strictly in trial-number order, and telling trial k asks trial k + window. So trial n is always
 * suggested with trials 0..n − window told and the ones in between running (constant liar), and `history` — what
 * its pruning may compare with — is always the same set. Finishing order changes only when things happen.
 */
export async function runWindowedPhase<R extends TrialOutcome>(options: WindowedPhaseOptions<R>): Promise<void> {
  const { study, trials, window } = options;
  const single = study.directions.length === 1;
  const inFlight = new Map<number, Promise<{ trial: AskedTrial; outcome: R }>>();
  const finished = new Map<number, { trial: AskedTrial; outcome: R }>();
  let asked = 0;
  let nextToTell = study.trials.length;
  const ask = () => {
    const trial = study.ask();
    asked++;
    const history = study.trials.filter((told) => told.state !== 'running');
    inFlight.set(
      trial.number,
      options.evaluate(trial, history).then((outcome) => ({ trial, outcome })),
    );
  };
  while (asked < Math.min(Math.max(1, window), trials)) ask();
  while (inFlight.size > 0) {
    const done = await Promise.race(inFlight.values());
    inFlight.delete(done.trial.number);
    finished.set(done.trial.number, done);
    for (let next = finished.get(nextToTell); next; next = finished.get(nextToTell)) {
      finished.delete(nextToTell++);
      const { trial, outcome } = next;
      for (const step of outcome.intermediate) study.report(trial.number, step.rounds, single ? step.values[0] : step.values);
      if (outcome.state === 'complete') study.tell(trial.number, single ? outcome.values![0] : outcome.values!);
      else study.tell(trial.number, { state: outcome.state });
      await options.onTold?.(trial, outcome);
      if (asked < trials) ask();
    }
  }
}
