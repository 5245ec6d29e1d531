// The dashboard in a real browser (Debian's Chromium through playwright-core, kept off the
// network): a live demo run on the emulated device with --serve, where events arrive, filters
// work, a click shows the stack with the decisive frame, and the consent button reaches the agent
// and changes the phase of what is stored; then `sdktrace serve` over a large stored run with
// hostile strings (virtualised list, server-side counts, nothing injected).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../analysis/clock.js';
import { demo } from '../../host/commands/demo.js';
import { serve } from '../../host/commands/serve.js';
import type { Dashboard } from '../../host/live/server.js';
import { Store, type EventRow } from '../../store/db.js';
import { hasChromium, launchChromium, waitFor } from './helpers.js';
import { syntheticRow, writeSynthetic } from './synthetic.js';

if (!hasChromium) console.warn('[test/live/browser] /usr/bin/chromium is missing: the dashboard\'s browser tests are skipped (apt-get install chromium)');

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-browser-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Texts of one column of the rows the list renders. */
function column(page: Page, k: number): Promise<string[]> {
  return page.$$eval(`#list .rows .row:not(.loading) .cell:nth-child(${k + 1})`, (els) => els.map((e) => e.textContent ?? ''));
}

async function eventsCount(page: Page): Promise<number | null> {
  const t = (await page.textContent('#events-count')) ?? '';
  const m = /\(([\d,]+) events?/.exec(t);
  return m === null ? null : Number(m[1]!.replace(/,/g, ''));
}

describe.skipIf(!hasChromium)('the dashboard on a live demo run (Chromium)', () => {
  const db = join(dir, 'demo.db');
  let dash: Dashboard | undefined;
  let done: Promise<number>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let store: Store;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    done = demo({ db, out: join(dir, 'report'), quiet: true, serve: '0', tz: 'Asia/Shanghai', onServe: (d) => (dash = d) });
    await waitFor('the dashboard', () => dash, 60_000);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(dash!.url);
    store = Store.open(db, { readonly: true });
  }, 120_000);

  afterAll(async () => {
    await dash?.close();
    expect(await done).toBe(0);
    const run = store.resolveRun('latest');
    expect(run.end_reason).toBe('dashboard closed');
    store.close();
    await browser?.close();
  }, 60_000);

  const sql = <T>(q: string, ...params: unknown[]) => store.db.prepare(q).all(...params) as T[];

  it('shows the run\'s events, the processes, the timeline and per-SDK counters', async () => {
    await page.waitForSelector('#conn[data-state="live"]');
    await waitFor('events in the list', async () => ((await eventsCount(page)) ?? 0) > 5);
    await waitFor('rows rendered', async () => (await column(page, 0)).length > 5);
    expect(await page.textContent('#run-title')).toContain('com.example.mall');
    await page.waitForSelector('#processes th:text("com.example.mall")');
    await page.waitForSelector('#counters tr[data-actor="getui-push"]');
    await page.waitForSelector('#timeline svg rect.seg');
    // Only rows in view are in the DOM.
    expect(await page.$$eval('#list .rows .row', (r) => r.length)).toBeLessThan(60);
    expect(await page.isEnabled('#consent-granted')).toBe(true);
  });

  it('filters by SDK, data type, phase and kind, with counts from the server', async () => {
    await page.selectOption('#f-actor', 'getui-push');
    await waitFor('only Getui rows', async () => {
      const actors = await column(page, 3);
      return actors.length > 0 && actors.every((a) => a === 'Getui Push');
    });
    const n = () => sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE run_id = 1 AND sdk = 'getui-push'")[0]!.n;
    await waitFor('the Getui count', async () => (await eventsCount(page)) === n());

    await page.selectOption('#f-dataType', 'android_id');
    await waitFor('only android_id rows from Getui', async () => {
      const what = await column(page, 4);
      return what.length > 0 && what.every((w) => w === 'android_id');
    });
    await page.selectOption('#f-phase', 'pre-consent');
    const expected = sql<{ id: number }>("SELECT id FROM events WHERE run_id = 1 AND sdk = 'getui-push' AND data_type = 'android_id' AND phase = 'pre-consent' ORDER BY id").map((r) => String(r.id));
    expect(expected.length).toBeGreaterThan(0);
    await waitFor('exactly the pre-consent Getui android_id reads', async () => JSON.stringify(await column(page, 0)) === JSON.stringify(expected));

    await page.click('#f-clear');
    await page.selectOption('#f-kind', 'net');
    await waitFor('only network rows', async () => {
      const what = await column(page, 4);
      return what.length > 0 && what.every((w) => w === 'net');
    });
    await page.click('#f-clear');
  });

  it('shows the stack of a clicked event with the decisive frame highlighted', async () => {
    await page.selectOption('#f-actor', 'getui-push');
    await page.selectOption('#f-kind', 'pi');
    await waitFor('Getui PI rows', async () => (await column(page, 0)).length > 0);
    const id = Number((await column(page, 0))[0]);
    await page.click(`#list .row[data-id="${id}"]`);
    await page.waitForSelector(`#detail-body h3:text("Event #${id}")`);
    const a = JSON.parse(sql<{ attribution: string }>('SELECT attribution FROM events WHERE id = ?', id)[0]!.attribution) as { frame: string; frameIndex: number; via: string };
    expect(a.via).toBe('stack');
    const frames = await page.$$eval('#detail-body ol.frames[aria-label="Stack frames"] li', (els) => els.map((e) => ({ text: e.textContent ?? '', decisive: e.classList.contains('decisive'), current: e.getAttribute('aria-current') })));
    expect(frames.length).toBeGreaterThan(a.frameIndex);
    expect(frames.filter((f) => f.decisive).length).toBe(1);
    const decisive = frames[a.frameIndex]!;
    expect(decisive.decisive).toBe(true);
    expect(decisive.current).toBe('true');
    expect(decisive.text).toContain(`${a.frame}(`);
    // One clock: the event's time in the server's --tz, 24-hour ISO-8601 with the offset; frames numbered from 1.
    const ev = sql<{ t: number }>('SELECT t FROM events WHERE id = ?', id)[0]!;
    expect(await page.textContent('#detail-body')).toContain(formatTime(ev.t, 'Asia/Shanghai'));
    expect(await page.getAttribute('#detail-body ol.frames[aria-label="Stack frames"]', 'start')).toBe('1');
    expect(await page.textContent('#detail-body')).toContain('Getui');
    await page.click('#f-clear');
  });

  it('marks consent refused: the marker reaches the agent, arrives live, and the stored phase changes', async () => {
    // After the scenario's own 同意 click, so the change to "refused" is the analyst's doing.
    await waitFor('consent granted by the scenario', () => sql("SELECT id FROM events WHERE run_id = 1 AND consent = 'granted' AND kind = 'lifecycle'").length > 0, 60_000);
    // The count line reads "(counting…)" while a count is in flight: wait for a number.
    const countBefore = await waitFor('the event count', () => eventsCount(page));
    await page.click('#consent-refused');
    const status = await waitFor('the marker event', async () => {
      const s = (await page.textContent('#consent-status')) ?? '';
      return /recorded as event #\d+/.test(s) && s;
    });
    const id = Number(/event #(\d+)/.exec(status)![1]);
    const ev = sql<EventRow & { id: number }>('SELECT * FROM events WHERE id = ?', id)[0]!;
    expect(ev).toMatchObject({ kind: 'consent', api: 'sdktrace.markConsent', source: 'agent', consent: 'refused' });
    expect(JSON.parse(ev.detail!)).toMatchObject({ state: 'refused', source: 'marker' });
    // The phase follows: refused while the app is in the foreground (background otherwise).
    expect(ev.phase).toBe(ev.foreground === 1 ? 'refused' : 'background');
    const before = sql<{ consent: string }>('SELECT consent FROM events WHERE run_id = 1 AND id < ? ORDER BY id DESC LIMIT 1', id)[0]!;
    expect(before.consent).toBe('granted');
    expect(status).toContain(ev.phase === 'refused' ? 'Consent refused' : 'Background');
    // It arrived in the list live. Later events can scroll it out of the followed tail on a busy
    // machine, so look for it among the consent events.
    await waitFor('the count to include the marker', async () => ((await eventsCount(page)) ?? 0) > countBefore);
    await page.selectOption('#f-kind', 'consent');
    await waitFor('the marker in the list', async () => (await column(page, 0)).includes(String(id)));
    await page.click('#f-clear');
    // Every later event carries the new decision.
    await waitFor('an event after the marker', () => sql('SELECT id FROM events WHERE run_id = 1 AND id > ?', id).length > 0, 60_000);
    expect(sql<{ consent: string }>('SELECT DISTINCT consent FROM events WHERE run_id = 1 AND id > ?', id).map((r) => r.consent)).toEqual(['refused']);
    // The timeline marks the decision.
    await page.waitForSelector(`#timeline g.mark.consent-refused`);
  });

  it("shows what a paused audit asks for, marks the answering button, and withdraws it", async () => {
    const text = 'stage "refuse": no shown control reads as "refuse" <b>not markup</b>';
    dash!.ask({ state: 'refused', text });
    await page.waitForSelector('#consent-request:not([hidden])');
    expect(await page.textContent('#consent-request')).toBe(`Audit paused: ${text}. Refuse on the device by hand, then press Refused here.`);
    expect(await page.$eval('#consent-refused', (b) => b.classList.contains('asked'))).toBe(true);
    expect(await page.$eval('#consent-granted', (b) => b.classList.contains('asked'))).toBe(false);
    expect(await page.$$('#consent-request b')).toEqual([]);
    dash!.ask(null);
    await page.waitForSelector('#consent-request[hidden]', { state: 'attached' });
    expect(await page.$eval('#consent-refused', (b) => b.classList.contains('asked'))).toBe(false);
  });

  it('shows the findings as the rules find them', async () => {
    await page.waitForSelector('#findings li.finding[data-rule="pre-consent-collection"]', { timeout: 30_000 });
    expect(await page.textContent('#findings')).toContain('Getui');
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('sdktrace serve over a large stored run with hostile strings (Chromium)', () => {
  const db = join(dir, 'large.db');
  const N = 120_000;
  const HOSTILE = '<img src=x onerror="window.__pwned=1"></script><b>bold</b>\u202eevil\u0007';
  let dash: Dashboard | undefined;
  let done: Promise<number>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let store: Store;
  let runId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    store = Store.open(db, { create: true });
    runId = store.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 't', package: 'com.example.synthetic' });
    writeSynthetic(store, { runId, count: N, of: N + 3 });
    const hostile: EventRow[] = [0, 1, 2].map((k) => {
      const r = syntheticRow(runId, N + k, N + 3);
      return {
        ...r,
        kind: 'pi',
        data_type: 'imei',
        sdk: `evil-${k}`,
        party: 'third-party',
        api: `${HOSTILE}.get(${k})`,
        thread: HOSTILE,
        detail: JSON.stringify({ key: HOSTILE }),
        attribution: JSON.stringify({ sdk: { id: `evil-${k}`, name: `${HOSTILE} SDK`, category: HOSTILE }, party: 'third-party', frame: HOSTILE, frameIndex: 1, apiIndex: 0, via: 'stack', chain: [], reason: HOSTILE }),
      };
    });
    store.transaction(() => store.appendEvents(runId, hostile.map((row) => ({ row }))));
    store.endRun(runId, 'finished', Date.now());
    done = serve(db, { run: String(runId), port: '0', onServe: (d) => (dash = d) });
    await waitFor('the dashboard', () => dash, 60_000);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(dash!.url);
  }, 180_000);

  afterAll(async () => {
    await dash?.close();
    expect(await done).toBe(0);
    store.close();
    await browser?.close();
  });

  it('renders only the rows in view and reaches any part of the run', async () => {
    await waitFor('the full count', async () => (await eventsCount(page)) === N + 3, 60_000);
    expect(await page.$$eval('#list .rows .row', (r) => r.length)).toBeLessThan(60);
    const ids = store.db.prepare('SELECT id FROM events WHERE run_id = ? ORDER BY id').pluck().all(runId) as number[];
    // Following: the last rows are shown.
    await waitFor('the last event', async () => (await column(page, 0)).includes(String(ids[ids.length - 1])));
    // Home goes to the first event, through pages fetched on demand.
    await page.focus('#list');
    await page.keyboard.press('Home');
    await waitFor('the first event', async () => (await column(page, 0))[0] === String(ids[0]));
    // The middle of the run: scroll there and check the rows match the database at that offset.
    await page.$eval('#list .viewport', (v) => (v.scrollTop = v.scrollHeight / 2));
    // Rows whose page is still on its way are drawn as placeholders: wait for the fetched ones.
    const shown = await waitFor('rows in the middle', async () => {
      const c = await column(page, 0);
      return c.length > 5 && c.every((x) => /^\d+$/.test(x)) && ids.indexOf(Number(c[0])) > 0 && c;
    });
    const at = ids.indexOf(Number(shown[0]));
    expect(at).toBeGreaterThan(N / 4);
    expect(shown.map(Number)).toEqual(ids.slice(at, at + shown.length));
    // A filter counts on the server.
    await page.selectOption('#f-phase', 'background');
    const bg = store.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND phase = 'background'").pluck().get(runId) as number;
    await waitFor('the background count', async () => (await eventsCount(page)) === bg);
    await page.click('#f-clear');
  });

  it('shows hostile app strings as text, never as markup', async () => {
    await page.selectOption('#f-dataType', 'imei');
    await page.selectOption('#f-actor', 'evil-1');
    await waitFor('the hostile row', async () => (await column(page, 7)).length === 1);
    const thread = (await column(page, 7))[0]!;
    expect(thread).toContain('<img src=x');
    expect(thread).toContain('\\u202e');
    await page.click('#list .rows .row:not(.loading)');
    await page.waitForSelector('#detail-body h3');
    const detail = (await page.textContent('#detail-body'))!;
    expect(detail).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.textContent('#counters')).toContain('<img src=x');
    expect(await page.$$eval('img, b, script:not([src])', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // A stored run: the consent buttons are off, and say why.
    expect(await page.isDisabled('#consent-refused')).toBe(true);
    expect(await page.textContent('#consent-status')).toMatch(/live/);
    expect(pageErrors).toEqual([]);
  });
});
