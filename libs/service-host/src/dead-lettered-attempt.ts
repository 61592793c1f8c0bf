import { isStageName, StageEventMessage } from '@ares/contracts';
import { instanceName } from './health-responder';

/**
 * The `failed` event a stage attempt gets when a message of its work (its stage command, or one of its units)
 * exhausted its deliveries; undefined when `attempt` (the command, parsed from the message) does not say which
 * attempt it was. `unit` names the unit, for a unit's message.
 */
export function deadLetteredAttemptEvent(attempt: unknown, reason: string, unit?: string): StageEventMessage | undefined {
  const { runId, stage, attempt: number } = (attempt ?? {}) as { runId?: string; stage?: string; attempt?: number };
  if (!runId || !stage || !isStageName(stage) || !number) return undefined;
  return {
    schemaVersion: 1,
    eventId: `${runId}.${stage}.${number}.dead-letter${unit === undefined ? '' : `.unit.${unit}`}`,
    runId,
    stage,
    attempt: number,
    kind: 'failed',
    occurredAt: new Date().toISOString(),
    instance: instanceName(),
    error: `${unit === undefined ? 'stage command' : `unit ${unit}`} dead-lettered: ${reason}`,
    deadLettered: true,
  };
}
