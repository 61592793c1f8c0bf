import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage, StageInput, StageName, StageOutput } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { InMemoryStageCache, StageRunner } from '@ares/stage-runtime';
import { dataStages } from '@ares/data-service';
import { CoarseOptimizationStage, HpoStage, TargetParamsStage } from '@ares/optimizer-service';
import { ModelRegistry } from '@ares/model-registry';
import { EnsembleStage, MetaLearnerStage, SaveModelStage, TrainStage } from '@ares/trainer-service';
import { AbSetupStage, CrossValidationStage, MonteCarloStage, ReportStage, WalkForwardStage } from '@ares/validator-service';
import { STAGE_CATALOGUE } from '@ares/contracts';

/** Every stage of the default run, in process, on the embedded 2023 BTC/USDT 1h sample (or ARES_DATA_DIR's files in `env`). */
export async function runPipeline(
  specPlain: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  { registry = ModelRegistry.inMemory(), runId = 'r1' }: { registry?: ModelRegistry; runId?: string } = {},
) {
  const spec = parseContract(RunSpec, specPlain);
  const artifacts = new InMemoryArtifactStore();
  const events: StageEventMessage[] = [];
  const runner = new StageRunner({
    stages: [
      ...(await dataStages(env)),
      new TargetParamsStage(),
      new CoarseOptimizationStage(),
      new HpoStage(),
      new TrainStage(),
      new EnsembleStage(),
      new MetaLearnerStage(),
      new WalkForwardStage(),
      new CrossValidationStage(),
      new MonteCarloStage(),
      new SaveModelStage(registry),
      new AbSetupStage(registry),
      new ReportStage(),
    ],
    cache: new InMemoryStageCache(),
    artifacts,
    instance: 'test',
    logger: pino({ level: 'silent' }),
    publishEvent: async (message) => {
      events.push(message);
    },
  });
  const outputs = new Map<StageName, StageOutput>();
  for (const stage of STAGE_CATALOGUE) {
    const inputs: StageInput[] = stage.dependsOn.map((name) => ({ stage: name, output: outputs.get(name)! }));
    const command: ExecuteStageCommand = {
      schemaVersion: 1,
      runId,
      stage: stage.name,
      attempt: 1,
      spec,
      inputs,
      dispatchedAt: new Date().toISOString(),
      commandId: `${runId}.${stage.name}.1`,
    };
    await runner.run(command);
    const last = events.at(-1)!;
    if (last.kind !== 'completed') throw new Error(`${stage.name} ${last.kind}: ${last.error}`);
    outputs.set(stage.name, last.output!);
  }
  return { outputs, artifacts, events, registry };
}
