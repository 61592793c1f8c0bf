import { randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { BARRIER, deployableSetupFor } from '../testing/deployable-setup';
import { rowsWhere } from '../baseline-model';
import { SidedLabels } from '../sides/sided-labels';
import { ensemblePlan } from './ensemble-plan';
import { fitEnsembleMembers } from './ensemble-members';
import { splitsOver } from './out-of-fold';

describe('an ensemble fold whose training rows hold one class of a side', () => {
  it('fails naming the fold, its dates, the side and what to change', async () => {
    const setup = deployableSetupFor(randomWalkCandles(1800, seededRandom(11)));
    const rows = rowsWhere(0, setup.inputs.candles.length, (row) => setup.labels.trainable[row] === 1);
    const configs = ensemblePlan(setup.leaders, setup.trainParams, setup.ensemble, setup.seed);
    const options = { folds: setup.ensemble.folds, embargoBars: BARRIER.horizonBars };
    const quiet = splitsOver(setup.inputs, setup.labels, rows, options.folds, options.embargoBars)[1];
    // Shorts reach their take-profit only inside fold 2's test block: its training rows hold none.
    const labels: SidedLabels = {
      ...setup.labels,
      short: {
        ...setup.labels.short,
        label: setup.labels.short.label.map((value, row) => (row >= quiet.testStart && row < quiet.testEnd ? value : 0)),
      },
    };
    const day = (bar: number) => new Date(setup.inputs.candles.timestamps[bar]).toISOString().slice(0, 10);
    await expect(fitEnsembleMembers(configs, setup.inputs, labels, rows, options)).rejects.toThrow(
      `out-of-fold fold 2 of ${options.folds} (test ${day(quiet.testStart)} → ${day(quiet.testEnd - 1)}): the ${quiet.trainRows.length} training rows of ${configs[0].name}:short hold only class 0`,
    );
    await expect(fitEnsembleMembers(configs, setup.inputs, labels, rows, options)).rejects.toThrow(
      'widen the date range, or lower stages.ensemble.params.folds',
    );
  });
});
