import { ServiceName, ServiceNames } from './subjects';

/** A stage of the pipeline: which service runs it and which stages' outputs it needs. */
export interface StageDefinition {
  readonly name: StageName;
  readonly service: ServiceName;
  readonly dependsOn: readonly StageName[];
  /** Defaults applied when the RunSpec does not override them. */
  readonly defaultRetries: number;
  readonly defaultTimeoutSeconds: number;
}

export const STAGE_NAMES = ['collect', 'preprocess', 'validate-data', 'target-params', 'train', 'walk-forward'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * The default run's stage graph. validate-data checks the raw candles and so runs beside preprocess;
 * train (the deployable model) and walk-forward (its honest evaluation, retraining per fold) both need
 * only the features, the quality mask and the chosen labels, so they run side by side too.
 */
export const STAGE_CATALOGUE: readonly StageDefinition[] = [
  { name: 'collect', service: ServiceNames.data, dependsOn: [], defaultRetries: 2, defaultTimeoutSeconds: 300 },
  { name: 'preprocess', service: ServiceNames.data, dependsOn: ['collect'], defaultRetries: 1, defaultTimeoutSeconds: 300 },
  { name: 'validate-data', service: ServiceNames.data, dependsOn: ['collect'], defaultRetries: 1, defaultTimeoutSeconds: 300 },
  {
    name: 'target-params',
    service: ServiceNames.optimizer,
    dependsOn: ['preprocess', 'validate-data'],
    defaultRetries: 1,
    defaultTimeoutSeconds: 600,
  },
  {
    name: 'train',
    service: ServiceNames.trainer,
    dependsOn: ['preprocess', 'validate-data', 'target-params'],
    defaultRetries: 1,
    defaultTimeoutSeconds: 600,
  },
  {
    name: 'walk-forward',
    service: ServiceNames.validator,
    dependsOn: ['preprocess', 'validate-data', 'target-params'],
    defaultRetries: 1,
    defaultTimeoutSeconds: 900,
  },
];

export function isStageName(value: string): value is StageName {
  return (STAGE_NAMES as readonly string[]).includes(value);
}

export function stageDefinition(name: StageName): StageDefinition {
  const found = STAGE_CATALOGUE.find((stage) => stage.name === name);
  if (!found) throw new Error(`unknown stage '${name}'`);
  return found;
}
