import type { BaseLearnerSpec } from '@ares/gbdt-onnx';
import { BaseLearnerConfig, fittedFromSpec } from './base-learner';
import { EnsembleMembers, OutOfFoldFold, Side, SIDES } from './ensemble-members';

/** The members as an artifact carries them: JSON for the models, the out-of-fold logits apart as bytes. */
interface EncodedMembers {
  configs: BaseLearnerConfig[];
  learners: Record<Side, unknown[]>;
  oofRows: number[];
  folds: OutOfFoldFold[];
}

const LINEAR_ARRAYS = ['mean', 'scale', 'weights'] as const;

function encodeLearner(spec: BaseLearnerSpec): unknown {
  if (spec.kind === 'trees') return spec;
  const model: Record<string, unknown> = { ...spec.model };
  for (const key of LINEAR_ARRAYS) model[key] = Array.from(spec.model[key]);
  return { ...spec, model };
}

function decodeLearner(raw: unknown): BaseLearnerSpec {
  const spec = raw as BaseLearnerSpec;
  if (spec.kind === 'trees') return spec;
  const model = { ...spec.model };
  for (const key of LINEAR_ARRAYS) model[key] = Float64Array.from(spec.model[key] as unknown as number[]);
  return { ...spec, model };
}

export function encodeEnsembleMembers(members: EnsembleMembers): { json: Uint8Array; oof: Uint8Array } {
  const rows = members.oofRows;
  const columns = SIDES.flatMap((side) => members.oof[side]);
  const oof = new Float64Array(columns.length * rows.length);
  columns.forEach((column, c) => {
    for (let i = 0; i < rows.length; i++) oof[c * rows.length + i] = column[rows[i]];
  });
  const encoded: EncodedMembers = {
    configs: members.configs,
    learners: { long: members.fitted.long.map((m) => encodeLearner(m.spec)), short: members.fitted.short.map((m) => encodeLearner(m.spec)) },
    oofRows: Array.from(rows),
    folds: members.folds,
  };
  return { json: new TextEncoder().encode(JSON.stringify(encoded)), oof: new Uint8Array(oof.buffer) };
}

/** The members back, their out-of-fold logits spread over `length` rows again (NaN off the out-of-fold rows). */
export function decodeEnsembleMembers(json: Uint8Array, oofBytes: Uint8Array, length: number): EnsembleMembers {
  const encoded = JSON.parse(new TextDecoder().decode(json)) as EncodedMembers;
  const rows = Int32Array.from(encoded.oofRows);
  const count = encoded.configs.length;
  for (const side of SIDES) {
    if (encoded.learners[side]?.length !== count)
      throw new Error(`the ${side} side has ${encoded.learners[side]?.length} learners, the configs ${count}`);
  }
  const expected = 2 * count * rows.length * 8;
  if (oofBytes.byteLength !== expected) throw new Error(`the out-of-fold logits hold ${oofBytes.byteLength} bytes, expected ${expected}`);
  if (rows.length > 0 && rows[rows.length - 1] >= length) throw new Error(`out-of-fold row ${rows[rows.length - 1]} is past the ${length} rows`);
  const values = new Float64Array(oofBytes.slice().buffer);
  const column = (c: number) => {
    const out = new Float64Array(length).fill(NaN);
    for (let i = 0; i < rows.length; i++) out[rows[i]] = values[c * rows.length + i];
    return out;
  };
  return {
    configs: encoded.configs,
    fitted: {
      long: encoded.learners.long.map((raw) => fittedFromSpec(decodeLearner(raw))),
      short: encoded.learners.short.map((raw) => fittedFromSpec(decodeLearner(raw))),
    },
    oof: { long: encoded.configs.map((_, j) => column(j)), short: encoded.configs.map((_, j) => column(count + j)) },
    oofRows: rows,
    folds: encoded.folds,
  };
}
