import { randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { BARRIER, deployableSetupFor } from '../testing/deployable-setup';
import { rowsWhere } from '../baseline-model';
import { SidedLabels } from '../sides/sided-labels';
import { ensemblePlan } from './ensemble-plan';
import { fitEnsembleMembers, memberName } from './ensemble-members';
import { oneClassLogit } from './one-class-fallback';
import { splitsOver } from './out-of-fold';
import { fitStackedModel } from './stacked-model';

describe('oneClassLogit', () => {
  it("is undefined with both classes, else the class's Jeffreys-smoothed rate as a logit", () => {
    const rows = Int32Array.from({ length: 99 }, (_, i) => i);
    expect(
      oneClassLogit(
        Uint8Array.from(rows, (i) => i % 2),
        rows,
      ),
    ).toBeUndefined();
    expect(oneClassLogit(new Uint8Array(99), rows)).toBeCloseTo(Math.log(0.005 / 0.995), 12);
    expect(oneClassLogit(new Uint8Array(99).fill(1), rows)).toBeCloseTo(Math.log(0.995 / 0.005), 12);
  });
});

describe('an ensemble fold whose training rows hold one class of a side', () => {
  const setup = deployableSetupFor(randomWalkCandles(1800, seededRandom(11)));
  const rows = rowsWhere(0, setup.inputs.candles.length, (row) => setup.labels.trainable[row] === 1);
  const configs = ensemblePlan(setup.leaders, setup.trainParams, setup.ensemble, setup.seed);
  const options = { folds: setup.ensemble.folds, embargoBars: BARRIER.horizonBars };
  const splits = splitsOver(setup.inputs, setup.labels, rows, options.folds, options.embargoBars);
  const quiet = splits[1];
  // Shorts reach their take-profit only inside fold 1's test block: every other fold trains on some, fold 1 on none.
  const inQuietBlock = (row: number) => row >= quiet.testStart && row < quiet.testEnd;
  const labels: SidedLabels = {
    ...setup.labels,
    short: { ...setup.labels.short, label: setup.labels.short.label.map((value, row) => (inQuietBlock(row) ? value : 0)) },
  };

  it('predicts the smoothed rate there, says which members were flat, and the stack still fits', async () => {
    const target = Uint8Array.from(labels.short.label, (value) => (value === 1 ? 1 : 0));
    expect(oneClassLogit(target, quiet.trainRows)).toBeDefined();
    expect(splits.filter((split) => split !== quiet).every((split) => oneClassLogit(target, split.trainRows) === undefined)).toBe(true);

    const members = await fitEnsembleMembers(configs, setup.inputs, labels, rows, options);
    expect(members.folds.map((fold) => fold.flatMembers ?? [])).toEqual(
      splits.map((split) => (split === quiet ? configs.map((config) => memberName(config, 'short')) : [])),
    );
    const constant = oneClassLogit(target, quiet.trainRows)!;
    for (const column of members.oof.short) for (const row of quiet.scoredRows) expect(column[row]).toBe(constant);
    // The long side was fitted on that fold as usual: its logits rank rows.
    expect(new Set(Array.from(quiet.scoredRows, (row) => members.oof.long[0][row])).size).toBeGreaterThan(1);

    const stacked = fitStackedModel(members, setup.inputs, labels, setup.meta, BARRIER.horizonBars);
    expect(stacked.spec.layers[0].outputs.map((output) => output.weights.every(Number.isFinite))).toEqual([true, true]);
  });
});
