// What a run command (demo, trace, audit) needs to offer `--serve`: the options, an output stage
// for startRun, attaching the run once it exists, and keeping the page up after the run ends
// until Ctrl-C. Without --serve everything here is a no-op, so commands call it unconditionally.
import type { Command } from 'commander';
import type { ActiveRun } from '../session/run.js';
import type { Store } from '../../store/db.js';
import { UserError } from '../../protocol/errors.js';
import { checkZone } from '../../analysis/clock.js';
import { LiveFeed } from './feed.js';
import type { ConsentRequest } from './protocol.js';
import { DEFAULT_PORT, reachableUrls, startDashboard, type Dashboard } from './server.js';

export interface ServeOptions {
  /** --serve [port]: true for the default port, a string for a given one. */
  serve?: string | boolean;
  serveHost?: string;
  serveToken?: string;
  /** --tz: the zone times are shown in (dashboard and reports). */
  tz?: string;
  /** Programmatic use (tests, embedding): called once the dashboard listens. */
  onServe?: (d: Dashboard) => void;
}

export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--serve [port]', `open the live dashboard on this port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--serve-host <address>', 'address the dashboard binds (default 127.0.0.1; anything else requires a token)')
    .option('--serve-token <token>', 'token the dashboard requires (default: generated when --serve-host is not loopback)')
    .option('--tz <zone>', "time zone of the times shown (dashboard and reports), an IANA name such as UTC or Asia/Shanghai (default: the host's)");
}

/** A checked --tz (UserError naming the option), or undefined for the host's zone. */
export function zoneOption(tz: string | undefined): string | undefined {
  if (tz === undefined) return undefined;
  try {
    return checkZone(tz);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

export function parsePort(v: string | boolean | undefined, dflt = DEFAULT_PORT): number {
  if (v === undefined || v === true || v === false) return dflt;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UserError(`the dashboard port must be a number from 0 to 65535, got ${JSON.stringify(v)}`);
  return Number(v);
}

export interface LiveDashboard {
  /** The running dashboard, when serving. */
  readonly dashboard: Dashboard | null;
  /** Resolves when the dashboard is closed programmatically (ends the run like Ctrl-C). */
  readonly closed: Promise<string>;
  /**
   * Shows the run (right after startRun): its events stream live, consent goes through the tracer
   * (then `onConsent` is told, e.g. an audit waiting for the analyst).
   */
  attach(run: ActiveRun, onConsent?: (state: 'granted' | 'refused') => void): Promise<void>;
  /** After the run stopped: keeps serving until `stop` (Ctrl-C) resolves, then closes. */
  untilClosed(stop: Promise<unknown>): Promise<void>;
  /** Closes at once (the command failed); nothing when already closed. */
  close(): Promise<void>;
  /** Shows (null: withdraws) what a paused audit asks the analyst to mark on the page. */
  ask(request: ConsentRequest | null): void;
}

const NEVER = new Promise<string>(() => undefined);

/** Starts the dashboard when `--serve` was given (before startRun, so the page can load early). */
export async function liveDashboard(opts: ServeOptions, store: Store, log: (line: string) => void): Promise<LiveDashboard> {
  if (opts.serve === undefined || opts.serve === false) {
    return { dashboard: null, closed: NEVER, attach: async () => undefined, untilClosed: async () => undefined, close: async () => undefined, ask: () => undefined };
  }
  const feed = new LiveFeed();
  const dashboard = await startDashboard({ store, host: opts.serveHost, port: parsePort(opts.serve), token: opts.serveToken ?? null, log, tz: zoneOption(opts.tz) });
  const urls = reachableUrls(dashboard);
  log(`dashboard: ${urls.join('  ')}${dashboard.token !== null ? '  (the token is in the address; keep it private)' : ''}`);
  opts.onServe?.(dashboard);
  return {
    dashboard,
    closed: dashboard.closed.then((reason) => `dashboard ${reason}`),
    close: () => dashboard.close('closed: the command ended'),
    ask: (request) => dashboard.ask(request),
    attach: (run, onConsent) => {
      // Synchronous up to the dashboard's first await: events stored before this are in the
      // database (the dashboard starts from there), every later one passes through the feed.
      run.addOutput(feed);
      return dashboard.attach(run.runId, {
        feed,
        consent: async (state) => {
          await run.tracer.markConsent(state);
          onConsent?.(state);
        },
      });
    },
    untilClosed: async (stop) => {
      dashboard.runEnded();
      let done = false;
      void stop.then(() => (done = true));
      void dashboard.closed.then(() => (done = true));
      await new Promise((r) => setImmediate(r));
      if (!done) {
        log(`dashboard: the run has ended; still serving ${dashboard.url.replace(/#.*/, '')}, press Ctrl-C to quit`);
        await Promise.race([stop, dashboard.closed]);
      }
      await dashboard.close('closed after the run');
    },
  };
}
