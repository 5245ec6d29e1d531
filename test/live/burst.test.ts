// Bursts on the live feed: a page is sent rows up to its budget and the rest as counted groups by
// (actor, kind, api, data type, phase). These tests hold the accounting exact (every stored event
// is a row or in exactly one group, and a group expands to exactly its rows), check that a low
// rate is never coalesced, that too many keys give one key-null group, and that the page shows a
// group as one line which expands in place. Functional only: no timing is asserted. Events go
// through the real Ingest (transactions, hash chain, stages) into a LiveFeed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { Ingest } from '../../host/ingest/ingest.js';
import { LiveFeed, type FeedLimits } from '../../host/live/feed.js';
import type { ProcessContext } from '../../host/ingest/types.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { startDashboard, type Dashboard } from '../../host/live/server.js';
import type { ServerMessage } from '../../host/live/protocol.js';
import { groupKeyOf, sameKey } from '../../host/live/rows.js';
import { accountFor, connect, fetchGroup, hasChromium, launchChromium, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-burst-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four APIs with their data types: four keys per phase. */
const APIS = [
  ['android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)', 'android_id'],
  ['android.telephony.TelephonyManager.getImei()', 'imei'],
  ['android.telephony.TelephonyManager.getSubscriberId()', 'imsi'],
  ['android.net.wifi.WifiInfo.getMacAddress()', 'mac_address'],
] as const;

interface Rig {
  store: Store;
  ingest: Ingest;
  dash: Dashboard;
  runId: number;
  proc: ProcessContext;
  t: number;
  close(): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function rig(name: string, limits: Partial<FeedLimits>): Promise<Rig> {
  const store = Store.open(join(dir, `${name}.db`), { create: true });
  const t = 1_767_225_600_000;
  const runId = store.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 't', package: 'com.example.burst' });
  const feed = new LiveFeed();
  const ingest = new Ingest(store, runId, [feed], { appPackage: 'com.example.burst' });
  const row = store.addProcess({ run_id: runId, pid: 4343, name: 'com.example.burst', package: 'com.example.burst', target: true, started_at: t, spawned_by: 'sdktrace' });
  const proc: ProcessContext = { id: row.id, pid: 4343, name: 'com.example.burst', package: 'com.example.burst', target: true, nextSeq: 0, gaps: 0 };
  const dash = await startDashboard({ store, port: 0, findings: false, limits });
  await dash.attach(runId, { feed });
  const r: Rig = {
    store,
    ingest,
    dash,
    runId,
    proc,
    t,
    close: async () => {
      await dash.close();
      store.close();
    },
  };
  rigs.push(r);
  return r;
}

/** `n` agent events in batches of `chunk`, one batch per turn of the event loop (like device messages), `pauseMs` apart. */
async function burst(r: Rig, n: number, chunk: number, pauseMs = 0, keys = APIS.length): Promise<void> {
  for (let done = 0; done < n; done += chunk) {
    const events = [];
    for (let i = 0; i < Math.min(chunk, n - done); i++) {
      const [api, dataType] = APIS[(done + i) % keys]!;
      events.push({ seq: r.proc.nextSeq + i, t: r.t++, tid: 4343, thread: 'burst', kind: 'pi', api, dataType, detail: { key: dataType } });
    }
    r.ingest.handle(r.proc, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: r.proc.pid, events } });
    await new Promise((res) => (pauseMs > 0 ? setTimeout(res, pauseMs) : setImmediate(res)));
  }
  expect(r.store.db.prepare('SELECT location, error FROM protocol_errors LIMIT 1').all()).toEqual([]);
  expect(r.ingest.totals.problems).toBe(0);
}

const storedIds = (r: Rig, after: number): number[] => r.store.db.prepare('SELECT id FROM events WHERE run_id = ? AND id > ? ORDER BY id').pluck().all(r.runId, after) as number[];
const spans = (ms: readonly ServerMessage[]) => ms.filter((m): m is Extract<ServerMessage, { type: 'events' }> => m.type === 'events' && m.span !== undefined);

