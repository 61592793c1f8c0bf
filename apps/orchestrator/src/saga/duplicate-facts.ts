/**
 * The facts a history holds more than once. Event ids are not exposed over the API, so the facts themselves are
 * compared: type and data, leaving out the time it was recorded (`at`), which a redelivered copy would differ in.
 */
export function duplicateFacts(events: readonly { type: string; data: unknown }[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const event of events) {
    const { at: _at, ...fact } = event.data as Record<string, unknown>;
    const key = `${event.type} ${JSON.stringify(fact)}`;
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  return duplicates;
}
