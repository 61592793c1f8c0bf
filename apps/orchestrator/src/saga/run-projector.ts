import { LoadedRun } from './run-history';

/** Keeps read models current after each decision. */
export interface RunProjector {
  project(run: LoadedRun): Promise<void>;
}
