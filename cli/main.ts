import { Command } from 'commander';
import { registerDataCommands, TextSink } from './data-commands';
import { registerModelCommands } from './model-commands';
import { registerRunCommands, RunCommandDeps } from './run-commands';

export interface ProgramDeps extends RunCommandDeps {
  /** Where commander writes usage errors and help for them; stderr unless a test keeps them. */
  stderr?: TextSink;
  /** How a usage error commander found (unknown flag, missing value) ends the process; it has printed the message. */
  exit?: (code: number) => void;
}

export function buildProgram(deps: ProgramDeps = {}): Command {
  const program = new Command('ares').description('Ares: train and validate crypto trading models').showHelpAfterError();
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  // Usage errors exit 2, like the ones the commands throw themselves; --help and --version still exit 0.
  // Set before the subcommands are added: they inherit it.
  program.exitOverride((error) => exit(error.exitCode === 0 ? 0 : 2));
  const stderr = deps.stderr;
  if (stderr) program.configureOutput({ writeErr: (text) => void stderr.write(text) });
  registerRunCommands(program, deps);
  registerDataCommands(program, { stdout: deps.stdout, stderr: deps.stderr });
  registerModelCommands(program, { api: deps.api, stdout: deps.stdout });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`ares: ${error.message}\n`);
      process.exit(2);
    });
}
