import { isSubjectSubsetOf, sanitizeForDurable } from './subject-pattern';

describe('subject patterns', () => {
  it.each([
    ['ares.cmd.stage.data-service.>', 'ares.cmd.stage.>', true],
    ['ares.cmd.stage.>', 'ares.cmd.stage.>', true],
    ['ares.cmd.>', 'ares.cmd.stage.>', false],
    ['ares.cmd.stage', 'ares.cmd.stage.>', false],
    ['ares.evt.stage.*', 'ares.evt.stage.>', true],
    ['ares.evt.stage.run1', 'ares.evt.stage.*', true],
    ['ares.evt.stage.>', 'ares.evt.stage.*', false],
    ['ares.evt.stage.*', 'ares.evt.stage.run1', false],
    ['ares.evt.stage.run1.x', 'ares.evt.stage.*', false],
  ])('%s ⊆ %s is %s', (pattern, filter, expected) => {
    expect(isSubjectSubsetOf(pattern, filter)).toBe(expected);
  });

  it('matches concrete subjects', () => {
    expect(isSubjectSubsetOf('ares.dlq.ares.cmd.run.start', 'ares.dlq.>')).toBe(true);
    expect(isSubjectSubsetOf('ares.cmd.run.start', 'ares.dlq.>')).toBe(false);
  });

  it('turns a pattern into a valid durable name', () => {
    expect(sanitizeForDurable('ares.cmd.stage.data-service.>')).toBe('ares_cmd_stage_data-service_all');
    expect(sanitizeForDurable('ares.evt.stage.*')).toBe('ares_evt_stage_any');
    expect(sanitizeForDurable('a b/c.d')).toBe('a_b_c_d');
  });
});
