import { StageFailure } from './stage';

type ParamValue = number | string | boolean | readonly number[];

/**
 * A stage's RunSpec params over its defaults: unknown names and values of the wrong type are a StageFailure
 * that names them, so a typo in a RunSpec fails loudly instead of silently using a default.
 */
export function resolveStageParams<T extends Record<string, ParamValue>>(stage: string, params: Record<string, unknown>, defaults: T): T {
  const problems: string[] = [];
  const resolved: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(params)) {
    if (!(name in defaults)) {
      problems.push(`unknown parameter '${name}' (known: ${Object.keys(defaults).join(', ')})`);
      continue;
    }
    const expected = defaults[name];
    const ok = Array.isArray(expected)
      ? Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))
      : typeof value === typeof expected && (typeof value !== 'number' || Number.isFinite(value));
    if (!ok)
      problems.push(
        `parameter '${name}' must be ${Array.isArray(expected) ? 'an array of numbers' : `a ${typeof expected}`}, got ${JSON.stringify(value)}`,
      );
    else resolved[name] = value;
  }
  if (problems.length > 0) throw new StageFailure(`stage '${stage}': ${problems.join('; ')}`);
  return resolved as T;
}
