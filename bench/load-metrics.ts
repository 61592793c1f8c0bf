import { parseExposition, samplesOf } from '@ares/metrics';

/** The counter summed over every process of the stack (and every label set matching `labels`), scraped where each serves its metrics. */
export async function stackCounter(metricsUrls: readonly string[], name: string, labels: Record<string, string> = {}): Promise<number> {
  const texts = await Promise.all(metricsUrls.map(async (url) => (await fetch(url)).text()));
  // A counter with no samples yet still has its TYPE line: without one, the name is wrong, not the count zero.
  if (!texts.some((text) => text.includes(`# TYPE ${name} counter`))) throw new Error(`no process exposes the counter ${name}`);
  return texts.reduce((total, text) => total + samplesOf(parseExposition(text), name, labels).reduce((sum, sample) => sum + sample.value, 0), 0);
}
