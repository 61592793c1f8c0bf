import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { InProcessApi, startInProcessApi } from '../test/in-process-api';
import { ApiError, AresApiClient } from './api-client';
import { buildProgram } from './main';
import { sampleCardDraft as draft } from '@ares/model-registry/testing';

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const onnxOf = (seed: number) => new Uint8Array(2048).map((_, i) => (i * 13 + seed) % 256);

describe('the model registry over HTTP and `ares models`', () => {
  let server: NatsServerProcess;
  let stack: InProcessApi;
  let api: AresApiClient;
  let stdout: Capture;

  beforeAll(async () => {
    server = await startNatsServer();
    stack = await startInProcessApi(server);
    api = new AresApiClient(stack.url);
    for (const [i, run] of ['run-a', 'run-b'].entries())
      await stack.registry.register({ name: 'binance-BTC_USDT-1h', runId: run, onnx: onnxOf(i), card: draft(run) });
  });
  afterAll(async () => {
    await stack?.app.close();
    await stack?.nc.close();
    await server?.stop();
  });
  beforeEach(() => (stdout = new Capture()));

  const ares = (args: string[]) =>
    buildProgram({
      api: () => api,
      stdout,
      exit: (code) => {
        throw Object.assign(new Error(`exit ${code}`), { exitCode: code });
      },
    }).parseAsync(args, { from: 'user' });

  it('lists names, versions with stage, and serves a version card', async () => {
    expect(await api.listModels()).toEqual([{ name: 'binance-BTC_USDT-1h', latest: 2, champion: null, versions: 2 }]);
    const model = await api.getModel('binance-BTC_USDT-1h');
    expect(model.versions.map((v) => [v.version, v.stage, v.runId])).toEqual([
      [1, 'none', 'run-a'],
      [2, 'none', 'run-b'],
    ]);
    const v2 = await api.getModelVersion('binance-BTC_USDT-1h', 2);
    expect(v2.card).toMatchObject({ name: 'binance-BTC_USDT-1h', version: 2, runId: 'run-b', onnx: { bytes: 2048 } });
    await ares(['models', 'ls']);
    expect(stdout.text).toContain('binance-BTC_USDT-1h  latest v2  champion -  (2 versions)');
    await ares(['models', 'show', 'binance-BTC_USDT-1h', '2']);
    expect(stdout.text).toContain('"runId": "run-b"');
  });

  it('answers 404 naming the unknown name or version, and 400 for a malformed one', async () => {
    await expect(api.getModel('ghost')).rejects.toMatchObject({ status: 404, message: expect.stringContaining("no model named 'ghost'") });
    await expect(api.getModelVersion('binance-BTC_USDT-1h', 9)).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('has no version 9'),
    });
    await expect(api.getModelOnnx('binance-BTC_USDT-1h', 9)).rejects.toBeInstanceOf(ApiError);
    const bad = await fetch(`${stack.url}/models/binance-BTC_USDT-1h/versions/0x1`);
    expect(bad.status).toBe(400);
    const badName = await fetch(`${stack.url}/models/${encodeURIComponent('a b')}`);
    expect(badName.status).toBe(400);
  });

  it('pulls the ONNX bytes exactly, checked against the sha256', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ares-pull-')), 'm.onnx');
    await ares(['models', 'pull', 'binance-BTC_USDT-1h', '1', '-o', file]);
    const bytes = readFileSync(file);
    expect(Buffer.compare(bytes, Buffer.from(onnxOf(0)))).toBe(0);
    expect(stdout.text).toContain(createHash('sha256').update(bytes).digest('hex'));
  });

  it('promotes, archives the replaced champion, rolls back, and refuses a stage it cannot take', async () => {
    await ares(['models', 'promote', 'binance-BTC_USDT-1h', '1', '--reason', 'first live model']);
    await ares(['models', 'promote', 'binance-BTC_USDT-1h', '2']);
    let model = await api.getModel('binance-BTC_USDT-1h');
    expect(model.champion).toBe(2);
    expect(model.versions.map((v) => v.stage)).toEqual(['archived', 'champion']);
    expect(model.versions[0].history.map((h) => h.reason)).toEqual(['registered by run run-a', 'first live model', 'replaced by version 2']);
    await ares(['models', 'promote', 'binance-BTC_USDT-1h', '1', '--reason', 'rollback']);
    model = await api.getModel('binance-BTC_USDT-1h');
    expect([model.champion, model.versions[1].stage]).toEqual([1, 'archived']);
    await expect(api.promoteModel('binance-BTC_USDT-1h', 1, { stage: 'none' })).rejects.toMatchObject({ status: 400 });
    await expect(ares(['models', 'promote', 'binance-BTC_USDT-1h', '1', '--stage', 'gold'])).rejects.toThrow('--stage must be one of');
    await expect(api.promoteModel('ghost', 1)).rejects.toMatchObject({ status: 404 });
  });

  it('has no report for a run that has none, saying so', async () => {
    await expect(api.getReport('run-nope')).rejects.toMatchObject({ status: 404, message: expect.stringContaining("no run 'run-nope'") });
  });
});
