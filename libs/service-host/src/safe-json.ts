/** A message body as JSON, or undefined when it is not JSON (a dead letter is described as well as it can be). */
export function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
