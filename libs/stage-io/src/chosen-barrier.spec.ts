import { StageOutput } from '@ares/contracts';
import { StageFailure } from '@ares/stage-runtime';
import { chosenBarrier } from './stage-artifacts';

const upstream = (output: StageOutput) => ({ input: () => output });

describe('chosenBarrier', () => {
  it("reads target-params' payload, not its display metrics", () => {
    const output = { artifacts: [], metrics: { kTp: 9, kSl: 9, horizonBars: 9 }, payload: { barrier: { kTp: 1.5, kSl: 1, horizonBars: 24 } } };
    expect(chosenBarrier(upstream(output))).toEqual({ kTp: 1.5, kSl: 1, horizonBars: 24 });
  });

  it('refuses an output whose payload does not hold a valid barrier, naming the field', () => {
    expect(() => chosenBarrier(upstream({ artifacts: [], metrics: { kTp: 1.5, kSl: 1, horizonBars: 24 } }))).toThrow(StageFailure);
    const bad = { artifacts: [], metrics: {}, payload: { barrier: { kTp: 1.5, kSl: 1, horizonBars: 0 } } };
    expect(() => chosenBarrier(upstream(bad))).toThrow(/barrier\.horizonBars/);
  });
});
