import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintDockerfile, missingDockerignoreEntries } from './dockerfile-lint';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

// No container engine runs here: the image cannot be built, so its rules are checked on the parsed Dockerfile.
describe('Dockerfile', () => {
  it('keeps every rule the image relies on', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('is caught when a rule is broken', () => {
    const broken = [
      'FROM node:latest AS build',
      'RUN npm install',
      'FROM node:20-alpine',
      'ADD https://example.com/tool.tgz /opt/',
      'ENV ARES_API_TOKEN=abc',
      'USER root',
      'HEALTHCHECK CMD curl -f http://localhost:9464/healthz',
      'ENTRYPOINT node dist/apps/orchestrator/src/main.js',
    ].join('\n');
    const problems = lintDockerfile(broken).join('\n');
    for (const expected of [
      "FROM node:latest: no tag or 'latest'",
      'FROM node:20-alpine: every stage must build on node:20-bookworm-slim',
      'never a URL',
      'ENV ARES_API_TOKEN: no secrets in the image',
      'build stage: no `npm ci`',
      'runtime stage: no `npm ci --omit=dev`',
      'USER root: must be numeric',
      'ENTRYPOINT missing or not in exec (JSON) form',
      'HEALTHCHECK',
      'tini is not installed',
    ])
      expect(problems).toContain(expected);
    expect(lintDockerfile(dockerfile.replace('USER 10001:10001', 'USER 0'))).toEqual(['USER 0: root']);
  });

  it('the default command is a compiled service entry point', () => {
    const cmd = /^CMD \["([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(cmd).toBe('dist/apps/orchestrator/src/main.js');
    expect(readFileSync(join(root, 'apps', 'orchestrator', 'src', 'main.ts'), 'utf8')).toContain('bootstrap');
  });
});

describe('.dockerignore', () => {
  it('keeps installed, built and secret files out of the build context', () => {
    expect(missingDockerignoreEntries(readFileSync(join(root, '.dockerignore'), 'utf8'))).toEqual([]);
    expect(missingDockerignoreEntries('node_modules\n')).toContain('.git');
  });
});
