import { LinearScale } from './scale';

/** A pixel coordinate with one decimal: enough at report size, and the same text on every machine. */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Which points to draw: all of them, or those a downsampling picked. */
type Picked = ArrayLike<number> | undefined;

function* pointsOf(length: number, picked: Picked): Generator<number> {
  if (!picked) for (let i = 0; i < length; i++) yield i;
  else for (let k = 0; k < picked.length; k++) yield picked[k];
}

/** A polyline as path data; a non-finite value breaks the line rather than drawing it to the edge. */
export function linePath(x: ArrayLike<number>, y: ArrayLike<number>, sx: LinearScale, sy: LinearScale, picked?: Picked): string {
  const parts: string[] = [];
  let pen = false;
  for (const i of pointsOf(y.length, picked)) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(sx(x[i]))},${px(sy(y[i]))}`);
    pen = true;
  }
  return parts.join('');
}

/**
 * The region between a lower and an upper series (a fan chart's band), or between a series and a constant
 * baseline (an area under a drawdown); one closed shape per run of finite points.
 */
export function bandPath(
  x: ArrayLike<number>,
  lower: ArrayLike<number> | number,
  upper: ArrayLike<number>,
  sx: LinearScale,
  sy: LinearScale,
  picked?: Picked,
): string {
  const low = (i: number) => (typeof lower === 'number' ? lower : lower[i]);
  const shapes: string[] = [];
  let run: number[] = [];
  const close = () => {
    if (run.length > 0) {
      const top = run.map((i, k) => `${k === 0 ? 'M' : 'L'}${px(sx(x[i]))},${px(sy(upper[i]))}`);
      const bottom = [...run].reverse().map((i) => `L${px(sx(x[i]))},${px(sy(low(i)))}`);
      shapes.push(`${top.join('')}${bottom.join('')}Z`);
    }
    run = [];
  };
  for (const i of pointsOf(upper.length, picked)) {
    if (Number.isFinite(x[i]) && Number.isFinite(upper[i]) && Number.isFinite(low(i))) run.push(i);
    else close();
  }
  close();
  return shapes.join('');
}
