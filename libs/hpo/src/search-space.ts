/** A categorical choice: anything that survives JSON unchanged. */
export type CategoricalChoice = string | number | boolean;

export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample log(x) uniformly / model it in log space (needs low > 0). */
  readonly log?: boolean;
}

export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
}

export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;

/** Parameter name → its distribution. Samplers visit the names in insertion order. */
export type SearchSpace = Readonly<Record<string, ParamSpec>>;

export type ParamValue = CategoricalChoice;
export type Params = Readonly<Record<string, ParamValue>>;

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function boundsErrors(where: string, spec: FloatParam | IntParam): string[] {
  const { low, high } = spec;
  if (typeof low !== 'number' || !Number.isFinite(low) || typeof high !== 'number' || !Number.isFinite(high)) {
    return [`${where}: low (${describe(low)}) and high (${describe(high)}) must be finite numbers`];
  }
  const errors: string[] = [];
  if (spec.type === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) errors.push(`${where}: int bounds must be integers`);
  if (low > high) errors.push(`${where}: low (${low}) > high (${high})`);
  if (spec.log !== undefined && typeof spec.log !== 'boolean') errors.push(`${where}: log must be a boolean`);
  if (spec.log === true && low <= 0) errors.push(`${where}: log scale needs low > 0`);
  return errors;
}

function choicesErrors(where: string, spec: CategoricalParam): string[] {
  if (!Array.isArray(spec.choices) || spec.choices.length === 0) return [`${where}: categorical needs at least one choice`];
  const errors: string[] = [];
  const seen = new Set<CategoricalChoice>();
  for (const choice of spec.choices) {
    const kind = typeof choice;
    if ((kind !== 'string' && kind !== 'number' && kind !== 'boolean') || (kind === 'number' && !Number.isFinite(choice))) {
      errors.push(`${where}: choice ${describe(choice)} is not a string, a finite number or a boolean`);
    } else if (seen.has(choice)) {
      errors.push(`${where}: duplicate choice ${describe(choice)}`);
    }
    seen.add(choice);
  }
  return errors;
}

/** Every rule a search space breaks, as messages naming the field (`space.lr: low (1) > high (0.1)`); empty when valid. */
export function searchSpaceErrors(space: SearchSpace): string[] {
  if (space === null || typeof space !== 'object' || Array.isArray(space)) return ['space: must be an object of parameter name → distribution'];
  const names = Object.keys(space);
  if (names.length === 0) return ['space: needs at least one parameter'];
  return names.flatMap((name) => {
    const spec = space[name] as ParamSpec | null | undefined;
    const where = `space.${name}`;
    if (spec === null || typeof spec !== 'object') return [`${where}: must be an object with a type`];
    switch (spec.type) {
      case 'float':
      case 'int':
        return boundsErrors(where, spec);
      case 'categorical':
        return choicesErrors(where, spec);
      default:
        return [`${where}: type ${describe((spec as { type?: unknown }).type)} is not 'float', 'int' or 'categorical'`];
    }
  });
}

/** Why `value` is not a valid value of `spec` (named `name`), or undefined when it is. */
export function paramValueError(name: string, spec: ParamSpec, value: unknown): string | undefined {
  if (spec.type === 'categorical') {
    return spec.choices.includes(value as CategoricalChoice) ? undefined : `${name}: ${describe(value)} is not one of the choices`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name}: ${describe(value)} is not a finite number`;
  if (spec.type === 'int' && !Number.isInteger(value)) return `${name}: ${value} is not an integer`;
  if (value < spec.low || value > spec.high) return `${name}: ${value} is outside [${spec.low}, ${spec.high}]`;
  return undefined;
}
