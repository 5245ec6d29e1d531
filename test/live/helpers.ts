// Shared by the dashboard tests: a WebSocket client that records what the server sends, HTTP
// helpers, condition waits (timeouts only bound the wait; nothing asserts on durations), and
// Debian's Chromium through playwright-core, kept off the network.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import type { BrowserContext } from 'playwright-core';
import type { Dashboard } from '../../host/live/server.js';
import type { GroupPage, LiveRow, RowGroup, ServerMessage, Span } from '../../host/live/protocol.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last !== null ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Recorder {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Event rows received, in order. */
  rows: LiveRow[];
  closed: Promise<{ code: number; reason: string }>;
  next<T extends ServerMessage['type']>(type: T, from?: number): Promise<Extract<ServerMessage, { type: T }>>;
}

/** Connects like the page does (same Origin, token as a subprotocol) unless told otherwise. */
export function connect(d: Pick<Dashboard, 'port' | 'origin' | 'token'>, o: { origin?: string | null; token?: string | null; host?: string; headers?: Record<string, string> } = {}): Recorder {
  const token = o.token === undefined ? d.token : o.token;
  const protocols = token !== null ? ['sdktrace', `sdktrace.token.${token}`] : ['sdktrace'];
  const origin = o.origin === undefined ? `http://127.0.0.1:${d.port}` : o.origin;
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.host !== undefined) headers.Host = o.host;
  const ws = new WebSocket(`ws://127.0.0.1:${d.port}/ws`, protocols, { ...(origin !== null ? { origin } : {}), headers });
  const messages: ServerMessage[] = [];
  const rows: LiveRow[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    messages.push(m);
    if (m.type === 'events') rows.push(...m.rows);
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return {
    ws,
    messages,
    rows,
    closed,
    next: (type, from = 0) => waitFor(`a ${type} message`, () => messages.slice(from).find((m) => m.type === type) as never),
  };
}

/** The HTTP status a refused WebSocket handshake got (or 101 when it was accepted). */
export function handshakeStatus(d: Pick<Dashboard, 'port' | 'origin' | 'token'>, o: Parameters<typeof connect>[1]): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = connect(d, o);
    r.ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      r.ws.terminate();
    });
    r.ws.on('open', () => {
      resolve(101);
      r.ws.close();
    });
    r.ws.on('error', (e) => reject(e));
  });
}

export function api<T>(d: Pick<Dashboard, 'port' | 'token'>, path: string, o: { token?: string | null; host?: string; method?: string } = {}): Promise<{ status: number; body: T; headers: IncomingHttpHeaders }> {
  const token = o.token === undefined ? d.token : o.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (o.host !== undefined) headers.Host = o.host;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path, method: o.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every event of a run from the API, after an id (the resync path). */
export async function fetchAfter(d: Pick<Dashboard, 'port' | 'token'>, after: number, upTo: number): Promise<LiveRow[]> {
  const out: LiveRow[] = [];
  let cursor = after;
  for (;;) {
    const r = await api<{ rows: LiveRow[] }>(d, `/api/events?after=${cursor}&upTo=${upTo}&limit=500`);
    if (r.status !== 200) throw new Error(`GET /api/events: ${r.status}`);
    out.push(...r.body.rows);
    if (r.body.rows.length < 500) return out;
    cursor = r.body.rows[r.body.rows.length - 1]!.id;
  }
}

/** A coalesced group's rows, read page by page from /api/group as the page expands it. */
export async function fetchGroup(d: Pick<Dashboard, 'port' | 'token'>, span: Span, g: RowGroup): Promise<LiveRow[]> {
  const out: LiveRow[] = [];
  let after = span.from;
  const key = g.key === null ? '' : `&key=${encodeURIComponent(JSON.stringify(g.key))}`;
  for (;;) {
    const r = await api<GroupPage>(d, `/api/group?from=${span.from}&to=${span.to}${key}&after=${after}&limit=500`);
    if (r.status !== 200) throw new Error(`GET /api/group: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.rows);
    if (r.body.done) return out;
    after = r.body.next;
  }
}

/**
 * What a client knows from its `events` messages: the rows, and every group expanded from the
 * database. Throws when a group's rows are not exactly its count, or an event comes twice.
 */
export async function accountFor(d: Pick<Dashboard, 'port' | 'token'>, messages: readonly ServerMessage[]): Promise<{ ids: number[]; rows: number; coalesced: number; groups: number }> {
  const ids: number[] = [];
  let rows = 0;
  let coalesced = 0;
  let groups = 0;
  for (const m of messages) {
    if (m.type !== 'events') continue;
    for (const r of m.rows) ids.push(r.id);
    rows += m.rows.length;
    for (const g of m.span?.groups ?? []) {
      const got = await fetchGroup(d, m.span!, g);
      if (got.length !== g.count) throw new Error(`group ${JSON.stringify(g)} of span ${m.span!.from}-${m.span!.to} expanded to ${got.length} rows`);
      for (const r of got) ids.push(r.id);
      coalesced += g.count;
      groups++;
    }
  }
  const sorted = [...ids].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw new Error(`event ${sorted[i]} was accounted for twice`);
  return { ids: sorted, rows, coalesced, groups };
}

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
