import { Copy, DockerfileParser, From, Instruction, JSONInstruction } from 'dockerfile-ast';

/** The base image every stage builds on: Debian (glibc) for onnxruntime-node, Node 20. */
export const BASE_IMAGE = 'node:20-bookworm-slim';

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)/i;

function stages(text: string): { from: From; instructions: Instruction[] }[] {
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const all = dockerfile.getInstructions();
  return froms.map((from, index) => {
    const start = from.getRange().start.line;
    const end = index + 1 < froms.length ? froms[index + 1].getRange().start.line : Number.POSITIVE_INFINITY;
    return { from, instructions: all.filter((i) => i.getRange().start.line >= start && i.getRange().start.line < end) };
  });
}

const args = (instruction: Instruction) => instruction.getArguments().map((a) => a.getValue());
const runText = (instruction: Instruction) => args(instruction).join(' ');

/** The rules the image relies on, as messages naming what is wrong; [] when the Dockerfile keeps them all. */
export function lintDockerfile(text: string): string[] {
  const problems: string[] = [];
  const all = stages(text);
  if (all.length < 2) problems.push('not multi-stage: expected a build stage and a runtime stage');
  for (const { from } of all) {
    const image = `${from.getImageName()}:${from.getImageTag() ?? ''}`;
    if (from.getImageTag() === undefined || from.getImageTag() === 'latest') problems.push(`FROM ${from.getImage()}: no tag or 'latest'`);
    else if (image !== BASE_IMAGE && !all.some((s) => s.from.getBuildStage() === from.getImageName()))
      problems.push(`FROM ${from.getImage()}: every stage must build on ${BASE_IMAGE}`);
  }
  const everything = all.flatMap((s) => s.instructions);
  for (const add of everything.filter((i) => i.getKeyword() === 'ADD'))
    problems.push(`ADD ${runText(add)}: use COPY (ADD fetches URLs and unpacks archives)${/https?:\/\//.test(runText(add)) ? ', never a URL' : ''}`);
  for (const i of everything.filter((i) => i.getKeyword() === 'ENV' || i.getKeyword() === 'ARG')) {
    for (const name of args(i).map((a) => a.split('=')[0]))
      if (SECRET_NAME.test(name)) problems.push(`${i.getKeyword()} ${name}: no secrets in the image`);
  }
  if (all.length === 0) return problems;

  const build = all[0];
  const runtime = all[all.length - 1];
  const buildRuns = build.instructions.filter((i) => i.getKeyword() === 'RUN').map(runText);
  if (!buildRuns.some((r) => /\bnpm ci\b/.test(r))) problems.push('build stage: no `npm ci`');
  if (!buildRuns.some((r) => /\bnpm run build\b/.test(r))) problems.push('build stage: no `npm run build`');

  const runtimeRuns = runtime.instructions.filter((i) => i.getKeyword() === 'RUN').map(runText);
  if (!runtimeRuns.some((r) => /\bnpm ci\b.*--omit=dev/.test(r))) problems.push('runtime stage: no `npm ci --omit=dev`');
  for (const stage of [build, runtime]) {
    const skipped = stage.instructions.some((i) => i.getKeyword() === 'ENV' && args(i).includes('ONNXRUNTIME_NODE_INSTALL=skip'));
    if (!skipped)
      problems.push(
        `stage ${stage.from.getBuildStage() ?? stage.from.getImage()}: ENV ONNXRUNTIME_NODE_INSTALL=skip missing (its postinstall downloads CUDA)`,
      );
  }
  if (!runtimeRuns.some((r) => /apt-get install .*\btini\b/.test(r))) problems.push('runtime stage: tini is not installed');
  const copiesFromBuild = (path: string) =>
    runtime.instructions.some(
      (i) =>
        i.getKeyword() === 'COPY' && (i as Copy).getFromFlag()?.getValue() === build.from.getBuildStage() && args(i).some((a) => a.endsWith(path)),
    );
  for (const path of ['/dist', '/data/market'])
    if (!copiesFromBuild(path)) problems.push(`runtime stage: ${path} is not copied from the build stage`);

  const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER');
  const user = users.length > 0 ? args(users[users.length - 1])[0] : undefined;
  const [uid, gid] = (user ?? '').split(':');
  if (user === undefined) problems.push('runtime stage: no USER (the image would run as root)');
  else if (!/^\d+$/.test(uid) || (gid !== undefined && !/^\d+$/.test(gid)))
    problems.push(`USER ${user}: must be numeric (runAsNonRoot cannot check a name)`);
  else if (Number(uid) === 0) problems.push(`USER ${user}: root`);
  const lastUserLine = users.length > 0 ? users[users.length - 1].getRange().start.line : -1;
  if (runtime.instructions.some((i) => i.getKeyword() === 'RUN' && i.getRange().start.line > lastUserLine && lastUserLine >= 0))
    problems.push('runtime stage: RUN after USER (packages would be installed as the app user)');

  const entrypoints = everything.filter((i) => i.getKeyword() === 'ENTRYPOINT');
  const entrypoint = entrypoints[entrypoints.length - 1] as JSONInstruction | undefined;
  const entry = entrypoint?.getJSONStrings().map((s) => s.getJSONValue()) ?? [];
  if (entry.length === 0) problems.push('ENTRYPOINT missing or not in exec (JSON) form');
  else if (entry[0] !== 'tini' && !entry[0].endsWith('/tini')) problems.push(`ENTRYPOINT ${JSON.stringify(entry)}: tini must be PID 1`);
  else if (entry[1] !== '--' || entry[2] !== 'node' || entry.length !== 3)
    problems.push(`ENTRYPOINT ${JSON.stringify(entry)}: expected ["tini", "--", "node"] so the args choose the service`);

  const healthchecks = runtime.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK');
  // A HEALTHCHECK would probe one fixed port, but the port differs by service; Kubernetes probes them instead.
  for (const healthcheck of healthchecks)
    if (!/^NONE$/i.test(runText(healthcheck))) problems.push(`HEALTHCHECK ${runText(healthcheck)}: leave probing to Kubernetes`);
  return problems;
}

/** The entries `.dockerignore` must hold: nothing built, installed, secret or irrelevant goes into the context. */
export const REQUIRED_DOCKERIGNORE = ['.git', 'node_modules', 'dist', '.env', 'test-artifacts', '.ares'];

export function missingDockerignoreEntries(text: string): string[] {
  const entries = new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return REQUIRED_DOCKERIGNORE.filter((entry) => !entries.has(entry));
}
