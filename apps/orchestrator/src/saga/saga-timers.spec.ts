import pino from 'pino';
import { SagaTimers, taskRetryDelayMs } from './saga-timers';

describe('SagaTimers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const transient = new Error('no responders');
  const bug = new Error('a bug');
  const timersFor = () => new SagaTimers(pino({ level: 'silent' }), (error) => error === transient);

  it('backs off 1 s, 2 s, 4 s … at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(taskRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('runs a task failing with a transient error again for as long as it takes', async () => {
    const timers = timersFor();
    let runs = 0;
    timers.schedule('r1/train/1/send', 10, async () => {
      if (++runs < 12) throw transient;
    });
    await jest.advanceTimersByTimeAsync(10 + 1000 + 2000 + 4000 + 8000 + 16_000 + 6 * 30_000);
    expect(runs).toBe(12);
    timers.stop();
  });

  it('gives a task failing otherwise up after five retries', async () => {
    const timers = timersFor();
    let runs = 0;
    timers.schedule('r1/train/1/timeout', 10, async () => {
      runs++;
      throw bug;
    });
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(6);
    timers.stop();
  });

  it("clears a stage's or a run's timers by key prefix, and nothing runs after stop()", async () => {
    const timers = timersFor();
    const ran: string[] = [];
    for (const key of ['r1/train/1/timeout', 'r1/train/2/send', 'r1/train-x/1/timeout', 'r1/ensemble/1/timeout', 'r2/train/1/timeout'])
      timers.schedule(key, 100, async () => void ran.push(key));
    timers.clear('r1/train');
    await jest.advanceTimersByTimeAsync(200);
    expect(ran.sort()).toEqual(['r1/ensemble/1/timeout', 'r1/train-x/1/timeout', 'r2/train/1/timeout']);
    timers.schedule('r3/train/1/timeout', 100, async () => void ran.push('r3'));
    timers.clear('r3');
    timers.schedule('r4/train/1/timeout', 100, async () => void ran.push('r4'));
    timers.stop();
    timers.schedule('r5/train/1/timeout', 100, async () => void ran.push('r5'));
    await jest.advanceTimersByTimeAsync(200);
    expect(ran).toHaveLength(3);
  });
});
