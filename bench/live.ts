// Live latency, agent -> dashboard, at a steady 10,000 events/s. The agent's traffic (bench/
// workload.ts) is generated before the clock starts; event k is "called" at start + k/rate and its
// batch is handed to the host when the agent's emitter would send it (full, or its flush interval
// after its first event). Latency of an event = when its row reaches a client - when it was called (so
// the agent's batching is included); the time from the batch's send() is reported too.
//
// Two paths, one after the other, on the same traffic:
//   - baseline: a bare ws server in this process that decodes each batch (JSON.parse, as the host
//     receives it) and sends its events straight to a ws client: the floor of this machine's
//     transport and scheduling at this rate;
//   - sdktrace: the real ingest into SQLite with the live dashboard attached (feed stage, server,
//     findings worker), to a ws client connecting as the page does and, when Chromium is
//     installed, to the dashboard page itself (timestamps taken in the page).
// The ws clients run in a worker thread, so their timestamps do not wait for the host's own work.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { DEFAULT_CONFIG } from '../agent/core/config.js';
import { LiveFeed } from '../host/live/feed.js';
import { startDashboard } from '../host/live/server.js';
import type { IngestItem, Stage } from '../host/ingest/types.js';
import type { Batch } from '../protocol/messages.js';
import { log, percentile, round, scratch } from './measure.js';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Target (ours; the issue names the rate, not a bound): every row delivered live, p99 within 1 s. */
export const LIVE_TARGET_P99_MS = 1000;

const clock = () => performance.timeOrigin + performance.now();

export interface LatencyStats {
  received: number;
  /** Rows the client was told to fetch from the database instead (the feed's resync when it lags). */
  resyncs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** p50/p99 from the batch's send() (without the agent's batching). */
  fromSendP50: number;
  fromSendP99: number;
}

export interface LiveResult {
  rate: number;
  seconds: number;
  sent: number;
  batchSize: number;
  baseline: LatencyStats & { achievedRate: number };
  ws: LatencyStats & { achievedRate: number };
  browser: LatencyStats | null;
  browserSkipped: string | null;
  /** sdktrace's ws client against the bare ws baseline (p50 and p99). */
  ratioP50: number;
  ratioP99: number;
  target: { p99Ms: number; met: boolean };
}

/** Call and send times per row id. */
class Times {
  readonly called: number[] = [];
  readonly sent: number[] = [];
  constructor(
    private readonly start: () => number,
    private readonly rate: number,
  ) {}
  calledAt(seq: number): number {
    return this.start() + ((seq + 1) * 1000) / this.rate;
  }
}

/** Records, in the same call that commits a batch, when each stored row was called and sent. */
class TimesStage implements Stage {
  readonly name = 'bench-times';
  current = 0;
  constructor(private readonly times: Times) {}
  committed(items: readonly IngestItem[]): void {
    for (const it of items) {
      if (it.id === undefined || it.source !== 'agent') continue;
      this.times.called[it.id] = this.times.calledAt((it.event as { seq: number }).seq);
      this.times.sent[it.id] = this.current;
    }
  }
}

function stats(pairs: readonly number[], times: Times, resyncs: number): LatencyStats {
  const lat: number[] = [];
  const fromSend: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const id = pairs[i]!;
    const at = pairs[i + 1]!;
    const c = times.called[id];
    const s = times.sent[id];
    if (c !== undefined) lat.push(at - c);
    if (s !== undefined) fromSend.push(at - s);
  }
  const r = (v: number) => round(v, 1);
  return {
    received: lat.length,
    resyncs,
    p50: r(percentile(lat, 50)),
    p95: r(percentile(lat, 95)),
    p99: r(percentile(lat, 99)),
    max: r(lat.reduce((m, v) => Math.max(m, v), -Infinity)),
    fromSendP50: r(percentile(fromSend, 50)),
    fromSendP99: r(percentile(fromSend, 99)),
  };
}

