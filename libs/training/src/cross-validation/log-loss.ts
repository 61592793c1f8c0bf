// Bound once: a global lookup per call is slow inside Jest's vm context.
const { log, max, min } = Math;
const CLIP = 1e-12;

/** Mean binary log loss of probabilities `p` against 0/1 labels `y` (aligned), each p clipped to [1e-12, 1 − 1e-12]; 0 when empty. */
export function binaryLogLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = min(1 - CLIP, max(CLIP, p[i]));
    sum -= y[i] === 1 ? log(q) : log(1 - q);
  }
  return p.length > 0 ? sum / p.length : 0;
}
