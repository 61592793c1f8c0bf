import type { ArtifactRef } from '../artifact-ref';
import type { AbPlan } from './ab-plan';
import type { ModelStage } from './model-stage';

/** A stage change of a version: by which run or command, when, and why. */
export interface StageTransition {
  stage: ModelStage;
  at: string;
  reason: string;
}

/** A version in the registry's index (the card itself is in the Object Store). */
export interface ModelVersionEntry {
  version: number;
  runId: string;
  stage: ModelStage;
  registeredAt: string;
  onnxSha256: string;
  /** The ONNX graph and the model card in the registry's content-addressed Object Store. */
  onnxRef: ArtifactRef;
  cardRef: ArtifactRef;
  /** ab-setup's plan and decision, once made. */
  ab?: AbPlan;
  history: StageTransition[];
}

/** The KV value at `model.<name>`: every version of one model name, oldest first. */
export interface ModelIndex {
  name: string;
  versions: ModelVersionEntry[];
}
