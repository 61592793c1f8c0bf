import type { GbdtModelJson, GbdtObjective, TreeJson } from '@ares/gbdt';
import { normal, seededRandom } from './seeded-random';

export interface RandomModelSpec {
  objective: GbdtObjective;
  /** 1 for binary/regression, K ≥ 3 for multiclass. */
  numClass: number;
  featureCount: number;
  /** Boosting rounds; multiclass grows numClass trees per round. */
  rounds: number;
  maxDepth: number;
  seed: number;
  /** Default true (the trainer's contract); false draws arbitrary float64 thresholds. */
  float32Thresholds?: boolean;
}

/** A random but valid model: trees of depth ≤ maxDepth, mixed-sign leaves, random NaN routing. */
export function randomGbdtModel(spec: RandomModelSpec): GbdtModelJson {
  const rand = seededRandom(spec.seed);
  const trees: TreeJson[] = [];
  for (let round = 0; round < spec.rounds; round++) {
    for (let c = 0; c < spec.numClass; c++) trees.push(randomTree(rand, spec, c));
  }
  return {
    format: 'ares-gbdt',
    version: 1,
    objective: spec.objective,
    numClass: spec.numClass,
    featureNames: Array.from({ length: spec.featureCount }, (_, j) => `f${j}`),
    baseScore: Array.from({ length: spec.numClass }, () => normal(rand) * 0.5),
    trees,
    featureImportance: { gain: new Array(spec.featureCount).fill(0), split: new Array(spec.featureCount).fill(0) },
  };
}

function randomTree(rand: () => number, spec: RandomModelSpec, classIndex: number): TreeJson {
  const t: TreeJson = { classIndex, feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
  const grow = (depth: number): number => {
    const i = t.feature.length;
    const split = depth < spec.maxDepth && (depth === 0 || rand() < 0.8);
    const th = normal(rand) * 1.5;
    t.feature.push(split ? Math.floor(rand() * spec.featureCount) : -1);
    t.threshold.push(split ? (spec.float32Thresholds === false ? th : Math.fround(th)) : 0);
    t.defaultLeft.push(split && rand() < 0.5);
    t.value.push(split ? 0 : (rand() - 0.5) * 0.2);
    t.left.push(-1);
    t.right.push(-1);
    if (split) {
      t.left[i] = grow(depth + 1);
      t.right[i] = grow(depth + 1);
    }
    return i;
  };
  grow(0);
  return t;
}

/**
 * Column-major float64 rows: ~10% NaN, ~10% exactly equal to one of the model's thresholds (to
 * exercise `x < t` at equality), the rest normal × 1.5 (not float32: the contract rounds them).
 */
export function randomColumns(model: GbdtModelJson, n: number, seed: number): Float64Array[] {
  const rand = seededRandom(seed);
  const thresholds = model.trees.flatMap((t) => t.threshold.filter((_, i) => t.feature[i] !== -1));
  return model.featureNames.map(() => {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const u = rand();
      col[r] = u < 0.1 ? NaN : u < 0.2 && thresholds.length > 0 ? thresholds[Math.floor(rand() * thresholds.length)] : normal(rand) * 1.5;
    }
    return col;
  });
}