describe('a burst over the page budget', () => {
  it('arrives as rows and counted groups that add up to exactly the events stored, each group expanding to its rows', async () => {
    const r = await rig('burst', { rowsPerSecond: 1000, burst: 200, coalesceMs: 50, batch: 100 });
    const c = connect(r.dash);
    const hello = await c.next('hello');
    await burst(r, 6000, 500);
    const ids = storedIds(r, hello.head);
    expect(ids).toHaveLength(6000);
    await waitFor('the client to be accounted up to the head', () => r.dash.clientStats()[0]!.lastId === ids.at(-1));
    const acc = await accountFor(r.dash, c.messages);
    expect(acc.ids).toEqual(ids);
    expect(acc.rows + acc.coalesced).toBe(6000);
    expect(acc.groups).toBeGreaterThan(0);
    expect(acc.coalesced).toBeGreaterThan(acc.rows);
    const s = r.dash.clientStats()[0]!;
    expect([s.rowsSent, s.rowsCoalesced]).toEqual([acc.rows, acc.coalesced]);
    // Each keyed group's rows carry its key; a span's rows are inside the span.
    for (const m of spans(c.messages)) {
      for (const row of m.rows) expect(row.id > m.span!.from && row.id <= m.span!.to).toBe(true);
      for (const g of m.span!.groups) {
        expect(g.key).not.toBeNull();
        const got = await fetchGroup(r.dash, m.span!, g);
        expect(got.every((row) => sameKey(groupKeyOf(row), g.key!))).toBe(true);
        expect([got[0]!.id, got.at(-1)!.id]).toEqual([g.first, g.last]);
      }
    }
    c.ws.close();
  });

  it('sends every row one by one at a rate below the budget', async () => {
    const r = await rig('low', { rowsPerSecond: 1000, burst: 200, coalesceMs: 50, batch: 100 });
    const c = connect(r.dash);
    const hello = await c.next('hello');
    // 20 events every 50 ms: about 400 events/s against a budget of 1,000.
    await burst(r, 600, 20, 50);
    const ids = storedIds(r, hello.head);
    await waitFor('every row', () => c.rows.at(-1)?.id === ids.at(-1));
    expect(spans(c.messages)).toEqual([]);
    expect(c.rows.map((row) => row.id)).toEqual(ids);
    expect(r.dash.clientStats()[0]!.rowsCoalesced).toBe(0);
    c.ws.close();
  });

  it('never coalesces without a budget (rowsPerSecond Infinity: the path before coalescing)', async () => {
    const r = await rig('unbudgeted', { rowsPerSecond: Infinity, burst: Infinity });
    const c = connect(r.dash);
    const hello = await c.next('hello');
    await burst(r, 6000, 500);
    const ids = storedIds(r, hello.head);
    await waitFor('every row', () => c.rows.at(-1)?.id === ids.at(-1));
    expect(spans(c.messages)).toEqual([]);
    expect(c.rows.map((row) => row.id)).toEqual(ids);
    c.ws.close();
  });

  it('turns a span with more keys than allowed into one key-null group of the whole span', async () => {
    const r = await rig('keys', { rowsPerSecond: 1, burst: 1, coalesceMs: 50, batch: 100, maxGroups: 2 });
    const c = connect(r.dash);
    const hello = await c.next('hello');
    await burst(r, 2000, 500);
    const ids = storedIds(r, hello.head);
    await waitFor('the client to be accounted up to the head', () => r.dash.clientStats()[0]!.lastId === ids.at(-1));
    const all = spans(c.messages).flatMap((m) => m.span!.groups).filter((g) => g.key === null);
    expect(all.length).toBeGreaterThan(0);
    expect(spans(c.messages).every((m) => m.span!.groups.length <= 2)).toBe(true);
    const acc = await accountFor(r.dash, c.messages);
    expect(acc.ids).toEqual(ids);
    c.ws.close();
  });

  it('answers a malformed group request with what is wrong', async () => {
    const r = await rig('bad', {});
    const { api } = await import('./helpers.js');
    const bad = await api<{ error: string }>(r.dash, '/api/group?from=1&to=5&key=%7B%22actor%22%3A1%7D');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/key\.actor.*key parameter/);
    expect((await api<{ error: string }>(r.dash, '/api/group?to=5')).body.error).toMatch(/from and to are required/);
  });
});

describe.skipIf(!hasChromium)('groups on the page (Chromium)', () => {
  it('shows a group as one line with its count, and expands it to its rows', async () => {
    const r = await rig('page', { rowsPerSecond: 1, burst: 1, coalesceMs: 50, batch: 10 });
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(r.dash.url);
      await page.waitForSelector('#conn[data-state="live"]');
      await burst(r, 3000, 500);
      const total = storedIds(r, 0).length;
      // The count is exact: rows and groups together.
      await waitFor('the page to count every event', async () => ((await page.textContent('#events-count')) ?? '').startsWith(`(${total.toLocaleString('en-US')} events`));
      expect(await page.textContent('#events-count')).toMatch(/arrived in groups/);
      // The list renders only the rows in view, pools its row elements and redraws live rows on its
      // own frames, so a group line read once can be redrawn into another element, or out of view,
      // before the click (in CI under load a fixed group's line was not found again for 30 s). An
      // analyst scrolls to the groups first (which stops following new rows), then clicks the
      // line in front of them: each try takes the first closed group line present now, clicks it,
      // and waits a few frames for it to open (a second click on an opened group would close it).
      await page.$eval('#list .viewport', (el) => {
        el.scrollTop = 0;
      });
      const range = (text: string | null) => (text ?? '').split('-').map(Number) as [number, number];
      let clicks = 0;
      const [first, last] = await waitFor(
        'a group to open',
        async () => {
          const open = await page.$('#list .row.group[aria-expanded="true"]');
          if (open !== null) return range(await open.getAttribute('data-group'));
          const line = await page.$('#list .row.group[aria-expanded="false"]');
          if (line === null) {
            // Say what the page showed, so a failure tells whether the groups were gone (a
            // reconnect dissolves them into rows) or only not drawn.
            const state = await page.$eval('#conn', (e) => e.getAttribute('data-state')).catch(() => '?');
            throw new Error(`no closed group line on the page (connection ${state}, ${await page.textContent('#events-count')}, ${clicks} clicks so far)`);
          }
          const g = await line.getAttribute('data-group');
          const n = Number(((await line.$eval('.cell', (e) => e.textContent).catch(() => '')) ?? '').replace(/[^\d]/g, ''));
          expect(n).toBeGreaterThan(1);
          clicks++;
          await line.click({ timeout: 2000 }).catch(() => undefined);
          return page
            .waitForSelector(`#list .row.group[data-group="${g}"][aria-expanded="true"]`, { timeout: 3000 })
            .then(() => range(g))
            .catch(() => false as const);
        },
        30_000,
      );
      await page.waitForSelector(`#list .row.in-group[data-id="${first}"]`);
      const shown = await page.$$eval('#list .row.in-group', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
      expect(shown[0]).toBe(first);
      expect(shown.every((id) => id >= first && id <= last)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
