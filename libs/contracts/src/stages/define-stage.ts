import { getMetadataStorage, IsEmpty } from 'class-validator';
import type { ServiceName } from '../subjects';

/**
 * Everything the pipeline knows about a stage, declared once: who runs it, what it needs, its default budget and
 * its params class (class-validator, with defaults). The catalogue, the RunSpec's `stages` overrides, their
 * validation at the door and the OpenAPI schema are all derived from these declarations.
 */
export interface StageContract<N extends string = string, P extends object = object> {
  readonly name: N;
  readonly service: ServiceName;
  /** Stages whose outputs this one needs; it runs once they are all done. */
  readonly dependsOn: readonly string[];
  /** Extra attempts after a transient failure, unless the RunSpec says otherwise. */
  readonly retries: number;
  readonly timeoutSeconds: number;
  /** `stages[<name>].params` of the RunSpec: validated at StartRun, defaults applied, handed to the stage typed. */
  readonly params: new () => P;
  /** One line for people reading the catalogue (README, OpenAPI). */
  readonly description: string;
}

export function defineStage<const N extends string, P extends object>(contract: StageContract<N, P>): StageContract<N, P> {
  acceptNoParams(contract.params);
  return Object.freeze({ ...contract, dependsOn: Object.freeze([...contract.dependsOn]) });
}

/**
 * class-validator refuses an instance of a class it has no metadata for ("unknown value"): a stage with no params
 * yet gets one never-set marker, so `{}` validates and any field is still an unknown field.
 */
function acceptNoParams(params: new () => object): void {
  const known = getMetadataStorage().getTargetValidationMetadatas(params, '', true, false);
  if (known.length === 0) IsEmpty({ message: 'this stage takes no params' })(params.prototype, '$noParams');
}