/** A ws client in a worker thread: records [row id, arrival time] pairs of `events` messages. */
function wsClient(url: string, origin: string): { ready: Promise<void>; stop(): Promise<{ pairs: number[]; resyncs: number }> } {
  const wsPath = createRequire(import.meta.url).resolve('ws');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const WebSocket = require(workerData.wsPath);
    const pairs = [];
    let resyncs = 0;
    const ws = new WebSocket(workerData.url, ['sdktrace'], { origin: workerData.origin, perMessageDeflate: false });
    ws.on('open', () => parentPort.postMessage({ open: true }));
    ws.on('error', (e) => parentPort.postMessage({ error: String(e) }));
    ws.on('message', (data) => {
      const t = performance.timeOrigin + performance.now();
      const text = String(data);
      if (text.startsWith('{"type":"resync"')) { resyncs++; return; }
      if (!text.startsWith('{"type":"events"')) return;
      for (const r of JSON.parse(text).rows) pairs.push(r.id, t);
    });
    parentPort.on('message', () => { ws.close(); parentPort.postMessage({ pairs, resyncs }); });
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, origin, wsPath } });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { open?: boolean; error?: string }) => (m.open === true ? resolve() : reject(new Error(m.error))));
    worker.once('error', reject);
  });
  return {
    ready,
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (m: { pairs: number[]; resyncs: number }) => {
          void worker.terminate();
          resolve(m);
        });
        worker.postMessage('stop');
      }),
  };
}

/**
 * The agent's emitter at `rate` events/s: a batch leaves when full or flushIntervalMs after its
 * first event, whichever comes first (agent/core/emitter.ts); `n` events per pre-generated batch.
 */
export function batchShape(rate: number): { n: number; leaveAt(k: number): number } {
  const { batchSize, flushIntervalMs } = DEFAULT_CONFIG;
  const n = Math.max(1, Math.min(batchSize, Math.floor((rate * flushIntervalMs) / 1000)));
  const call = (seq: number) => ((seq + 1) * 1000) / rate;
  return { n, leaveAt: (k) => Math.min(call(k * n + n - 1), call(k * n) + flushIntervalMs) };
}

/** Hands the pre-generated batches to `deliver` when the emitter would send them; the achieved rate. */
async function pace(texts: readonly string[], rate: number, startAt: (t: number) => void, deliver: (text: string) => void): Promise<number> {
  const shape = batchShape(rate);
  const start = clock();
  startAt(start);
  let next = 0;
  await new Promise<void>((resolve) => {
    // One batch per turn of the event loop, as each agent message is its own callback: what the
    // host schedules while handling one (the feed's flush) runs before the next.
    const tick = () => {
      if (next < texts.length && shape.leaveAt(next) <= clock() - start) deliver(texts[next++]!);
      if (next >= texts.length) return resolve();
      if (shape.leaveAt(next) <= clock() - start) setImmediate(tick);
      else setTimeout(tick, 1);
    };
    tick();
  });
  return Math.round((texts.length * shape.n) / ((clock() - start) / 1000));
}

