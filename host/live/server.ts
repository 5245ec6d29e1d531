// The live dashboard's HTTP + WebSocket server. `startDashboard` serves the page (static assets
// built into dist/dashboard/), a small read-only JSON API over the run, and one WebSocket that
// streams the run's events and pushed snapshots (see protocol.ts). Attached to a live run (trace,
// demo, audit), it is fed by a LiveFeed output stage and can send the analyst's consent marker to
// the agent; serving a finished run (or one another process is writing) it follows the database.
//
// Security model: binds 127.0.0.1 by default and then accepts only loopback Host headers (no DNS
// rebinding). Any other address needs a token (given, or generated and printed); the API wants it
// as `Authorization: Bearer`, the WebSocket as the subprotocol `sdktrace.token.<token>` (or the
// same header). The WebSocket also requires an Origin equal to the dashboard's own. The only
// action, marking consent, travels over that WebSocket, so no cross-site form can trigger it.
import { hostZone } from '../../analysis/clock.js';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { UserError } from '../../protocol/errors.js';
import { Store } from '../../store/db.js';
import { installRoot } from '../../install/root.js';
import { Aggregates, type AggInput } from './aggregate.js';
import { DEFAULT_LIMITS, FeedHub, type ClientStats, type FeedLimits, type LiveFeed } from './feed.js';
import { FindingsWatcher } from './findings.js';
import {
  PAGE_LIMIT_MAX,
  PROTOCOL,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
  type ConsentControl,
  type ConsentRequest,
  type FindingsView,
  type LiveRow,
  type RunView,
  type ServerMessage,
} from './protocol.js';
import { RunQuery } from './query.js';
import { filterFromParams, parseGroupKey } from './rows.js';

export const DEFAULT_PORT = 7764;
const MAX_CLIENTS = 32;
/**
 * Counters and timeline go out once a second: each push re-renders the page's counters, filter
 * options and timeline, and at 400 ms that kept Chromium's renderer at ~12% of a core whatever
 * the event rate (bench/live.ts CPU split by process), on the cores ingest needs.
 */
const STATS_EVERY_MS = 1000;
const PROCESSES_EVERY_MS = 300;
const SEED_CHUNK = 20_000;
const HEARTBEAT_MS = 30_000;
const POLL_BATCH = 5000;

export type ConsentFn = (state: 'granted' | 'refused') => Promise<void>;

export interface DashboardOptions {
  /** The project database: ingest's own store for a live run, or one opened read-only. */
  store: Store;
  /** The run to show now; a live run is attached later with `attach`. */
  runId?: number;
  /** Address to bind; default 127.0.0.1. Anything but loopback requires a token. */
  host?: string;
  /** Port; 0 for any free one. Default DEFAULT_PORT. */
  port?: number;
  /** Required token; generated when binding a non-loopback address without one. */
  token?: string | null;
  /** Whether to compute findings (default true). */
  findings?: boolean;
  /** IANA zone the page shows times in (`--tz`); default the host's. */
  tz?: string;
  /** Minimum pause between two findings computations (ms). */
  findingsIntervalMs?: number;
  /** Pause between two findings computations in multiples of their duration (findings.ts WORKER_FACTOR). */
  findingsFactor?: number;
  /** How often the database is checked for new events when no live feed is attached (ms). */
  pollMs?: number;
  limits?: Partial<FeedLimits>;
  log?: (line: string) => void;
}

export interface LiveControl {
  feed?: LiveFeed;
  consent?: ConsentFn;
}

export interface Dashboard {
  /** The address to open (with `#token=` when a token is required). */
  readonly url: string;
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly token: string | null;
  /** Shows a run; with a feed its events arrive live, with `consent` the buttons work. */
  attach(runId: number, live?: LiveControl): Promise<void>;
  /** The run ended: the consent buttons are disabled and the page told. */
  runEnded(reason?: string): void;
  /** Shows (or, with null, withdraws) what a paused audit asks the analyst to mark. */
  ask(request: ConsentRequest | null): void;
  /** Per-client feed numbers. */
  clientStats(): ClientStats[];
  /** Resolves once the run given to startDashboard is attached and its aggregates seeded. */
  ready: Promise<void>;
  /** Resolves (with the reason) when the dashboard closes. */
  readonly closed: Promise<string>;
  close(reason?: string): Promise<void>;
}

/** Addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

interface Asset {
  type: string;
  body: Buffer;
}

/** The built page (scripts/build.mjs buildDashboard). */
function loadAssets(dir = join(installRoot(), 'dist', 'dashboard')): Map<string, Asset> {
  const files: [string, string, string][] = [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'app.css', 'text/css; charset=utf-8'],
  ];
  const out = new Map<string, Asset>();
  for (const [route, file, type] of files) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new UserError(`the dashboard is not built (${path} is missing); run \`npm run build\` in ${installRoot()}`);
    out.set(route, { type, body: readFileSync(path) });
  }
  return out;
}

function intParam(p: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const v = p.get(name);
  if (v === null || v === '') return dflt;
  if (!/^-?\d+$/.test(v)) throw new HttpError(400, `${name} must be an integer`);
  return Math.min(max, Math.max(min, Number(v)));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One attached run: its query, aggregates, findings and where its events come from. */
class RunState {
  readonly query: RunQuery;
  readonly agg: Aggregates;
  seeded = false;
  /** Live rows that arrived while the aggregates were being seeded. */
  private pending: LiveRow[] = [];
  consent: ConsentControl;
  run: RunView | null;
  processesJson = '';
  processesVersion = 0;
  findings: FindingsWatcher | null = null;

  constructor(
    readonly runId: number,
    readonly db: Store['db'],
    readonly live: LiveControl | null,
  ) {
    this.query = new RunQuery(db, runId);
    this.agg = new Aggregates(runId, (sdk) => this.query.sdkName(sdk));
    this.run = this.query.run();
    const ended = this.run?.endedAt != null;
    this.consent =
      live?.consent === undefined
        ? { available: false, reason: 'this run is not being traced by this sdktrace (a finished or foreign run); consent can only be marked live' }
        : ended
          ? { available: false, reason: 'the run has ended' }
          : { available: true, reason: null };
  }

  aggInput(r: LiveRow): AggInput {
    return {
      id: r.id,
      t: r.t,
      source: r.source,
      kind: r.kind,
      dataType: r.dataType,
      phase: r.phase,
      consent: r.consent,
      actor: r.actor,
      party: r.party,
      markSource: () => {
        const d = this.query.detail(r.id);
        if (d === null) return r.kind;
        if (r.kind === 'consent') {
          const src = (d.detail as { source?: unknown } | null)?.source;
          return typeof src === 'string' ? src.slice(0, 40) : (r.api ?? 'consent');
        }
        return r.kind === 'lifecycle' ? 'click' : r.kind;
      },
    };
  }

  /** Live rows: into the aggregates now, or after the seed. */
  addRows(rows: readonly LiveRow[]): void {
    if (!this.seeded) {
      for (const r of rows) this.pending.push(r);
      return;
    }
    for (const r of rows) this.agg.add(this.aggInput(r));
  }

  /** Seeds the aggregates from the database up to `head`, in chunks that let the server breathe. */
  async seed(head: number, isClosed: () => boolean): Promise<void> {
    let after = 0;
    for (;;) {
      if (isClosed()) return;
      const rows = this.query.aggRows(after, head, SEED_CHUNK);
      for (const r of rows) this.agg.add(r);
      if (rows.length < SEED_CHUNK) break;
      after = rows[rows.length - 1]!.id;
      await new Promise((r) => setImmediate(r));
    }
    this.seeded = true;
    const pending = this.pending;
    this.pending = [];
    this.addRows(pending);
  }

  refreshProcesses(): boolean {
    const json = JSON.stringify(this.query.processes());
    if (json === this.processesJson) return false;
    this.processesJson = json;
    this.processesVersion++;
    return true;
  }
}

export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const log = o.log ?? (() => undefined);
  const host = o.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  let token = o.token ?? null;
  if (token !== null && !/^[A-Za-z0-9_-]{16,200}$/.test(token)) throw new UserError('the dashboard token must be 16-200 characters of A-Z a-z 0-9 _ -');
  if (!loopback && token === null) token = generateToken();
  const assets = loadAssets();
  const limits: FeedLimits = { ...DEFAULT_LIMITS, ...(o.limits ?? {}) };
  const hub = new FeedHub(limits);

  // Reads go through their own read-only connection when the database is a file: the page's
  // queries then never touch ingest's prepared statements or transactions.
  let reader: Store | null = null;
  if (!o.store.readonly && o.store.path !== ':memory:' && o.store.path !== '') {
    try {
      // The file was checked when the run's own connection opened it.
      reader = Store.open(o.store.path, { readonly: true, check: 'none' });
    } catch {
      reader = null;
    }
  }
  const db = (reader ?? o.store).db;

  let state: RunState | null = null;
  let isClosed = false;
  let closeResolve!: (reason: string) => void;
  const closed = new Promise<string>((r) => (closeResolve = r));
  const timers: NodeJS.Timeout[] = [];
  let statsVersionSent = -1;
  let processesDue = false;
  let pollTimer: NodeJS.Timeout | null = null;

  const consentControl = (): ConsentControl => state?.consent ?? { available: false, reason: 'no run yet' };
  const tz = o.tz ?? hostZone();
  const helloFor = (): ServerMessage => ({ type: 'hello', protocol: PROTOCOL, run: state?.run ?? null, head: hub.lastId, consent: consentControl(), tz });

  // --- periodic pushes: counters/timeline and processes, coalesced ---------------------------
  const pushStats = () => {
    const s = state;
    if (s === null || !s.seeded || s.agg.version === statsVersionSent) return;
    statsVersionSent = s.agg.version;
    hub.snapshot('stats', s.agg.version, () => JSON.stringify({ type: 'stats', stats: s.agg.snapshot() } satisfies ServerMessage));
    s.findings?.poke(s.agg.head);
  };
  const pushProcesses = () => {
    const s = state;
    if (s === null || !processesDue) return;
    processesDue = false;
    if (s.refreshProcesses()) hub.snapshot('processes', s.processesVersion, () => `{"type":"processes","processes":${s.processesJson}}`);
  };
  timers.push(setInterval(pushStats, STATS_EVERY_MS), setInterval(pushProcesses, PROCESSES_EVERY_MS));
  for (const t of timers) t.unref();

  hub.onRows = (rows) => state?.addRows(rows);

  const poll = () => {
    const s = state;
    if (s === null || isClosed) return;
    try {
      for (;;) {
        const rows = s.query.after({}, hub.lastId, POLL_BATCH, Number.MAX_SAFE_INTEGER);
        if (rows.length > 0) {
          hub.publish(rows);
          if (rows.some((r) => r.kind === 'device' || r.kind === 'lifecycle')) processesDue = true;
        }
        if (rows.length < POLL_BATCH) break;
      }
      const run = s.query.run();
      if (JSON.stringify(run) !== JSON.stringify(s.run)) {
        s.run = run;
        if (run?.endedAt != null && s.consent.available) s.consent = { available: false, reason: 'the run has ended' };
        hub.broadcast({ type: 'run', run, consent: s.consent });
        processesDue = true;
      }
    } catch (e) {
      log(`dashboard: reading the database failed: ${(e as Error).message}`);
    }
  };

  async function attach(runId: number, live?: LiveControl): Promise<void> {
    if (state !== null) throw new Error('the dashboard already shows a run');
    const s = new RunState(runId, db, live ?? null);
    state = s;
    const head = s.query.head();
    hub.reset(head);
    processesDue = true;
    if (live?.feed !== undefined) {
      live.feed.connect((rows) => hub.publish(rows));
      live.feed.onDeviceEvent = () => (processesDue = true);
    }
    hub.broadcast(helloFor());
    if (o.findings !== false) {
      const dbPath = o.store.path;
      s.findings = new FindingsWatcher({
        dbPath,
        runId,
        minIntervalMs: o.findingsIntervalMs,
        workerFactor: o.findingsFactor,
        log,
        onUpdate: (v: FindingsView) => hub.snapshot('findings', s.findings!.version, () => JSON.stringify({ type: 'findings', findings: v } satisfies ServerMessage)),
      });
      await s.findings.start();
      if (isClosed) return;
    }
    await s.seed(head, () => isClosed);
    if (isClosed) return;
    pushStats();
    pushProcesses();
    if (live?.feed === undefined && !isClosed) {
      pollTimer = setInterval(poll, o.pollMs ?? 1000);
      pollTimer.unref();
    }
  }

  function runEnded(reason?: string): void {
    const s = state;
    if (s === null || isClosed) return;
    s.run = s.query.run();
    s.consent = { available: false, reason: `the run has ended${reason !== undefined ? ` (${reason})` : ''}` };
    processesDue = true;
    pushStats();
    hub.broadcast({ type: 'run', run: s.run, consent: s.consent });
  }

  function ask(request: ConsentRequest | null): void {
    const s = state;
    if (s === null || isClosed) return;
    s.consent = { ...s.consent, request: s.consent.available ? request : null };
    hub.broadcast({ type: 'run', run: s.run, consent: s.consent });
  }

  // --- HTTP ---------------------------------------------------------------------------------
  let port = o.port ?? DEFAULT_PORT;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...(isLoopback(host) && !['127.0.0.1', 'localhost', '::1'].includes(host) ? [`${host}:${port}`] : [])]);

  /** Refuses requests whose Host a loopback dashboard does not answer to (DNS rebinding). */
  const hostOk = (req: IncomingMessage): boolean => !loopback || allowedHosts().has((req.headers.host ?? '').toLowerCase());

  const tokenOk = (req: IncomingMessage, fromProtocol: boolean): boolean => {
    if (token === null) return true;
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return true;
    if (fromProtocol) {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((s) => s.trim());
      for (const p of offered) if (p.startsWith(WS_TOKEN_PREFIX) && sameSecret(p.slice(WS_TOKEN_PREFIX.length), token)) return true;
    }
    return false;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(v), { 'Cache-Control': 'no-store' });

  function api(path: string, p: URLSearchParams): unknown {
    if (path === '/api/info') return { protocol: PROTOCOL, run: state?.run ?? null, head: hub.lastId, consent: consentControl() };
    const s = state;
    if (s === null) throw new HttpError(409, 'no run is attached yet');
    switch (path) {
      case '/api/events': {
        const f = filterFromParams(p);
        const limit = intParam(p, 'limit', 200, 1, PAGE_LIMIT_MAX);
        const upTo = intParam(p, 'upTo', hub.lastId, 0, Number.MAX_SAFE_INTEGER);
        if (p.has('after')) return { offset: null, rows: s.query.after(f, intParam(p, 'after', 0, 0, Number.MAX_SAFE_INTEGER), limit, upTo) };
        const offset = intParam(p, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        return { offset, rows: s.query.page(f, offset, limit, upTo) };
      }
      case '/api/group': {
        const from = intParam(p, 'from', 0, 0, Number.MAX_SAFE_INTEGER);
        const to = intParam(p, 'to', 0, 0, Number.MAX_SAFE_INTEGER);
        if (!p.has('from') || !p.has('to') || to < from) throw new HttpError(400, 'from and to are required (the span of the group, from < id <= to, from the events message)');
        let key = null;
        const k = p.get('key');
        if (k !== null && k !== '') {
          try {
            key = parseGroupKey(k);
          } catch (e) {
            throw new HttpError(400, `${(e as Error).message} (the key parameter of /api/group)`);
          }
        }
        const after = intParam(p, 'after', from, 0, Number.MAX_SAFE_INTEGER);
        return s.query.group(from, Math.min(to, hub.lastId), key, after, intParam(p, 'limit', 200, 1, PAGE_LIMIT_MAX));
      }
      case '/api/count': {
        const upTo = intParam(p, 'upTo', hub.lastId, 0, Number.MAX_SAFE_INTEGER);
        return { count: s.query.count(filterFromParams(p), upTo), upTo };
      }
      case '/api/stats':
        return s.agg.snapshot();
      case '/api/processes':
        return s.query.processes();
      case '/api/findings':
        return s.findings?.current ?? { state: 'unavailable', reason: 'findings are disabled for this dashboard', at: null, head: null, durationMs: null, findings: [], rules: [] };
    }
    const m = /^\/api\/event\/(\d{1,15})$/.exec(path);
    if (m !== null) {
      const d = s.query.detail(Number(m[1]));
      if (d === null) throw new HttpError(404, `no event ${m[1]} in run ${s.runId}`);
      return d;
    }
    throw new HttpError(404, 'no such endpoint');
  }

  const server: Server = createServer((req, res) => {
    try {
      if (!hostOk(req)) return send(res, 421, 'text/plain; charset=utf-8', 'this dashboard answers only to 127.0.0.1, localhost and [::1]\n');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
      const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
      if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '', { 'Cache-Control': 'max-age=86400' });
      const asset = assets.get(url.pathname === '/index.html' ? '/' : url.pathname);
      if (asset !== undefined) return send(res, 200, asset.type, asset.body, { 'Cache-Control': 'no-cache' });
      if (!url.pathname.startsWith('/api/')) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      if (!tokenOk(req, false)) return json(res, 401, { error: 'a valid token is required (Authorization: Bearer <token>)' });
      return json(res, 200, api(url.pathname, url.searchParams));
    } catch (e) {
      if (e instanceof HttpError) return json(res, e.status, { error: e.message });
      log(`dashboard: ${(e as Error).stack ?? e}`);
      return json(res, 500, { error: 'internal error' });
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  // --- WebSocket ----------------------------------------------------------------------------
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  const refuse = (socket: Duplex, status: number, text: string) => {
    const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 503: 'Service Unavailable' }[status] ?? 'Error';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'not found\n');
    if (!hostOk(req)) return refuse(socket, 421, 'wrong Host\n');
    const origin = req.headers.origin;
    if (origin === undefined || origin !== `http://${req.headers.host ?? ''}`) return refuse(socket, 403, 'the Origin must be the dashboard itself\n');
    if (!tokenOk(req, true)) return refuse(socket, 401, 'a valid token is required\n');
    if (hub.clientCount >= MAX_CLIENTS || isClosed) return refuse(socket, 503, 'too many dashboard connections\n');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    let alive = true;
    let busy = false;
    ws.on('pong', () => (alive = true));
    const beat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    beat.unref();
    ws.on('close', () => {
      clearInterval(beat);
      hub.remove(ws);
    });
    ws.on('error', () => undefined);
    // hello and registration happen in one turn: every event after `head` reaches this client.
    ws.send(JSON.stringify(helloFor()));
    hub.add(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let m: { type?: unknown; state?: unknown; req?: unknown };
      try {
        m = JSON.parse(String(data)) as typeof m;
      } catch {
        return ws.close(1007, 'invalid JSON');
      }
      if (m.type !== 'consent' || (m.state !== 'granted' && m.state !== 'refused') || typeof m.req !== 'number') return ws.close(1008, 'unknown message');
      const req = m.req;
      const reply = (ok: boolean, error: string | null) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'consent-result', req, ok, error } satisfies ServerMessage));
      };
      const s = state;
      if (s === null || !s.consent.available || s.live?.consent === undefined) return reply(false, s?.consent.reason ?? 'no run');
      if (busy) return reply(false, 'a consent marker is already being sent');
      busy = true;
      const stateName = m.state;
      log(`dashboard: analyst marked consent ${stateName}`);
      s.live.consent(stateName).then(
        () => reply(true, null),
        (e: Error) => reply(false, e.message.slice(0, 500)),
      ).finally(() => (busy = false));
    });
  }

  // --- listen ---------------------------------------------------------------------------------
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError(`port ${port} on ${host} is in use; choose another (0 picks a free one)`)
          : e.code === 'EADDRNOTAVAIL'
            ? new UserError(`cannot bind ${host}: no such local address`)
            : e,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  }).catch((e) => {
    reader?.close();
    hub.close();
    for (const t of timers) clearInterval(t);
    throw e;
  });
  const addr = server.address();
  if (addr !== null && typeof addr === 'object') port = addr.port;
  server.on('error', (e) => log(`dashboard: ${e.message}`));

  const shownHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  const url = `${origin}/${token !== null ? `#token=${token}` : ''}`;

  async function close(reason = 'closed'): Promise<void> {
    if (isClosed) return;
    isClosed = true;
    for (const t of timers) clearInterval(t);
    if (pollTimer !== null) clearInterval(pollTimer);
    state?.live?.feed?.connect(null);
    state?.findings?.close();
    for (const c of wss.clients) c.close(1001, 'dashboard closing');
    hub.close();
    // A page that does not answer the closing handshake is cut off after a moment.
    const cut = setTimeout(() => {
      for (const c of wss.clients) c.terminate();
    }, 1000);
    await new Promise<void>((r) => {
      wss.close(() => r());
    });
    clearTimeout(cut);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    reader?.close();
    closeResolve(reason);
  }

  const dashboard: Dashboard = {
    url,
    origin,
    host,
    port,
    token,
    attach,
    runEnded,
    ask,
    clientStats: () => hub.stats(),
    ready: Promise.resolve(),
    closed,
    close,
  };
  if (o.runId !== undefined) {
    // The page is served at once; a long run's aggregates are seeded in the background.
    const ready = attach(o.runId);
    dashboard.ready = ready;
    ready.catch((e: Error) => log(`dashboard: cannot show run ${o.runId}: ${e.message}`));
  }
  return dashboard;
}

/** Addresses to print for a wildcard bind. */
export function reachableUrls(d: Dashboard): string[] {
  if (d.host !== '0.0.0.0' && d.host !== '::') return [d.url];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family !== 'IPv4' && d.host === '0.0.0.0') continue;
      const h = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      out.push(`http://${h}:${d.port}/${d.token !== null ? `#token=${d.token}` : ''}`);
    }
  }
  return out.length > 0 ? out : [d.url];
}
