/**
 * Fields read out of JSON whose shape is only promised (upstream reports, payloads): a field of the wrong type reads
 * as absent, so a report section says "not recorded" instead of printing garbage or throwing.
 */
export type Json = Record<string, unknown>;

export const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** Numbers of an array, anything else in it NaN (so positions stay aligned with sibling arrays). */
export const numbers = (value: unknown): number[] => list(value).map((entry) => (typeof entry === 'number' ? entry : NaN));
export const strings = (value: unknown): string[] => list(value).filter((entry): entry is string => typeof entry === 'string');
/** Only the finite numbers of a record (what a backtest's figures are). */
export const figures = (value: unknown): Record<string, number> =>
  Object.fromEntries(Object.entries(obj(value) ?? {}).filter((entry): entry is [string, number] => num(entry[1]) !== null));
