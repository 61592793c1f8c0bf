/**
 * `ares run start` flags → the RunSpec that is POSTed. Pure: the spec file's content comes in parsed, the
 * merged spec goes out; nothing here reads files or talks to the API. Flag values are checked for their
 * syntax only — what a value may be (a model, a gap policy, a stage name) is the server's to say.
 */

/** A flag the user got wrong: the CLI prints it and exits 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** What commander hands over: strings, and arrays of strings for the repeatable flags. */
export interface RunSpecFlags {
  symbol?: string;
  timeframe?: string;
  from?: string;
  to?: string;
  exchange?: string;
  source?: string;
  model?: string;
  market?: string;
  gapPolicy?: string;
  seed?: string;
  extraSeries?: string;
  feeBps?: string;
  slippageBps?: string;
  retries?: string[];
  timeout?: string[];
  disable?: string[];
  param?: string[];
}

type Json = Record<string, unknown>;

const PLAIN_FIELDS = ['symbol', 'timeframe', 'from', 'to', 'exchange', 'source', 'model', 'market', 'gapPolicy'] as const;
const STAGE_NAME = /^[a-z][a-z0-9-]*$/;
/** Keys that would reach Object.prototype instead of the spec. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * The spec file's RunSpec (or `{spec: RunSpec}`, as POST /runs accepts) with the flags laid over it.
 * `base` is not modified.
 */
export function buildRunSpec(base: unknown, flags: RunSpecFlags): Json {
  const spec = unwrapSpec(base);
  for (const field of PLAIN_FIELDS) if (flags[field] !== undefined) spec[field] = flags[field];
  if (flags.seed !== undefined) spec.seed = parseInteger(flags.seed, '--seed');
  if (flags.extraSeries !== undefined) spec.extraSeries = splitList(flags.extraSeries);
  if (flags.feeBps !== undefined || flags.slippageBps !== undefined) {
    const costs: Json = { ...asObject(spec.costs, '--spec', 'costs') };
    if (flags.feeBps !== undefined) costs.takerFeeBps = parseNumber(flags.feeBps, '--fee-bps');
    if (flags.slippageBps !== undefined) costs.slippageBps = parseNumber(flags.slippageBps, '--slippage-bps');
    spec.costs = costs;
  }
  for (const value of flags.retries ?? []) {
    const [stage, n] = stageAssignment(value, '--retries', 'STAGE=N');
    stageOf(spec, stage, '--retries').retries = parseInteger(n, `--retries ${value}`);
  }
  for (const value of flags.timeout ?? []) {
    const [stage, seconds] = stageAssignment(value, '--timeout', 'STAGE=SECONDS');
    stageOf(spec, stage, '--timeout').timeoutSeconds = parseInteger(seconds, `--timeout ${value}`);
  }
  for (const stage of flags.disable ?? []) {
    if (!STAGE_NAME.test(stage)) throw new CliUsageError(`--disable ${stage}: expected a stage name, e.g. --disable walk-forward`);
    stageOf(spec, stage, '--disable').enabled = false;
  }
  for (const value of flags.param ?? []) setParam(spec, value);
  return spec;
}

/** `--param STAGE.path.to.field=VALUE` sets `spec.stages[STAGE].params.path.to.field`; VALUE is JSON when it parses. */
function setParam(spec: Json, assignment: string): void {
  const usage = `--param ${assignment}: expected STAGE.path.to.field=VALUE, e.g. --param train.gbdt.maxDepth=4`;
  const equals = assignment.indexOf('=');
  if (equals < 0) throw new CliUsageError(usage);
  const [stage, ...path] = assignment.slice(0, equals).split('.');
  if (!STAGE_NAME.test(stage) || path.length === 0 || path.some((key) => key === '')) throw new CliUsageError(usage);
  const forbidden = path.find((key) => FORBIDDEN_KEYS.has(key));
  if (forbidden) throw new CliUsageError(`--param ${assignment}: "${forbidden}" cannot be a field name`);
  const override = stageOf(spec, stage, '--param');
  let node = (override.params = { ...asObject(override.params, '--spec', `stages.${stage}.params`) });
  for (const [index, key] of path.slice(0, -1).entries()) {
    const where = `stages.${stage}.params.${path.slice(0, index + 1).join('.')}`;
    // Copy each level on the way down, so the caller's spec file object stays as it was.
    node = node[key] = { ...asObject(node[key], `--param ${assignment}`, where) };
  }
  node[path.at(-1)!] = parseValue(assignment.slice(equals + 1));
}

/** A copy of the spec file's content, deep enough that laying flags over it never writes into `base`. */
function unwrapSpec(base: unknown): Json {
  if (base === undefined) return {};
  const object = asObject(base, '--spec', 'the file');
  const spec = 'spec' in object && !('symbol' in object) ? asObject(object.spec, '--spec', 'spec') : object;
  return structuredClone(spec);
}

function stageOf(spec: Json, stage: string, flag: string): Json {
  if (FORBIDDEN_KEYS.has(stage)) throw new CliUsageError(`${flag} ${stage}: not a stage name`);
  const stages = (spec.stages = { ...asObject(spec.stages, '--spec', 'stages') });
  return (stages[stage] = { ...asObject(stages[stage], '--spec', `stages.${stage}`) });
}

function stageAssignment(value: string, flag: string, shape: string): [string, string] {
  const match = /^([^=]+)=(.*)$/.exec(value);
  if (!match || !STAGE_NAME.test(match[1])) throw new CliUsageError(`${flag} ${value}: expected ${shape}, e.g. ${flag} train=2`);
  return [match[1], match[2]];
}

function asObject(value: unknown, flag: string, where: string): Json {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliUsageError(`${flag}: ${where} is not a JSON object`);
  return value as Json;
}

function parseInteger(text: string, flag: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new CliUsageError(`${flag}: "${text}" is not an integer`);
  return Number(text);
}

function parseNumber(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliUsageError(`${flag}: "${text}" is not a number`);
  return value;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
