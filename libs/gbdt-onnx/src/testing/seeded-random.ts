import { seededRandom } from '@ares/random';
export { seededRandom };

// Bound once: a global lookup per call is slow inside Jest's vm context.
const { sqrt, log, cos, PI } = Math;

/** Standard normal by Box–Muller. */
export function normal(rand: () => number): number {
  return sqrt(-2 * log(1 - rand())) * cos(2 * PI * rand());
}
