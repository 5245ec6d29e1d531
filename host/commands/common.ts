// Options and helpers several commands share: the database, console output, the agent bundle.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { installRoot } from '../../install/root.js';
import type { IngestTotals, StorageFailure } from '../ingest/ingest.js';
import { ConsoleStage } from '../live/console.js';
import { styleFor } from '../live/terminal.js';


/** The bundled agent: 'device' for Frida on a phone, 'emulated' for the built-in device. */
export function agentSource(kind: 'device' | 'emulated'): string {
  const path = join(installRoot(), 'dist', 'agent', kind === 'device' ? 'agent.js' : 'agent.emulated.js');
  if (!existsSync(path)) throw new UserError(`the agent is not built (${path} is missing); run \`npm run build\` in ${installRoot()}`);
  return readFileSync(path, 'utf8');
}

export const DEFAULT_DB = 'sdktrace.db';

/**
 * The project database option, one definition for every command: runs ('write') create the file
 * when missing; reports, exports and the dashboard ('read') only open an existing one.
 */
export function addDbOption(cmd: Command, use: 'write' | 'read' = 'write'): Command {
  return cmd.option('--db <path>', use === 'write' ? 'project database (created if missing)' : 'project database to read', DEFAULT_DB);
}

/**
 * Which asynchronous submissions walk the submitting Java stack (AgentConfig.originStacks):
 * `gated` leaves the walk out when the submitted work's own class decides attribution; `all`
 * walks at every submission, for the full "called by" chain (docs/attribution.md "Origins").
 */
export function addOriginStacksOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--origin-stacks <mode>', "asynchronous work: 'gated' skips the submitting stack when the work's own class is SDK or app code (cheaper; that submitter is then missing from \"called by\"), 'all' walks it at every submission")
      .choices(['gated', 'all'])
      .default('gated'),
  );
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print events as NDJSON on stdout instead of lines').option('-q, --quiet', 'print no per-event lines, only the summary');
}

export function consoleStage(opts: { json?: boolean; quiet?: boolean }, write: (s: string) => void = (s) => process.stdout.write(s)): ConsoleStage {
  const mode = opts.json === true ? 'json' : opts.quiet === true ? 'quiet' : 'lines';
  return new ConsoleStage({ mode, style: styleFor(process.stdout), write });
}

/** The sink receiving stdout errors now; one listener per process, so none leak across runs. */
let stdoutErrors: ((e: NodeJS.ErrnoException) => void) | null = null;
let stdoutListening = false;

/**
 * Standard output for live event lines that survives its reader going away (`sdktrace trace
 * --json | head`): after EPIPE nothing more is written and `closed` resolves, instead of Node
 * dying on an unhandled 'error' event. Other stream errors are reported the same way. Errors of
 * writes still pending after `dispose` are ignored.
 */
export function stdoutSink(): { write(s: string): void; closed: Promise<string>; dispose(): void } {
  let gone = false;
  let resolve!: (reason: string) => void;
  const closed = new Promise<string>((r) => (resolve = r));
  const onError = (e: NodeJS.ErrnoException) => {
    if (gone) return;
    gone = true;
    resolve(e.code === 'EPIPE' ? 'standard output closed' : `standard output failed: ${e.message}`);
  };
  if (!stdoutListening) {
    stdoutListening = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => stdoutErrors?.(e));
  }
  stdoutErrors = onError;
  return {
    write: (s) => {
      if (!gone) process.stdout.write(s);
    },
    closed,
    dispose: () => {
      if (stdoutErrors === onError) stdoutErrors = null;
    },
  };
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

/**
 * The line a run command prints when the run ends, and, after a storage failure, what failed and
 * what to do: one text for trace and demo, so neither can report a failed run as a clean one.
 */
export function runEndedNotice(runId: number, reason: string, ingest: { totals: IngestTotals; failure: StorageFailure | null }, db: string): string[] {
  const t = ingest.totals;
  const lines = [
    `run ${runId} ended (${reason}): ${t.events} events from the app, ${t.hostEvents} device events, ${t.problems} protocol errors, ${t.gaps} events lost` +
      (t.unstored > 0 ? `, ${t.unstored} messages not stored after the failure` : ''),
  ];
  const f = ingest.failure;
  if (f !== null) {
    lines.push(
      `sdktrace: the database ${db} failed (${f.code}: ${f.message}${f.batch === null ? '' : `, writing batch ${f.batch} of the run`}), so the run was ended: what was stored before is intact. Free disk space or choose another --db, then trace again.`,
    );
  }
  return lines;
}
