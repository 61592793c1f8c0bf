import type { SearchSpace } from '@ares/hpo';

/**
 * The test functions of `npm run bench:hpo`, all minimised, with the usual domains (Surjanovic & Bingham's Virtual
 * Library of Simulation Experiments). bench/hpo_optuna.py defines the same four; the bench checks both sides agree
 * on a few points before comparing anything.
 */
export interface HpoProblem {
  readonly name: string;
  readonly description: string;
  readonly space: SearchSpace;
  /** The known global minimum, for the table. */
  readonly minimum: number;
  readonly f: (x: readonly number[]) => number;
}

const box = (d: number, low: number, high: number): SearchSpace =>
  Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low, high } as const]));

function branin([x1, x2]: readonly number[]): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((p) => p * 1e-4));

function hartmann6(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2;
    sum += H6_ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

function rosenbrock(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length - 1; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return sum;
}

function ackley(x: readonly number[]): number {
  const d = x.length;
  const squares = x.reduce((s, v) => s + v * v, 0) / d;
  const cosines = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d;
  return -20 * Math.exp(-0.2 * Math.sqrt(squares)) - Math.exp(cosines) + 20 + Math.E;
}

export const HPO_PROBLEMS: readonly HpoProblem[] = [
  {
    name: 'branin',
    description: 'Branin, x1 ∈ [−5, 10], x2 ∈ [0, 15]',
    space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
    minimum: 0.397887,
    f: branin,
  },
  { name: 'hartmann6', description: 'Hartmann-6 on [0, 1]^6', space: box(6, 0, 1), minimum: -3.32237, f: hartmann6 },
  { name: 'rosenbrock4', description: 'Rosenbrock-4 on [−5, 10]^4', space: box(4, -5, 10), minimum: 0, f: rosenbrock },
  { name: 'ackley5', description: 'Ackley-5 on [−32.768, 32.768]^5', space: box(5, -32.768, 32.768), minimum: 0, f: ackley },
];

/** The point of a problem's parameters, in the space's order. */
export function pointOf(problem: HpoProblem, params: Readonly<Record<string, unknown>>): number[] {
  return Object.keys(problem.space).map((name) => params[name] as number);
}