async function drain(count: () => number, expected: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (count() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** The bare ws path: decode each batch, send its events to the client at once. */
async function baseline(texts: readonly string[], rate: number): Promise<LatencyStats & { achievedRate: number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  let start = 0;
  const times = new Times(() => start, rate);
  let socket: import('ws').WebSocket | null = null;
  wss.on('connection', (s) => (socket = s));
  const client = wsClient(`ws://127.0.0.1:${port}/`, `http://127.0.0.1:${port}`);
  await client.ready;
  let id = 0;
  const achievedRate = await pace(texts, rate, (t) => (start = t), (text) => {
    const sentAt = clock();
    const b = JSON.parse(text) as { payload: Batch };
    const rows: string[] = [];
    for (const ev of b.payload.events) {
      id++;
      times.called[id] = times.calledAt(ev.seq);
      times.sent[id] = sentAt;
      rows.push(JSON.stringify({ id, ...ev }));
    }
    socket?.send(`{"type":"events","rows":[${rows.join(',')}]}`);
  });
  await new Promise((r) => setTimeout(r, 500));
  const { pairs, resyncs } = await client.stop();
  wss.close();
  return { ...stats(pairs, times, resyncs), achievedRate };
}

export async function benchLive(o: { seconds: number; rate: number }): Promise<LiveResult> {
  const { n: batchSize } = batchShape(o.rate);
  const w = new AgentWorkload({ seed: 99, batchSize });
  const hello = wire(w.hello());
  const texts: string[] = [];
  for (let n = Math.floor((o.seconds * o.rate) / batchSize); texts.length < n; ) texts.push(wire(w.batch()));
  const sent = texts.length * batchSize;

  log(`live: baseline (bare ws), ${o.rate.toLocaleString()} events/s for ${o.seconds} s`);
  const base = await baseline(texts, o.rate);

  const tmp = scratch('live');
  let start = 0;
  const times = new Times(() => start, o.rate);
  const stage = new TimesStage(times);
  const feed = new LiveFeed();
  const p = openPipeline(tmp.path('live.db'), { outputs: [stage, feed] });
  const dash = await startDashboard({ store: p.store, port: 0 });
  let browser: { close(): Promise<void>; read(): Promise<{ pairs: number[]; resyncs: number }> } | null = null;
  let browserSkipped: string | null = null;
  try {
    await dash.attach(p.runId, { feed });
    p.ingest.handle(p.proc, JSON.parse(hello));
    const client = wsClient(`ws://127.0.0.1:${dash.port}/ws`, dash.origin);
    await client.ready;
    if (existsSync(CHROMIUM)) browser = await openPage(dash.url);
    else browserSkipped = `${CHROMIUM} is missing: no browser sample`;
    log(`live: sdktrace ingest + dashboard, ${o.rate.toLocaleString()} events/s for ${o.seconds} s`);
    const achievedRate = await pace(texts, o.rate, (t) => (start = t), (text) => {
      stage.current = clock();
      p.ingest.handle(p.proc, JSON.parse(text));
    });
    await drain(() => p.ingest.totals.events, sent);
    await new Promise((r) => setTimeout(r, 1000));
    const got = await client.stop();
    const ws = { ...stats(got.pairs, times, got.resyncs), achievedRate };
    let browserStats: LatencyStats | null = null;
    if (browser !== null) {
      const b = await browser.read();
      browserStats = b.pairs.length > 0 ? stats(b.pairs, times, b.resyncs) : null;
      if (browserStats === null) browserSkipped = 'the page received no event rows';
    }
    const ratio = (a: number, b: number) => round(a / b, 1);
    const worst = Math.max(ws.p99, browserStats?.p99 ?? 0);
    const allDelivered = ws.received === sent && (browserStats === null || browserStats.received === sent);
    return {
      rate: o.rate,
      seconds: o.seconds,
      sent,
      batchSize,
      baseline: base,
      ws,
      browser: browserStats,
      browserSkipped,
      ratioP50: ratio(ws.p50, base.p50),
      ratioP99: ratio(ws.p99, base.p99),
      target: { p99Ms: LIVE_TARGET_P99_MS, met: allDelivered && worst <= LIVE_TARGET_P99_MS },
    };
  } finally {
    await browser?.close();
    await dash.close('bench done');
    p.store.close();
    tmp.dispose();
  }
}

/** The dashboard page in Chromium, with its WebSocket's event rows timestamped as they arrive. */
async function openPage(url: string): Promise<{ close(): Promise<void>; read(): Promise<{ pairs: number[]; resyncs: number }> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'sdktrace-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const seen = { pairs: [] as number[], resyncs: 0 };
    (window as unknown as { __bench: typeof seen }).__bench = seen;
    const Patched = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (e: MessageEvent) => {
          const t = performance.timeOrigin + performance.now();
          if (typeof e.data !== 'string') return;
          if (e.data.startsWith('{"type":"resync"')) seen.resyncs++;
          if (!e.data.startsWith('{"type":"events"')) return;
          for (const r of (JSON.parse(e.data) as { rows: { id: number }[] }).rows) seen.pairs.push(r.id, t);
        });
      }
    };
    window.WebSocket = Patched;
  });
  await page.goto(url);
  await page.waitForSelector('#conn[data-state="live"]', { timeout: 30_000 });
  return {
    read: () => page.evaluate(() => (window as unknown as { __bench: { pairs: number[]; resyncs: number } }).__bench),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
