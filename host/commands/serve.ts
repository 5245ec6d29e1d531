// `sdktrace serve [DB]`: the live dashboard over a stored run (finished, or being written by
// another sdktrace process, whose new events it follows). Read-only: the consent buttons are
// disabled, since only the process tracing the app can reach its agent.
import type { Command } from 'commander';
import { parsePort } from '../live/attach.js';
import { reachableUrls, startDashboard, type Dashboard } from '../live/server.js';
import { openReadOnly } from './report.js';
import { DEFAULT_DB, notice } from './common.js';

export interface ServeCommandOptions {
  run: string;
  port?: string;
  host?: string;
  token?: string;
  /** Programmatic use: called once the dashboard listens. */
  onServe?: (d: Dashboard) => void;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('open the live dashboard on a stored run (read-only; follows a run another sdktrace is still writing)')
    .argument('[db]', 'project database', DEFAULT_DB)
    .option('--run <id>', 'run id or "latest"', 'latest')
    .option('--port <port>', 'port (0 picks a free one)')
    .option('--host <address>', 'address to bind (default 127.0.0.1; anything else requires a token)')
    .option('--token <token>', 'token the dashboard requires (default: generated when --host is not loopback)')
    .action(async (db: string, opts: ServeCommandOptions) => {
      process.exitCode = await serve(db, opts);
    });
}

export async function serve(dbPath: string, opts: ServeCommandOptions): Promise<number> {
  const store = openReadOnly(dbPath);
  let onSignal!: () => void;
  const stopped = new Promise<void>((r) => (onSignal = () => r()));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const run = store.resolveRun(opts.run);
    const dashboard = await startDashboard({ store, runId: run.id, host: opts.host, port: parsePort(opts.port), token: opts.token ?? null, log: notice });
    notice(`run ${run.id} (${run.mode}, ${run.package ?? 'unknown app'}${run.ended_at === null ? ', still being written' : ''}) from ${dbPath}`);
    notice(`dashboard: ${reachableUrls(dashboard).join('  ')}${dashboard.token !== null ? '  (the token is in the address; keep it private)' : ''}`);
    notice('press Ctrl-C to quit');
    opts.onServe?.(dashboard);
    await Promise.race([stopped, dashboard.closed]);
    await dashboard.close();
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    store.close();
  }
}
