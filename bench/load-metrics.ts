/** Sum of a Prometheus counter's samples (every label set) in a `/metrics` text exposition. */
export function counterTotal(exposition: string, name: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** The counter summed over every process of the stack, scraped where each serves its metrics. */
export async function stackCounter(metricsUrls: readonly string[], name: string): Promise<number> {
  const texts = await Promise.all(metricsUrls.map(async (url) => (await fetch(url)).text()));
  // A counter with no samples yet still has its TYPE line: without one, the name is wrong, not the count zero.
  if (!texts.some((text) => text.includes(`# TYPE ${name} counter`))) throw new Error(`no process exposes the counter ${name}`);
  return texts.reduce((total, text) => total + counterTotal(text, name), 0);
}
