// Options and helpers several commands share: the database, console output, the agent bundle.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { ConsoleStage } from '../live/console.js';
import { styleFor } from '../live/terminal.js';

/** The sdktrace install folder (holds package.json, dist/, data/). */
export function installRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the sdktrace install folder');
    dir = up;
  }
}

/** The bundled agent: 'device' for Frida on a phone, 'emulated' for the built-in device. */
export function agentSource(kind: 'device' | 'emulated'): string {
  const path = join(installRoot(), 'dist', 'agent', kind === 'device' ? 'agent.js' : 'agent.emulated.js');
  if (!existsSync(path)) throw new UserError(`the agent is not built (${path} is missing); run \`npm run build\` in ${installRoot()}`);
  return readFileSync(path, 'utf8');
}

export const DEFAULT_DB = 'sdktrace.db';

export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <path>', 'project database (created if missing)', DEFAULT_DB);
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print events as NDJSON on stdout instead of lines').option('-q, --quiet', 'print no per-event lines, only the summary');
}

export function consoleStage(opts: { json?: boolean; quiet?: boolean }): ConsoleStage {
  const mode = opts.json === true ? 'json' : opts.quiet === true ? 'quiet' : 'lines';
  return new ConsoleStage({ mode, style: styleFor(process.stdout), write: (s) => process.stdout.write(s) });
}

/** Diagnostics go to stderr so --json output on stdout stays machine-readable. */
export function notice(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Resolves on the first SIGINT/SIGTERM; later signals exit at once. */
export function interrupted(): { promise: Promise<string>; dispose(): void } {
  let resolve!: (s: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  let seen = false;
  const handler = (sig: NodeJS.Signals) => {
    if (seen) process.exit(130);
    seen = true;
    notice(`\n${sig}: ending the run (flushing agents); press Ctrl-C again to quit at once`);
    resolve(`interrupted (${sig})`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
