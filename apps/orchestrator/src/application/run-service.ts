import { randomBytes } from 'node:crypto';
import type { Observable } from 'rxjs';
import { isRunEvent, parseContract, RunStatus, StartRunCommand } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { RunDecisionError } from '../run/run-command';
import { RunDetail, RunSummary } from '../projections/run-detail';
import { KvRunProjections, RunListChange } from '../projections/kv-run-projections';
import { toRunEvent } from '../saga/run-history';
import { RunSaga } from '../saga/run-saga';
import { validateRunRequest } from './run-request-policy';

export interface RunEventView {
  type: string;
  version: number;
  occurredAt: string;
  data: unknown;
}

/** Time-ordered, unique, subject-safe: `run-<ms base36>-<random hex>`. */
export function newRunId(now = Date.now()): string {
  return `run-${now.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

/** The use cases behind the HTTP API, the CLI and the NATS run commands. */
export class RunService {
  constructor(
    private readonly saga: RunSaga,
    private readonly store: EventStore,
    private readonly projections: KvRunProjections,
  ) {}

  /** Validates a StartRun (throws ContractViolationError / InvalidRunPlanError before anything is appended). */
  async start(plain: unknown): Promise<{ runId: string }> {
    const command = this.validate(plain);
    const runId = command.runId ?? newRunId();
    await this.saga.startRun(runId, command.spec);
    return { runId };
  }

  /** Exactly what `start` checks, appending nothing: the StartRun with its defaults applied, or the same errors. */
  validate(plain: unknown): StartRunCommand {
    const command = parseContract(StartRunCommand, plain);
    validateRunRequest(command.spec);
    return command;
  }

  /** The run's read model as it changes, until it ends (see KvRunProjections.watch). */
  watch(runId: string): Observable<RunDetail> {
    return this.projections.watch(runId);
  }

  watchAll(): Observable<RunListChange> {
    return this.projections.watchAll();
  }

  /** The status the decision left the run in (a resumed run may fail again before anyone reads it). */
  async cancel(runId: string, reason?: string): Promise<{ runId: string; status: RunStatus }> {
    await this.requireRun(runId);
    const run = await this.saga.cancel(runId, reason ?? 'cancelled by user');
    return { runId, status: run.state.status as RunStatus };
  }

  async resume(runId: string): Promise<{ runId: string; status: RunStatus }> {
    await this.requireRun(runId);
    const run = await this.saga.resume(runId);
    return { runId, status: run.state.status as RunStatus };
  }

  async list(status?: RunStatus): Promise<RunSummary[]> {
    return this.projections.list(status);
  }

  /** The projection, caught up from history if it lags (a decision in flight, a replica behind). */
  async detail(runId: string): Promise<RunDetail> {
    const detail = await this.projections.current(runId);
    if (!detail) throw new RunDecisionError('not-found', `no run '${runId}'`);
    return detail;
  }

  async events(runId: string): Promise<RunEventView[]> {
    const slice = await this.store.readStream(runId);
    if (!slice.exists) throw new RunDecisionError('not-found', `no run '${runId}'`);
    return (
      slice.events
        .filter((recorded) => isRunEvent({ type: recorded.type, data: recorded.data }))
        // In their current shape: an event written before a schema change reads like one written after it.
        .map((recorded) => ({ type: recorded.type, version: recorded.version, occurredAt: recorded.occurredAt, data: toRunEvent(recorded).data }))
    );
  }

  private async requireRun(runId: string): Promise<void> {
    const run = await this.saga.history.load(runId);
    if (run.version === 0) throw new RunDecisionError('not-found', `no run '${runId}'`);
  }
}
