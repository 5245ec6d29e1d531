// The `sdktrace` command line. commander (not hand-rolled parsing): subcommands, generated
// --help, and typed option errors with non-zero exits come for free and stay consistent.
// Each subcommand lives in host/commands/<name>.ts and exports `register(program)`.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../protocol/version.js';
import { UserError } from '../protocol/errors.js';
import { damagedMessage, isCorruption } from '../store/integrity.js';
import * as commands from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('sdktrace')
    .description('Trace which embedded SDK touches which personal information, where it sends it, and which apps it starts.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of Object.values(commands) as Array<(program: Command) => void>) register(program);
  return program;
}

/**
 * Messages quote input files (JSON.parse quotes the offending text): escape sequences and other
 * control characters in them are shown as code points, never sent to the terminal.
 */
function visibleControls(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      // commander gives usage errors outside subcommands (an unknown command) 1: ours is 2.
      return err.exitCode === 1 && err.code !== 'commander.executeSubCommandAsync' ? 2 : err.exitCode;
    }
    if (err instanceof UserError) {
      process.stderr.write(`sdktrace: ${visibleControls(err.message)}\n`);
      return err.exitCode;
    }
    if (isCorruption(err)) {
      // A damage quick_check did not see at open (it checks structure, not every byte).
      process.stderr.write(`sdktrace: ${damagedMessage('the database', (err as Error).message, 'read')}\n`);
      return 2;
    }
    process.stderr.write(`sdktrace: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 70; // EX_SOFTWARE
  }
}
