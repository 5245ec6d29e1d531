// The dashboard server without a browser: its security model (loopback Host only, token for
// other addresses, Origin on the WebSocket, no mutation over HTTP), its API, and following a run
// that another connection is still writing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { startDashboard, type Dashboard } from '../../host/live/server.js';
import type { CountResult, EventDetail, EventsPage, ServerMessage, Stats } from '../../host/live/protocol.js';
import { api, connect, fetchAfter, handshakeStatus, waitFor } from './helpers.js';
import { writeSynthetic } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-server-'));
const dbPath = join(dir, 'serve.db');
let writer: Store;
let reader: Store;
let runId: number;
let last: number;
const open: Dashboard[] = [];

async function dashboard(o: Partial<Parameters<typeof startDashboard>[0]> = {}): Promise<Dashboard> {
  const d = await startDashboard({ store: reader, runId, port: 0, findings: false, pollMs: 50, ...o });
  open.push(d);
  return d;
}

beforeAll(async () => {
  writer = Store.open(dbPath, { create: true });
  runId = writer.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 't', package: 'com.example.synthetic' });
  last = writeSynthetic(writer, { runId, count: 3000, of: 4000 }).last;
  reader = Store.open(dbPath, { readonly: true });
});

afterAll(async () => {
  for (const d of open) await d.close();
  reader.close();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard security', () => {
  it('serves the page with a strict CSP and no external resources', async () => {
    const d = await dashboard();
    const r = await api<string>(d, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).not.toMatch(/https?:\/\//);
    const js = await api<string>(d, '/app.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(js.body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect((await api(d, '/api/info', { method: 'POST' })).status).toBe(405);
    expect((await api(d, '/nope')).status).toBe(404);
  });

  it('answers only to loopback Host names on loopback (no DNS rebinding)', async () => {
    const d = await dashboard();
    expect((await api(d, '/api/info')).status).toBe(200);
    expect((await api(d, '/api/info', { host: `localhost:${d.port}` })).status).toBe(200);
    expect((await api(d, '/api/info', { host: `attacker.example:${d.port}` })).status).toBe(421);
    expect((await api(d, '/', { host: `attacker.example:${d.port}` })).status).toBe(421);
    expect(await handshakeStatus(d, { host: `attacker.example:${d.port}`, origin: `http://attacker.example:${d.port}` })).toBe(421);
  });

  it('refuses WebSockets from a foreign or missing Origin', async () => {
    const d = await dashboard();
    expect(await handshakeStatus(d, {})).toBe(101);
    expect(await handshakeStatus(d, { origin: 'http://evil.example' })).toBe(403);
    expect(await handshakeStatus(d, { origin: `http://127.0.0.1:${d.port + 1}` })).toBe(403);
    expect(await handshakeStatus(d, { origin: `https://127.0.0.1:${d.port}` })).toBe(403);
    expect(await handshakeStatus(d, { origin: null })).toBe(403);
  });

  it('requires a token off loopback: generated, then checked on the API and the WebSocket', async () => {
    const d = await dashboard({ host: '0.0.0.0' });
    expect(d.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(d.url).toContain(`#token=${d.token}`);
    expect((await api(d, '/api/info', { token: null })).status).toBe(401);
    expect((await api(d, '/api/info', { token: 'x'.repeat(32) })).status).toBe(401);
    expect((await api(d, '/api/info')).status).toBe(200);
    // The page itself carries no data and loads without the token (the token is in its fragment).
    expect((await api(d, '/', { token: null })).status).toBe(200);
    expect(await handshakeStatus(d, { token: null })).toBe(401);
    expect(await handshakeStatus(d, { token: 'wrong-token-wrong-token' })).toBe(401);
    expect(await handshakeStatus(d, {})).toBe(101);
    expect(await handshakeStatus(d, { token: null, headers: { Authorization: `Bearer ${d.token}` } })).toBe(101);
    // A right token does not excuse a foreign Origin.
    expect(await handshakeStatus(d, { origin: 'http://evil.example' })).toBe(403);
  });

  it('uses a given token on loopback too, and refuses malformed ones', async () => {
    const d = await dashboard({ token: 'given-token-0123456789' });
    expect(d.token).toBe('given-token-0123456789');
    expect((await api(d, '/api/info', { token: null })).status).toBe(401);
    expect(await handshakeStatus(d, { token: 'given-token-0123456789' })).toBe(101);
    await expect(startDashboard({ store: reader, runId, port: 0, token: 'short' })).rejects.toThrow(/token/);
  });

  it('keeps the consent buttons off for a stored run and closes on unknown messages', async () => {
    const d = await dashboard();
    const c = connect(d);
    const hello = await c.next('hello');
    expect(hello.consent.available).toBe(false);
    expect(hello.consent.reason).toMatch(/live/);
    c.ws.send(JSON.stringify({ type: 'consent', state: 'granted', req: 7 }));
    const res = await c.next('consent-result');
    expect(res).toEqual({ type: 'consent-result', req: 7, ok: false, error: expect.stringMatching(/live/) });
    c.ws.send('{"type":"delete everything"}');
    expect((await c.closed).code).toBe(1008);
  });
});

describe('dashboard API and following a stored run', () => {
  it('pages, counts, details and aggregates', async () => {
    const d = await dashboard();
    const info = await api<{ head: number; run: { id: number } }>(d, '/api/info');
    expect(info.body.head).toBe(last);
    expect(info.body.run.id).toBe(runId);
    const count = await api<CountResult>(d, `/api/count?kind=pi&upTo=${last}`);
    const n = writer.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND kind = 'pi'").pluck().get(runId) as number;
    expect(count.body).toEqual({ count: n, upTo: last });
    const page = await api<EventsPage>(d, `/api/events?kind=pi&offset=${n - 2}&limit=10&upTo=${last}`);
    expect(page.body.rows.map((r) => r.kind)).toEqual(['pi', 'pi']);
    expect((await api(d, '/api/events?offset=abc')).status).toBe(400);
    const detail = await api<EventDetail>(d, `/api/event/${page.body.rows[0]!.id}`);
    expect(detail.body.frames?.length).toBe(4);
    expect((await api(d, '/api/event/999999999')).status).toBe(404);
    const stats = await waitFor('stats', async () => {
      const s = await api<Stats>(d, '/api/stats');
      return s.body.total === 3000 ? s.body : null;
    });
    expect(stats.kinds.pi).toBe(n);
  });

  it('follows events another process writes, gap-free, and the run ending', async () => {
    const d = await dashboard();
    const c = connect(d);
    const hello = await c.next('hello');
    expect(hello.head).toBe(last);
    const added = writeSynthetic(writer, { runId, count: 1000, from: 3000, of: 4000, batch: 100 });
    await waitFor('the new events', () => c.rows.length > 0 && c.rows[c.rows.length - 1]!.id === added.last);
    const ids = c.rows.map((r) => r.id);
    const stored = writer.db.prepare('SELECT id FROM events WHERE run_id = ? AND id > ? ORDER BY id').pluck().all(runId, last) as number[];
    expect(ids).toEqual(stored);
    expect(c.messages.some((m) => m.type === 'events' && m.span !== undefined)).toBe(false);
    writer.endRun(runId, 'test over', Date.now());
    const runMsg = (await waitFor('the run message', () => c.messages.find((m): m is Extract<ServerMessage, { type: 'run' }> => m.type === 'run' && m.run?.endedAt != null)))!;
    expect(runMsg.run?.endReason).toBe('test over');
    const stats = await waitFor('stats with every event', () => c.messages.findLast((m): m is Extract<ServerMessage, { type: 'stats' }> => m.type === 'stats' && m.stats.total === 4000));
    expect(stats.stats.head).toBe(added.last);
    // The resync path returns the same rows the stream did.
    expect((await fetchAfter(d, last, added.last)).map((r) => r.id)).toEqual(stored);
  });
});
