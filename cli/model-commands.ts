import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { AresApiClient, ModelVersionView } from './api-client';
import type { TextSink } from './data-commands';

export interface ModelCommandDeps {
  api?: () => AresApiClient;
  stdout?: TextSink;
}

const STAGES = ['champion', 'challenger', 'archived'];

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a version is a positive integer');
  return Number(value);
}

function versionLine(entry: ModelVersionView): string {
  const ab = entry.ab ? `  ${entry.ab.decision}: ${entry.ab.reason}` : '';
  return `v${String(entry.version).padEnd(4)} ${entry.stage.padEnd(10)} ${entry.registeredAt}  ${entry.runId}  ${entry.onnxSha256.slice(0, 12)}${ab}`;
}

/** `ares models ls | show | pull | promote`: the model registry over the orchestrator's HTTP API. */
export function registerModelCommands(program: Command, deps: ModelCommandDeps = {}): void {
  const api = deps.api ?? (() => new AresApiClient());
  const stdout = deps.stdout ?? process.stdout;
  const models = program.command('models').description('the model registry: versions, stages, cards, ONNX bytes');

  models
    .command('ls')
    .description('every model name with its latest version and champion')
    .action(async () => {
      const list = await api().listModels();
      if (list.length === 0) stdout.write('no models\n');
      for (const m of list)
        stdout.write(`${m.name}  latest v${m.latest}  champion ${m.champion === null ? '-' : `v${m.champion}`}  (${m.versions} versions)\n`);
    });

  models
    .command('show <name> [version]')
    .description("a model's versions with their stage, or one version's card")
    .option('--json', 'print the raw JSON')
    .action(async (name: string, version: string | undefined, options: { json?: boolean }) => {
      if (version !== undefined) {
        const detail = await api().getModelVersion(name, positiveInteger(version));
        stdout.write(options.json ? `${JSON.stringify(detail, null, 2)}\n` : `${versionLine(detail)}\n${JSON.stringify(detail.card, null, 2)}\n`);
        return;
      }
      const model = await api().getModel(name);
      if (options.json) stdout.write(`${JSON.stringify(model, null, 2)}\n`);
      else
        stdout.write(
          `${model.name}  champion ${model.champion === null ? '-' : `v${model.champion}`}\n${model.versions.map(versionLine).join('\n')}\n`,
        );
    });

  models
    .command('pull <name> <version>')
    .description("save a version's ONNX bytes, checked against the registry's sha256")
    .option('-o, --output <file>', 'where to write them (default <name>-v<version>.onnx)')
    .action(async (name: string, version: string, options: { output?: string }) => {
      const v = positiveInteger(version);
      const { bytes, sha256 } = await api().getModelOnnx(name, v);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== null && actual !== sha256) throw new Error(`the bytes received hash to ${actual}, the registry says ${sha256}: not written`);
      const file = options.output ?? `${name}-v${v}.onnx`;
      writeFileSync(file, bytes);
      stdout.write(`${file}  ${bytes.byteLength} bytes  sha256 ${actual}\n`);
    });

  models
    .command('promote <name> <version>')
    .description('make a version champion (the old one is archived; promoting an archived version rolls back), or set another stage')
    .option('--stage <stage>', `${STAGES.join(' | ')} (default champion)`)
    .option('--reason <text>', 'why, recorded in the version history')
    .action(async (name: string, version: string, options: { stage?: string; reason?: string }) => {
      if (options.stage !== undefined && !STAGES.includes(options.stage))
        throw new InvalidArgumentError(`--stage must be one of ${STAGES.join(', ')}`);
      const entry = await api().promoteModel(name, positiveInteger(version), { stage: options.stage, reason: options.reason });
      stdout.write(`${name} ${versionLine(entry)}\n`);
    });
}
