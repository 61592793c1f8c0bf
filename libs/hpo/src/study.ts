import { seededRandom } from '@ares/random';
import { createPruner } from './create-pruner';
import { createSampler } from './create-sampler';
import { paretoFront } from './pareto';
import { Pruner } from './pruner';
import { Sampler } from './sample-context';
import { paramValueError, ParamValue, Params } from './search-space';
import { StudyOptions, studyOptionsErrors } from './study-options';
import { Direction, FrozenTrial, IntermediateValue, TrialState } from './trial';
import { trialSeed } from './trial-seed';

/** What tell() accepts: the objective value (a number, or one per direction), or a final state without a value. */
export type TellResult = number | readonly number[] | { readonly state: 'pruned' | 'failed' };

export interface AskedTrial {
  readonly number: number;
  readonly params: Params;
}

/**
 * An ask-and-tell study. Deterministic: it is a pure function of its options and of the calls made to it, so
 * replaying the same ask / tell / report / enqueue sequence (or restoring its trial records with restoreStudy)
 * gives the same suggestions. Trial n's randomness comes from seededRandom(trialSeed(seed, n)) alone.
 */
export interface Study {
  readonly options: StudyOptions;
  readonly directions: readonly Direction[];
  /** A new trial (number = trials so far), running until told. An enqueued parameter set is used first. */
  ask(): AskedTrial;
  /**
   * Finishes a running trial. A number for one objective, an array of one value per direction for several.
   * NaN (anywhere) records the trial as failed, as Optuna does; ±Infinity, a wrong arity, an unknown or an already
   * finished trial throw. `{ state: 'pruned' }` keeps the intermediate values (TPE ranks pruned trials by them).
   */
  tell(number: number, result: TellResult): FrozenTrial;
  /** An intermediate value at an integer step ≥ 0 (a number[] per direction for several objectives; NaN allowed). A step reported twice keeps its first value. */
  report(number: number, step: number, value: IntermediateValue): void;
  /** The pruner's decision for a running trial (false without a pruner); delegates to createPruner(options.pruner, options.seed). */
  shouldPrune(number: number): boolean;
  /** Like Optuna's enqueue_trial: the next ask() uses these values; parameters left out are sampled. */
  enqueue(params: Readonly<Record<string, ParamValue>>): void;
  /** Single objective: the complete trial with the best value (the lowest number among equals), undefined before any. Throws for several objectives. */
  readonly bestTrial: FrozenTrial | undefined;
  /** Every trial, by number (a frozen snapshot). */
  readonly trials: readonly FrozenTrial[];
  /** The complete trials no other complete trial dominates, in trial-number order. */
  paretoFront(): FrozenTrial[];
}

function frozenTrial(trial: FrozenTrial): FrozenTrial {
  return Object.freeze({ ...trial, params: Object.freeze({ ...trial.params }), intermediateValues: Object.freeze({ ...trial.intermediateValues }) });
}

class AskTellStudy implements Study {
  readonly directions: readonly Direction[];
  private readonly sampler: Sampler;
  private readonly pruner: Pruner | undefined;
  private readonly records: FrozenTrial[] = [];
  private readonly queue: Params[] = [];

  constructor(readonly options: StudyOptions) {
    const errors = studyOptionsErrors(options);
    if (errors.length > 0) throw new Error(errors.join('; '));
    this.directions = Object.freeze([...options.directions]);
    this.sampler = createSampler(options.sampler, options.directions.length);
    this.pruner = options.pruner === undefined ? undefined : createPruner(options.pruner, options.seed);
  }

  ask(): AskedTrial {
    const number = this.records.length;
    const { space } = this.options;
    const names = Object.keys(space);
    const fixed = this.queue.shift() ?? {};
    const sampled = names.every((n) => n in fixed)
      ? {}
      : this.sampler.sample({
          space,
          directions: this.directions,
          trials: this.records,
          number,
          rng: seededRandom(trialSeed(this.options.seed, number)),
        });
    const params: Record<string, ParamValue> = {};
    for (const name of names) params[name] = name in fixed ? fixed[name] : sampled[name];
    const trial = frozenTrial({ number, params, state: 'running', intermediateValues: {} });
    this.records.push(trial);
    return { number, params: trial.params };
  }

  private running(number: number, what: string): FrozenTrial {
    const trial = Number.isInteger(number) ? this.records[number] : undefined;
    if (trial === undefined) throw new Error(`${what}: trial ${number} does not exist (${this.records.length} asked)`);
    if (trial.state !== 'running') throw new Error(`${what}: trial ${number} is already ${trial.state}`);
    return trial;
  }

  private vector(what: string, number: number, value: IntermediateValue): readonly number[] {
    const values = typeof value === 'number' ? [value] : value;
    const n = this.directions.length;
    if (!Array.isArray(values) || values.length !== n || values.some((v) => typeof v !== 'number')) {
      throw new Error(`${what}: trial ${number} needs ${n === 1 ? 'a number' : `${n} numbers (one per direction)`}, got ${JSON.stringify(value)}`);
    }
    if (values.some((v) => v === Infinity || v === -Infinity))
      throw new Error(`${what}: trial ${number} value ${JSON.stringify(value)} is not finite`);
    return values;
  }

