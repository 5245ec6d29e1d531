// `sdktrace serve [--db PATH] [--run ID] [--serve [PORT]] [--serve-host ADDR] [--serve-token T]`:
// the live dashboard over a stored run (finished, or being written by another sdktrace process,
// whose new events it follows). Read-only: the consent buttons are disabled, since only the process
// tracing the app can reach its agent. Its dashboard options are the ones demo, trace and audit
// take (--serve, --serve-host, --serve-token); the older --port/--host/--token still work, hidden,
// so that --host only ever names a frida-server in the help. Exit codes: 0 closed, 2 input errors.
import { Option, type Command } from 'commander';
import { addServeOptions, parsePort, zoneOption } from '../live/attach.js';
import { usageErrorsExit2 } from './report.js';
import { reachableUrls, startDashboard, type Dashboard } from '../live/server.js';
import { openReadOnly } from './report.js';
import { DEFAULT_DB, notice } from './common.js';
import { UserError } from '../../protocol/errors.js';

export interface ServeCommandOptions {
  run: string;
  /** The database, as --db (the positional argument is the older spelling). */
  db?: string;
  serve?: string | boolean;
  serveHost?: string;
  serveToken?: string;
  tz?: string;
  /** Older spellings of --serve PORT, --serve-host, --serve-token. */
  port?: string;
  host?: string;
  token?: string;
  /** Programmatic use: called once the dashboard listens. */
  onServe?: (d: Dashboard) => void;
}

export function register(program: Command): void {
  const cmd = usageErrorsExit2(program.command('serve'))
    .description('open the live dashboard on a stored run (read-only; follows a run another sdktrace is still writing)')
    .argument('[db]', `project database (same as --db; default ${DEFAULT_DB})`)
    .option('--db <path>', `project database to read (default ${DEFAULT_DB})`)
    .option('--run <id>', 'run id or "latest"', 'latest');
  addServeOptions(cmd)
    .addOption(new Option('--port <port>').hideHelp())
    .addOption(new Option('--host <address>').hideHelp())
    .addOption(new Option('--token <token>').hideHelp())
    .action(async (db: string | undefined, opts: ServeCommandOptions) => {
      if (db !== undefined && opts.db !== undefined && db !== opts.db) throw new UserError(`two databases given (${db} and --db ${opts.db}): give one`);
      process.exitCode = await serve(db ?? opts.db ?? DEFAULT_DB, opts);
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
    const port = opts.serve !== undefined && opts.serve !== true ? opts.serve : opts.port;
    const dashboard = await startDashboard({ store, runId: run.id, host: opts.serveHost ?? opts.host, port: parsePort(port), token: opts.serveToken ?? opts.token ?? null, log: notice, tz: zoneOption(opts.tz) });
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
