import { randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { BARRIER, deployableSetupFor } from '../testing/deployable-setup';
import { rowsWhere } from '../baseline-model';
import { SidedLabels } from '../sides/sided-labels';
import { ensemblePlan } from './ensemble-plan';
import { fitEnsembleMembers } from './ensemble-members';
import { splitsOver } from './out-of-fold';
import { fitStackedModel } from './stacked-model';

const setup = deployableSetupFor(randomWalkCandles(1800, seededRandom(11)));
const rows = rowsWhere(0, setup.inputs.candles.length, (row) => setup.labels.trainable[row] === 1);
const configs = ensemblePlan(setup.leaders, setup.trainParams, setup.ensemble, setup.seed);
const options = { folds: setup.ensemble.folds, embargoBars: BARRIER.horizonBars };

/** The labels with the take-profit outcome of every row in `flip` reversed, on both sides (label ends unchanged). */
function flipped(labels: SidedLabels, flip: (row: number) => boolean): SidedLabels {
  const side = (l: SidedLabels['long']) => ({ ...l, label: l.label.map((value, row) => (flip(row) ? (value === 1 ? 0 : 1) : value)) });
  return { ...labels, long: side(labels.long), short: side(labels.short) };
}

describe('ensemble leakage', () => {
  it("a fold's out-of-fold logits never use a row whose label overlaps the fold or its embargo (perturbation)", async () => {
    const members = await fitEnsembleMembers(configs, setup.inputs, setup.labels, rows, options);
    const splits = splitsOver(setup.inputs, setup.labels, rows, options.folds, options.embargoBars);
    const fold = splits[1];
    const trained = new Set(fold.trainRows);
    // Every row the fold may not train on — its test block, the labels reaching into it, its embargo — gets the opposite outcome.
    const purged = rows.filter((row) => !trained.has(row));
    expect(purged.some((row) => row < fold.testStart && setup.labels.labelEnd[row] >= fold.testStart)).toBe(true);
    expect(purged.some((row) => row >= fold.testEnd)).toBe(true);
    const perturbed = await fitEnsembleMembers(
      configs,
      setup.inputs,
      flipped(setup.labels, (row) => !trained.has(row)),
      rows,
      options,
    );
    for (const side of ['long', 'short'] as const) {
      members.oof[side].forEach((column, j) => {
        for (const row of fold.scoredRows) expect(perturbed.oof[side][j][row]).toBe(column[row]);
      });
    }
    // The test can fail: flipping rows the fold does train on moves its predictions.
    const moved = await fitEnsembleMembers(
      configs,
      setup.inputs,
      flipped(setup.labels, (row) => trained.has(row) && row % 3 === 0),
      rows,
      options,
    );
    expect(fold.scoredRows.some((row) => moved.oof.long[0][row] !== members.oof.long[0][row])).toBe(true);
  });

  it('the stacking and meta-label layers see only out-of-fold member predictions, never the in-sample fits', async () => {
    const members = await fitEnsembleMembers(configs, setup.inputs, setup.labels, rows, options);
    const stacked = fitStackedModel(members, setup.inputs, setup.labels, setup.meta, BARRIER.horizonBars);
    expect(stacked.spec.layers).toHaveLength(2);
    expect(stacked.meta!.long.bets + stacked.meta!.short.bets).toBeGreaterThan(0);
    // Swap every in-sample fit for another side's model: the layers' weights cannot move if they never read those fits.
    const swapped = { ...members, fitted: { long: members.fitted.short, short: members.fitted.long } };
    const again = fitStackedModel(swapped, setup.inputs, setup.labels, setup.meta, BARRIER.horizonBars);
    expect(again.spec.layers).toEqual(stacked.spec.layers);
    expect(again.spec.learners).not.toEqual(stacked.spec.learners);
    // …while changing the out-of-fold logits does move them.
    const noisy = { ...members, oof: { ...members.oof, long: members.oof.long.map((column) => column.map((v, row) => v + (row % 7) * 0.05)) } };
    expect(fitStackedModel(noisy, setup.inputs, setup.labels, setup.meta, BARRIER.horizonBars).spec.layers).not.toEqual(stacked.spec.layers);
  });
});
