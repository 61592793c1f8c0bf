import { deadLetteredAttemptEvent } from './dead-lettered-attempt';

describe('deadLetteredAttemptEvent', () => {
  it("fails the message's stage attempt, once per message", () => {
    const command = { runId: 'r1', stage: 'walk-forward', attempt: 2 };
    expect(deadLetteredAttemptEvent(command, '5 deliveries')).toMatchObject({
      eventId: 'r1.walk-forward.2.dead-letter',
      kind: 'failed',
      attempt: 2,
      deadLettered: true,
      error: 'stage command dead-lettered: 5 deliveries',
    });
    expect(deadLetteredAttemptEvent(command, 'timeout', 'fold-3')).toMatchObject({
      eventId: 'r1.walk-forward.2.dead-letter.unit.fold-3',
      error: 'unit fold-3 dead-lettered: timeout',
    });
  });

  it('says nothing for a message that does not name its attempt', () => {
    expect(deadLetteredAttemptEvent(undefined, 'x')).toBeUndefined();
    expect(deadLetteredAttemptEvent({ runId: 'r1', stage: 'deploy', attempt: 1 }, 'x')).toBeUndefined();
  });
});
