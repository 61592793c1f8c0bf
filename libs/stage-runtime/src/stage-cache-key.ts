import { createHash } from 'node:crypto';
import { ExecuteStageCommand } from '@ares/contracts';

/** JSON with sorted keys, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The content hash of everything a stage's output depends on: the stage and its version, the hashes of its
 * input artifacts, its parameters, the part of the RunSpec it reads (default: all of it), and an optional
 * fingerprint of non-artifact inputs. Run id and attempt are left out: a redelivered or resumed stage finds its output.
 */
export function stageCacheKey(
  command: ExecuteStageCommand,
  stageVersion: string,
  params: object,
  fingerprint = '',
  specScope: unknown = command.spec,
): string {
  const inputs = command.inputs
    .map((input) => ({ stage: input.stage, artifacts: input.output.artifacts.map((artifact) => [artifact.name, artifact.sha256]) }))
    .sort((a, b) => (a.stage < b.stage ? -1 : 1));
  const identity = canonicalJson({ stage: command.stage, stageVersion, inputs, params, spec: specScope, fingerprint });
  return `${command.stage}.${createHash('sha256').update(identity).digest('hex')}`;
}
