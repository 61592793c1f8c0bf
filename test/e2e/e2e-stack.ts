import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiError, AresApiClient, RunView } from '../../cli/api-client';
import { LocalStack, LocalStackOptions, tempLogDir } from '@ares/local-stack';
import { duplicateFacts } from '@ares/orchestrator';

/** Starts the real stack (nats-server + five service processes from dist/) for an end-to-end suite. */
export async function startE2eStack(options: LocalStackOptions = {}): Promise<{ stack: LocalStack; api: AresApiClient }> {
  const stack = await LocalStack.start({
    logDir: tempLogDir('ares-e2e-'),
    readyTimeoutMs: 45_000,
    ...options,
    env: { ARES_LOG_LEVEL: 'info', ...options.env },
  });
  return { stack, api: new AresApiClient(stack.apiUrl) };
}

export async function waitForRun(api: AresApiClient, runId: string, until: (run: RunView) => boolean, timeoutMs = 30_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.getRun(runId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined; // not started yet
      throw error;
    });
    if (run && until(run)) return run;
    if (Date.now() > deadline)
      throw new Error(
        `run ${runId} did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(run?.stages.map((s) => [s.name, s.status]))} ${run?.status}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const isFinished = (run: RunView) => ['completed', 'failed', 'cancelled'].includes(run.status);

/** Every event once (the load bench checks the same). */
export const duplicateEvents = duplicateFacts;

/** `natsEnv`: NATS_URL and, when the stack runs NATS with auth, the admin's NATS_USER / NATS_PASSWORD (stack.natsAdminEnv). */
export function runProjectionsRebuild(natsEnv: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'scripts', 'projections-rebuild.js')], {
    env: { ...process.env, ...natsEnv },
    encoding: 'utf8',
  });
}

/** Runs the `ares` CLI as a user would (bin/ares.js), returning its exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(__dirname, '..', '..', 'bin', 'ares.js'), ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
