/**
 * When a supervisor (npm run up, the demo, a test) starts a service with ARES_EXIT_WITH_PARENT=1,
 * the service exits once that supervisor is gone — even after a `kill -9` of the supervisor, which
 * gives it no chance to stop its children. Re-parenting shows up as a changed `process.ppid`.
 */
export function exitWithParent(onOrphaned: () => void = () => process.exit(1), env: NodeJS.ProcessEnv = process.env): void {
  if (env.ARES_EXIT_WITH_PARENT !== '1') return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onOrphaned();
  }, 1000);
  timer.unref();
}
