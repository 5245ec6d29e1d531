// The built CLI as users run it (bin/sdktrace.js -> dist/host/cli.js), in a child process, for the
// tests that must see what only the bundle does (exit codes, stderr, signals, worker threads).
// dist/ is built once per test run by test/global-setup.ts; test files never rebuild it (two
// files rebuilding at once raced: one spawned the CLI while another rewrote it). Also the one
// copy of the hardening files' "run two cases at a time" loop.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SDKTRACE_BIN = join(ROOT, 'bin', 'sdktrace.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the environment (process.env with NO_COLOR=1). */
  env?: NodeJS.ProcessEnv;
  /** A pattern on stderr: once it appears the child gets SIGINT (serve waits for Ctrl-C). */
  until?: RegExp;
  /** A command that does not end by then is SIGKILLed and its result returned (its assertions fail). */
  timeoutMs?: number;
}

function assertBuilt(): void {
  const cli = join(ROOT, 'dist', 'host', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: the built CLI comes from test/global-setup.ts (vitest.config.ts globalSetup); run the tests through that config or \`npm run build\``);
}

/** Starts the built CLI; the caller owns the child (long-running commands: serve, fleet worker). */
export function startCli(args: string[], opts: Pick<CliOptions, 'cwd' | 'env'> & { stdio?: SpawnOptions['stdio'] } = {}): ChildProcess {
  assertBuilt();
  return spawn(process.execPath, [SDKTRACE_BIN, ...args], {
    cwd: opts.cwd,
    stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
}

/** Runs the built CLI to its end and returns its exit code, stdout and stderr. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = startCli(args, opts);
    let out = '';
    let err = '';
    let signalled = false;
    p.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    p.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      if (opts.until !== undefined && !signalled && opts.until.test(err)) {
        signalled = true;
        p.kill('SIGINT');
      }
    });
    p.on('error', reject);
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** Runs `cases` two at a time (the machine has two cores); results in the order of `cases`. */
export async function twoAtATime<T, R>(cases: T[], fn: (c: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(cases.length);
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await fn(cases[i]!);
    }
  }));
  return out;
}
