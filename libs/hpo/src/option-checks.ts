/** Messages for option fields, in the `field: problem` form every validation error of the lib uses. */
export function integerAtLeast(where: string, value: unknown, min: number): string[] {
  if (value === undefined) return [];
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? [] : [`${where}: must be an integer ≥ ${min} (got ${String(value)})`];
}

export function numberIn(where: string, value: unknown, min: number, max: number): string[] {
  if (value === undefined) return [];
  return typeof value === 'number' && value >= min && value <= max ? [] : [`${where}: must be a number in [${min}, ${max}] (got ${String(value)})`];
}

export function booleanOrUndefined(where: string, value: unknown): string[] {
  return value === undefined || typeof value === 'boolean' ? [] : [`${where}: must be a boolean (got ${String(value)})`];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
