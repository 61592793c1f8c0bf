import { seededRandom } from '@ares/random';
export { seededRandom };

/** Standard normal by Box–Muller. */
export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
