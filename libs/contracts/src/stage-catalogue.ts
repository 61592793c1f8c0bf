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

export const STAGE_NAMES = ['collect', 'preprocess', 'validate-data'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * The default run's stage graph. validate-data checks the raw candles and so runs beside
 * preprocess; both need only collect's dataset.
 */
export const STAGE_CATALOGUE: readonly StageDefinition[] = [
  { name: 'collect', service: ServiceNames.data, dependsOn: [], defaultRetries: 2, defaultTimeoutSeconds: 300 },
  { name: 'preprocess', service: ServiceNames.data, dependsOn: ['collect'], defaultRetries: 1, defaultTimeoutSeconds: 300 },
  { name: 'validate-data', service: ServiceNames.data, dependsOn: ['collect'], defaultRetries: 1, defaultTimeoutSeconds: 300 },
];

export function isStageName(value: string): value is StageName {
  return (STAGE_NAMES as readonly string[]).includes(value);
}

export function stageDefinition(name: StageName): StageDefinition {
  const found = STAGE_CATALOGUE.find((stage) => stage.name === name);
  if (!found) throw new Error(`unknown stage '${name}'`);
  return found;
}
