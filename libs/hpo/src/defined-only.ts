/** The fields of a config that are set, so `{ x: undefined }` does not override a default when spread over it. */
export function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<T>;
}
