import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';

/** One Ares service running as its own Node process, from the compiled `dist/`. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private readonly env: NodeJS.ProcessEnv;

  /** `healthPort`: the process serves /healthz, /readyz and /metrics there (`ARES_HEALTH_PORT`), the same after a restart. */
  constructor(
    readonly service: string,
    private readonly entry: string,
    env: NodeJS.ProcessEnv,
    private readonly logFile?: string,
    readonly healthPort?: number,
  ) {
    this.env = healthPort === undefined ? env : { ...env, ARES_HEALTH_PORT: String(healthPort) };
  }

  /** Where its probes and metrics answer; undefined for a process without a health port (the orchestrator). */
  get healthUrl(): string | undefined {
    return this.healthPort === undefined ? undefined : `http://127.0.0.1:${this.healthPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const log: WriteStream | undefined = this.logFile ? createWriteStream(this.logFile, { flags: 'a' }) : undefined;
    const child = spawn(process.execPath, [this.entry], {
      env: this.env,
      stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'],
    });
    if (log) {
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
    }
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        log?.end();
        resolve(code);
      }),
    );
    this.child = child;
  }

  /** `kill -9`: no chance to ack, close or flush — what a crash looks like to everyone else. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export function serviceEntry(distDir: string, service: string): string {
  return join(distDir, 'apps', service, 'src', 'main.js');
}
