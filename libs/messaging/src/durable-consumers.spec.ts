import { durableConsumers, handlerDurable } from './durable-consumers';

describe('durableConsumers', () => {
  it('names every consumer the services attach to, once, each in the stream that holds its filter', () => {
    const consumers = durableConsumers();
    expect(consumers.map((c) => `${c.stream}/${c.durable} ${c.filterSubject}`)).toEqual([
      'ARES_STAGE_EVENTS/orchestrator-ares_evt_stage_all ares.evt.stage.>',
      'ARES_RUN_COMMANDS/orchestrator-ares_cmd_run_all ares.cmd.run.>',
      'ARES_STAGE_COMMANDS/data-service-ares_cmd_stage_data-service_all ares.cmd.stage.data-service.>',
      'ARES_UNITS/data-service-units ares.unit.data-service.>',
      'ARES_STAGE_COMMANDS/optimizer-service-ares_cmd_stage_optimizer-service_all ares.cmd.stage.optimizer-service.>',
      'ARES_UNITS/optimizer-service-units ares.unit.optimizer-service.>',
      'ARES_STAGE_COMMANDS/trainer-service-ares_cmd_stage_trainer-service_all ares.cmd.stage.trainer-service.>',
      'ARES_UNITS/trainer-service-units ares.unit.trainer-service.>',
      'ARES_STAGE_COMMANDS/validator-service-ares_cmd_stage_validator-service_all ares.cmd.stage.validator-service.>',
      'ARES_UNITS/validator-service-units ares.unit.validator-service.>',
    ]);
    expect(new Set(consumers.map((c) => c.durable)).size).toBe(consumers.length);
  });

  it('turns wildcards into durable-safe tokens', () => {
    expect(handlerDurable('svc', 'a.*.b.>')).toBe('svc-a_any_b_all');
  });
});