  tell(number: number, result: TellResult): FrozenTrial {
    const trial = this.running(number, 'tell');
    let state: TrialState;
    let values: readonly number[] | undefined;
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
      const given = (result as { state?: unknown }).state;
      if (given !== 'pruned' && given !== 'failed')
        throw new Error(`tell: trial ${number} state ${JSON.stringify(given)} is not 'pruned' or 'failed'`);
      state = given;
    } else {
      values = this.vector('tell', number, result as number | readonly number[]);
      state = values.some(Number.isNaN) ? 'failed' : 'complete';
    }
    const told: FrozenTrial =
      state === 'complete'
        ? { ...trial, state, values: Object.freeze([...values!]), ...(values!.length === 1 ? { value: values![0] } : {}) }
        : { ...trial, state };
    this.records[number] = frozenTrial(told);
    return this.records[number];
  }

  report(number: number, step: number, value: IntermediateValue): void {
    const trial = this.running(number, 'report');
    if (!Number.isInteger(step) || step < 0) throw new Error(`report: step ${step} of trial ${number} is not an integer ≥ 0`);
    const values = this.vector('report', number, value);
    if (trial.intermediateValues[step] !== undefined) return;
    const stored = values.length === 1 ? values[0] : Object.freeze([...values]);
    this.records[number] = frozenTrial({ ...trial, intermediateValues: { ...trial.intermediateValues, [step]: stored } });
  }

  shouldPrune(number: number): boolean {
    const trial = this.running(number, 'shouldPrune');
    return this.pruner !== undefined && this.pruner.shouldPrune(trial, this.records, this.directions);
  }

  enqueue(params: Readonly<Record<string, ParamValue>>): void {
    const { space } = this.options;
    const errors = Object.keys(params).map((name) =>
      name in space ? paramValueError(name, space[name], params[name]) : `${name}: not in the space`,
    );
    const problems = errors.filter((e) => e !== undefined);
    if (problems.length > 0) throw new Error(`enqueue: ${problems.join('; ')}`);
    this.queue.push(Object.freeze({ ...params }));
  }

  get bestTrial(): FrozenTrial | undefined {
    if (this.directions.length > 1)
      throw new Error(`bestTrial: a study with ${this.directions.length} objectives has no single best trial; use paretoFront()`);
    const sign = this.directions[0] === 'maximize' ? -1 : 1;
    let best: FrozenTrial | undefined;
    for (const t of this.records) if (t.state === 'complete' && (best === undefined || sign * t.value! < sign * best.value!)) best = t;
    return best;
  }

  get trials(): readonly FrozenTrial[] {
    return Object.freeze([...this.records]);
  }

  paretoFront(): FrozenTrial[] {
    return paretoFront(this.records, this.directions);
  }

  /** restoreStudy's entry: the records are checked there. */
  adopt(trials: readonly FrozenTrial[]): void {
    for (const t of trials) {
      const single = t.state === 'complete' && t.values!.length === 1 ? { value: t.values![0] } : {};
      this.records.push(frozenTrial({ ...t, ...single }));
    }
  }
}

export function createStudy(options: StudyOptions): Study {
  return new AskTellStudy(options);
}

function trialErrors(options: StudyOptions, trial: FrozenTrial, index: number): string[] {
  const where = `trials[${index}]`;
  if (trial === null || typeof trial !== 'object') return [`${where}: must be a trial record`];
  const errors: string[] = [];
  if (trial.number !== index) errors.push(`${where}: number ${trial.number}, expected ${index} (trials by number from 0)`);
  if (!['running', 'complete', 'pruned', 'failed'].includes(trial.state))
    errors.push(`${where}: state ${JSON.stringify(trial.state)} is not a trial state`);
  const { space } = options;
  for (const name of Object.keys(space)) {
    const problem = trial.params && name in trial.params ? paramValueError(name, space[name], trial.params[name]) : `${name}: missing`;
    if (problem !== undefined) errors.push(`${where}.params.${problem}`);
  }
  const n = options.directions.length;
  if (trial.state === 'complete' && (!Array.isArray(trial.values) || trial.values.length !== n || !trial.values.every(Number.isFinite))) {
    errors.push(`${where}: a complete trial needs ${n} finite value(s)`);
  }
  for (const [key, value] of Object.entries(trial.intermediateValues ?? {})) {
    const arity = typeof value === 'number' ? 1 : Array.isArray(value) ? value.length : -1;
    if (!/^\d+$/.test(key) || arity !== n) errors.push(`${where}.intermediateValues[${key}]: needs an integer step ≥ 0 and ${n} value(s)`);
  }
  return errors;
}

/**
 * A study continued from its trial records (e.g. folded from checkpoint events): the same state as the study that
 * produced them, so its next ask() suggests what that study's would (the enqueue queue is not part of the records).
 */
export function restoreStudy(options: StudyOptions, trials: readonly FrozenTrial[]): Study {
  const study = new AskTellStudy(options);
  const errors = trials.flatMap((t, i) => trialErrors(options, t, i));
  if (errors.length > 0) throw new Error(`restoreStudy: ${errors.join('; ')}`);
  study.adopt(trials);
  return study;
}
