// The demo app's lists written the way apps publish them (legal company names, no destinations,
// no package name, Chinese wording; data/policies/demo-mall.published.{txt,html}) must give the
// same undisclosed-* findings as the hand-written official lists (demo-mall.lists.json). Before
// issue 22, a faithful transcription gave 43 findings instead of 25: 9 false undisclosed-collection
// and 9 false undisclosed-sharing. Traced through the real agent bundle on the emulated device.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoScenarioPath } from '../../emulator/index.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { importPublishedLists } from '../../reports/lists/import.js';
import { loadDeclaredLists, parseDeclaredLists } from '../../reports/lists/load.js';
import { buildReport } from '../../reports/model.js';
import type { Finding } from '../../reports/engine.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-published-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policy = (f: string) => new URL(`../../data/policies/${f}`, import.meta.url).pathname;
const key = (f: Finding) => `${f.rule}/${f.variant ?? '-'}/${f.sdk?.id ?? '-'}/${f.dataType ?? '-'}`;

async function traceDemo(): Promise<{ store: Store; runId: number }> {
  const { store, runId } = await traceEmulated(demoScenarioPath(), join(dir, 'demo.db'));
  return { store, runId: runId };
}

describe('published-style demo lists', () => {
  let store: Store;
  let runId: number;

  it('import from text and from HTML to the same entries, and the shipped JSON is that import', async () => {
    const catalog = sdkCatalog();
    const strip = (d: unknown) => JSON.parse(JSON.stringify(d), (k, v) => (['source', 'imported', 'phrases', 'note'].includes(k) ? undefined : v));
    const fromText = await importPublishedLists(policy('demo-mall.published.txt'), readFileSync(policy('demo-mall.published.txt')), { catalog, by: 'test' });
    const fromHtml = await importPublishedLists(policy('demo-mall.published.html'), readFileSync(policy('demo-mall.published.html')), { catalog, by: 'test' });
    expect(strip(fromHtml.lists)).toEqual(strip(fromText.lists));
    expect(fromText.stats.unresolved).toEqual([]);
    const shipped = JSON.parse(readFileSync(policy('demo-mall.published.lists.json'), 'utf8'));
    expect(strip(shipped)).toEqual(strip(fromText.lists));
    // No package name, no destinations, companies by legal name.
    expect(shipped.app.package).toBeUndefined();
    expect(shipped.sharing.every((s: { domains?: unknown }) => s.domains === undefined)).toBe(true);
    expect(shipped.sharing.map((s: { company: string }) => s.company)).toContain('每日互动股份有限公司');
  });

  it('give exactly the official lists’ undisclosed findings on the demo run', async () => {
    ({ store, runId } = await traceDemo());
    const catalog = sdkCatalog();
    const official = buildReport(store, runId, { lists: loadDeclaredLists(policy('demo-mall.lists.json'), catalog) });
    const published = buildReport(store, runId, { lists: loadDeclaredLists(policy('demo-mall.published.lists.json'), catalog) });
    const undisclosed = (fs: Finding[]) => fs.filter((f) => f.rule.startsWith('undisclosed-')).map(key).sort();
    expect(undisclosed(official.findings).length).toBeGreaterThan(0);
    expect(undisclosed(published.findings)).toEqual(undisclosed(official.findings));
    expect(published.findings.map(key).sort()).toEqual(official.findings.map(key).sort());
    expect(published.findings.length).toBe(25);
    expect(published.policy!.app.package).toBe('com.example.mall');
    expect(published.policy!.packageMatches).toBe(true);
    // The network table: the app's own server is its own with either lists (by app.domains, or as
    // a host only the app's code reaches that no catalog SDK or vendor claims).
    const declared = (m: typeof official) => Object.fromEntries(m.network.map((d) => [d.host ?? d.ip, d.declared]));
    expect(declared(published)['api.mall.example.com']).toBe(true);
    // Except a host some of whose sends no code can be named for: the Flutter screen's SSL_write
    // runs on a Dart pool thread without Java frames (a second actor, "(unknown)"), so without the
    // official lists' app.domains nothing shows that shop.mall.example.com is the app's own server.
    const shop = published.network.find((d) => d.host === 'shop.mall.example.com')!;
    expect(shop.actors).toEqual(['(app)', '(unknown)']);
    const { 'shop.mall.example.com': shopPublished, ...restPublished } = declared(published);
    const { 'shop.mall.example.com': shopOfficial, ...restOfficial } = declared(official);
    expect([shopPublished, shopOfficial]).toEqual([false, true]);
    expect(restPublished).toEqual(restOfficial);
  }, 120_000);

  it('report server-side sharing as not observable: it neither declares nor is violated', () => {
    const catalog = sdkCatalog();
    const doc = JSON.parse(readFileSync(policy('demo-mall.published.lists.json'), 'utf8'));
    // Getui's row, as if the list said the data goes from the app's servers (后台接口传输).
    doc.sharing[0].transfer = 'server';
    const lists = parseDeclaredLists(JSON.stringify(doc), { catalog });
    const m = buildReport(store, runId, { lists });
    expect(m.policy!.notObservable).toEqual([{ ref: '$.sharing[0]', why: 'server', label: '个推推送SDK' }]);
    // Getui's own reads are now undeclared (a server-side entry says nothing about its code in the app).
    expect(m.findings.filter((f) => f.rule === 'undisclosed-collection' && f.sdk?.id === 'getui-push').map((f) => f.variant)).toContain('not-listed');
  });
});
