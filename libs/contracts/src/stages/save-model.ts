import { IsOptional, IsString, Matches } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** A registry name: letters, digits, `_` and `-` (it is a NATS KV key token and a path segment of the API). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** `stages['save-model'].params`. */
export class SaveModelStageParams {
  /** The registry name; default `<exchange>-<symbol>-<timeframe>` with `/` as `_`, e.g. `binance-BTC_USDT-1h`. */
  @IsOptional()
  @IsString()
  @Matches(MODEL_NAME_PATTERN, { message: 'name must be 1 to 100 letters, digits, _ or -' })
  name?: string;
}

export const saveModelStage = defineStage({
  name: 'save-model',
  service: ServiceNames.trainer,
  dependsOn: [
    'collect',
    'preprocess',
    'validate-data',
    'target-params',
    'coarse-optimization',
    'hpo',
    'train',
    'ensemble',
    'meta-learner',
    'walk-forward',
    'cross-validation',
    'monte-carlo',
  ],
  retries: 2,
  timeoutSeconds: 120,
  params: SaveModelStageParams,
  description:
    "registers the deployable model in the registry (NATS KV index, Object Store bytes) as the name's next version, with a model card: RunSpec, data hash, features, params, validation figures, ONNX sha256 and lineage",
});
