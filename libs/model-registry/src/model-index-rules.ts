import type { AbPlan, ModelIndex, ModelStage, ModelVersionEntry } from '@ares/contracts';
import { InvalidStageChangeError, ModelNotFoundError } from './registry-errors';

/** What a name's index says at a glance. */
export interface ModelSummary {
  name: string;
  latest: number;
  champion: number | null;
  versions: number;
}

export type NewVersion = Pick<ModelVersionEntry, 'runId' | 'onnxSha256' | 'onnxRef' | 'cardRef'>;

/** The version a run registered, if it did: registering the same run again must find it, not add another. */
export function versionOfRun(index: ModelIndex | undefined, runId: string): ModelVersionEntry | undefined {
  return index?.versions.find((entry) => entry.runId === runId);
}

/** The version a new registration gets: one more than the newest, never reused. */
export function nextVersion(index: ModelIndex | undefined): number {
  return (index?.versions.at(-1)?.version ?? 0) + 1;
}

/** The index with a new version appended at stage `none`. */
export function appendVersion(index: ModelIndex | undefined, name: string, added: NewVersion, at: string): ModelIndex {
  if (versionOfRun(index, added.runId)) throw new InvalidStageChangeError(`run ${added.runId} already registered a version of '${name}'`);
  const entry: ModelVersionEntry = {
    ...added,
    version: nextVersion(index),
    stage: 'none',
    registeredAt: at,
    history: [{ stage: 'none', at, reason: `registered by run ${added.runId}` }],
  };
  return { name, versions: [...(index?.versions ?? []), entry] };
}

export function findVersion(index: ModelIndex, version: number): ModelVersionEntry {
  const entry = index.versions.find((candidate) => candidate.version === version);
  if (!entry)
    throw new ModelNotFoundError(`model '${index.name}' has no version ${version} (it has ${index.versions.map((v) => v.version).join(', ')})`);
  return entry;
}

export function championOf(index: ModelIndex): ModelVersionEntry | undefined {
  return index.versions.find((entry) => entry.stage === 'champion');
}

export function summarizeIndex(index: ModelIndex): ModelSummary {
  return {
    name: index.name,
    latest: index.versions.at(-1)?.version ?? 0,
    champion: championOf(index)?.version ?? null,
    versions: index.versions.length,
  };
}

export interface StageChange {
  version: number;
  stage: ModelStage;
  reason: string;
  at: string;
  /** ab-setup's plan, kept with the version it decided. */
  ab?: AbPlan;
}

/**
 * The index after a version moves to `stage`. One champion per name: promoting a version archives the champion it
 * replaces (and promoting an archived version back is the rollback). `none` is only a new version's stage. Moving a
 * version to the stage it already has changes nothing, so a repeated command or a redelivered stage is harmless.
 */
export function changeStage(index: ModelIndex, change: StageChange): ModelIndex {
  const target = findVersion(index, change.version);
  if (change.stage === 'none') throw new InvalidStageChangeError("a version cannot go back to stage 'none'");
  if (target.stage === change.stage && (change.ab === undefined || target.ab !== undefined)) return index;
  const versions = index.versions.map((entry) => {
    if (entry.version === change.version) {
      const moved = entry.stage === change.stage ? [] : [{ stage: change.stage, at: change.at, reason: change.reason }];
      return { ...entry, stage: change.stage, ...(change.ab ? { ab: change.ab } : {}), history: [...entry.history, ...moved] };
    }
    if (change.stage === 'champion' && entry.stage === 'champion') {
      const reason = `replaced by version ${change.version}`;
      return { ...entry, stage: 'archived' as const, history: [...entry.history, { stage: 'archived' as const, at: change.at, reason }] };
    }
    return entry;
  });
  return { ...index, versions };
}
