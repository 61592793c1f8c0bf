import { LoadedRun, RecordedRunEvent } from './run-history';

/** Keeps read models current after each decision. */
export interface RunProjector {
  /**
   * Folds `appended` (the events a decision just added) into the run's read models; with none, catches the models
   * up to `run.version` from history (after a restart).
   */
  project(run: LoadedRun, appended?: readonly RecordedRunEvent[]): Promise<void>;
}
