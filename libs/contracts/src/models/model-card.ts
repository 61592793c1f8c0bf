import type { RunSpec } from '../run-spec';

/** One upstream stage's output, as the card's lineage records it: the hash of each artifact it handed on. */
export interface LineageEntry {
  stage: string;
  artifacts: { name: string; sha256: string; size: number }[];
  /** sha256 of the stage's metrics, summary and payload (canonical JSON): the rest of what it handed on. */
  outputSha256: string;
}

/**
 * A registered model's card (MLflow's model card, Mitchell et al. 2019): what it was trained on, how, how good it is
 * out of sample, and where every input came from. Immutable once written; a version's stage lives in the index.
 */
export interface ModelCard {
  schemaVersion: 1;
  name: string;
  version: number;
  runId: string;
  registeredAt: string;
  spec: RunSpec;
  data: { from: string; to: string; firstBar: string; lastBar: string; rows: number; datasetSha256: string };
  model: {
    kind: 'gbdt' | 'logistic' | 'ensemble';
    /** The stage whose ONNX graph this is (train or meta-learner). */
    producedBy: string;
    features: string[];
    outputs: string[];
    barrier: { kTp: number; kSl: number; horizon: number };
    /** The entry rule: a fixed threshold, or 'break-even after costs'. */
    threshold: number | string;
    params: Record<string, unknown>;
  };
  onnx: { sha256: string; bytes: number; parityMaxAbsDiff: number; runtime: string };
  validation: {
    walkForward: Record<string, number>;
    crossValidation: Record<string, number>;
    monteCarlo: Record<string, number>;
    psr: number | null;
    dsr: number | null;
    pbo: number | null;
    trials: number | null;
    verdict: string | null;
  };
  lineage: LineageEntry[];
}
