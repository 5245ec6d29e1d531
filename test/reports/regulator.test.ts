// The report a regulator hands over, on the demo run (the emulated device through the real agent):
// the verdict table first and consistent with the findings (checked in Chromium), the PDF printed by
// Chromium on A4 with the verdict rows and the run's footer (checked with pdftotext/pdfinfo), one
// clock and zone, the spreadsheets' real dates and Events sheet, the reader's language.
// SDKTRACE_UPDATE_IMAGES=1 also saves the README's screenshots under docs/images/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../../host/commands/demo.js';
import { Store } from '../../store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { render } from '../../reports/write.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { eventSource } from '../../reports/events.js';
import { ActorDirectory } from '../../analysis/actor.js';
import { formatTime } from '../../analysis/clock.js';
import { findChromium, CHROMIUM_MISSING } from '../../reports/render/pdf.js';
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const havePoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const IMAGES = process.env.SDKTRACE_UPDATE_IMAGES === '1' ? resolve(__dirname, '../../docs/images') : null;

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-regulator-'));
let store: Store;
let model: ReportModel;
let browser: Browser | null = null;

beforeAll(async () => {
  const db = join(dir, 'demo.db');
  expect(await demo({ db, out: join(dir, 'out'), quiet: true })).toBe(0);
  store = Store.open(db, { readonly: true });
  model = buildReport(store, store.resolveRun('latest').id, { generatedAt: '2026-01-01T00:00:00.000Z' });
  if (haveChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the verdict (model)', () => {
  it('has a row for every SDK a finding is about, each row listing exactly that SDK\'s findings', () => {
    expect(model.verdict.length).toBeGreaterThan(3);
    const withFindings = new Set(model.findings.filter((f) => f.sdk !== null && f.sdk.party !== 'platform').map((f) => f.sdk!.id));
    for (const id of withFindings) expect(model.verdict.map((v) => v.sdk), id).toContain(id);
    for (const v of model.verdict) {
      expect(v.findings.sort()).toEqual(model.findings.filter((f) => f.sdk?.id === v.sdk).map((f) => f.id).sort());
      const s = model.sdks.find((x) => x.id === v.sdk)!;
      expect(v.dataTypes.map((d) => d.dataType).sort()).toEqual(s.dataTypes.map((d) => d.dataType).sort());
      for (const d of v.dataTypes) {
        // The first read is a stored event of that SDK and data type, at the row's time.
        const e = store.db.prepare('SELECT t, data_type, api FROM events WHERE id = ?').get(d.eventId) as { t: number; data_type: string; api: string };
        expect(e.data_type).toBe(d.dataType);
        expect(e.t).toBe(d.firstT);
        expect(e.api).toBe(d.api);
      }
    }
    // Most severe first.
    const ranks = model.verdict.map((v) => ['info', 'low', 'medium', 'high', 'critical'].indexOf(v.severity ?? 'none'));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });
});

describe.skipIf(!haveChromium)('the HTML report in Chromium', () => {
  it('opens with the verdict table, whose rows match the findings and link to them', async () => {
    const html = (await render(model, 'html', { catalog: sdkCatalog(), tz: 'Asia/Shanghai' })).toString('utf8');
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${file}`);
    const facts = await page.evaluate(() => {
      const h2 = [...document.querySelectorAll('h2')].map((h) => h.id);
      const rows = [...document.querySelectorAll('#verdict-table tbody tr')].map((tr) => ({
        cells: [...tr.querySelectorAll('td')].map((td) => td.innerText),
        links: [...tr.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1)),
      }));
      const table = document.querySelector('#verdict-table')!.getBoundingClientRect();
      return { h2, rows, tableTop: table.top, targets: [...document.querySelectorAll('[id]')].map((e) => e.id) };
    });
    expect(facts.h2.slice(0, 2)).toEqual(['verdict', 'findings']);
    expect(facts.tableTop).toBeLessThan(900); // on the first screen
    expect(facts.rows.length).toBe(model.verdict.length);
    model.verdict.forEach((v, i) => {
      const row = facts.rows[i]!;
      expect(row.cells[0]).toContain(v.name);
      for (const d of v.dataTypes.slice(0, 12)) expect(row.cells[1]).toContain(DATA_TYPES[d.dataType as DataType]?.en ?? d.dataType);
      expect(row.cells[3]!.replace(/\s/g, '')).toBe(formatTime(v.firstT, 'Asia/Shanghai'));
      for (const h of v.destinations.slice(0, 5)) expect(row.cells[5]!.replace(/\s/g, '')).toContain(h);
      // Every link resolves, and a row's finding links are its own SDK's findings.
      for (const l of row.links) expect(facts.targets, l).toContain(l);
      const findingLinks = row.links.filter((l) => !l.startsWith('sdk-'));
      expect(findingLinks).toEqual(v.findings.slice(0, 4).map((id) => id.replace('#', '-')));
    });
    // No internal labels and no analyst paths.
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/maxCount|\/work\/|\/home\/|\/tmp\//);
    expect(text).not.toMatch(/\d{1,2}:\d{2}:\d{2} ?(AM|PM)/);
    if (IMAGES !== null) {
      mkdirSync(IMAGES, { recursive: true });
      await page.screenshot({ path: join(IMAGES, 'report-first-screen.png') });
    }
    await page.close();
  });
});

describe.skipIf(!haveChromium || !havePoppler)('the PDF', () => {
  it('is A4, carries the verdict rows on page 1, and a footer with page numbers, run id and chain head', async () => {
    const pdf = await render(model, 'pdf', { catalog: sdkCatalog(), tz: 'UTC' });
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    expect(page1).toContain('Verdict');
    const flat = page1.replace(/\s+/g, ' ');
    for (const v of model.verdict.slice(0, 2)) expect(flat).toContain(v.name.split(' ')[0]!);
    expect(flat).toContain(`run ${model.run.id}`);
    expect(flat).toContain(model.run.chainHead!.slice(0, 16));
    expect(flat).toContain(`Page 1 / ${pages}`);
    if (IMAGES !== null) execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, join(IMAGES, 'report-pdf-page1')]);
  }, 60_000);

  it('in Chinese: the headings and SDK names in the reader\'s language, CJK text extractable', async () => {
    const pdf = await render(model, 'pdf', { catalog: sdkCatalog(), tz: 'Asia/Shanghai', lang: 'zh' });
    const file = join(dir, 'report-zh.pdf');
    writeFileSync(file, pdf);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(page1).toContain('结论');
    const zhName = model.verdict.find((v) => v.nameZh !== null)!.nameZh!;
    expect(page1.replace(/\s+/g, '')).toContain(zhName.replace(/\s+/g, ''));
    expect(page1).toContain('+08:00');
    const html = (await render(model, 'html', { catalog: sdkCatalog(), lang: 'zh' })).toString('utf8');
    for (const zh of ['<th scope="col">目的地</th>', '<dt>设备</dt>', '<h2 id="findings">按严重程度列出的发现</h2>', '<span class="tag pre-consent">同意前']) expect(html).toContain(zh);
  }, 60_000);

  it('names what to install when no Chromium is found', () => {
    expect(() => findChromium({}, () => false)).toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toMatch(/apt-get install chromium fonts-noto-cjk/);
    expect(() => findChromium({ SDKTRACE_CHROMIUM: '/nowhere/chrome' }, () => false)).toThrow(/SDKTRACE_CHROMIUM=\/nowhere\/chrome: no such file/);
  });
});

describe('spreadsheets', () => {
  it('XLSX: findings with API, SDK, vendor, data type, phase, real first/last dates, count, destinations, event ids; an Events sheet with every event', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const runId = model.run.id;
    const events = eventSource(store.db, runId, new ActorDirectory(sdkCatalog(), store.db, runId));
    const buf = await render(model, 'xlsx', { catalog: sdkCatalog(), tz: 'Asia/Shanghai', events });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const f = wb.getWorksheet('Findings')!;
    const head = (f.getRow(1).values as string[]).slice(1);
    for (const c of ['api', 'sdk_name', 'sdk_vendor', 'data_type', 'phase', 'first_time', 'last_time', 'count', 'destinations', 'event_ids']) expect(head).toContain(c);
    const col = (name: string) => head.indexOf(name) + 1;
    const first = model.findings[0]!;
    const row = f.getRow(2);
    expect(row.getCell(col('first_time')).value).toBeInstanceOf(Date);
    // The wall clock in the report's zone (Shanghai, +8 h), as the Summary sheet says.
    expect((row.getCell(col('first_time')).value as Date).getTime()).toBe(first.firstT! + 8 * 3600_000);
    expect(row.getCell(col('first_time')).numFmt).toBe('yyyy-mm-dd hh:mm:ss.000');
    expect(row.getCell(col('api')).value).toBeTruthy();
    const ev = wb.getWorksheet('Events')!;
    expect((ev.getRow(1).values as string[]).slice(1)).toEqual(['event_id', 'time', 'pid', 'process', 'thread', 'phase', 'sdk_id', 'sdk_name', 'kind', 'api', 'data_type', 'target', 'stack_id']);
    const total = (store.db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(runId) as { n: number }).n;
    expect(ev.rowCount - 1).toBe(total);
    const net = (store.db.prepare("SELECT e.id AS id, n.host AS host FROM events e JOIN net_flows n ON n.event_id = e.id WHERE e.run_id = ? AND n.host IS NOT NULL LIMIT 1").get(runId)) as { id: number; host: string };
    const netRow = [...Array(ev.rowCount).keys()].map((i) => ev.getRow(i + 1)).find((r) => r.getCell(1).value === net.id)!;
    expect(String(netRow.getCell(12).value)).toContain(net.host);
  }, 60_000);

  it('CSV: the findings sheet\'s columns with ISO-8601 times in the zone; events-csv the Events sheet\'s', async () => {
    const csv = (await render(model, 'csv', { catalog: sdkCatalog(), tz: 'Asia/Shanghai' })).toString('utf8');
    const [header, line] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',')).toContain('api');
    expect(line).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00/);
    const runId = model.run.id;
    const events = eventSource(store.db, runId, new ActorDirectory(sdkCatalog(), store.db, runId), 'zh');
    const ecsv = (await render(model, 'events-csv', { catalog: sdkCatalog(), tz: 'UTC', events })).toString('utf8');
    const lines = ecsv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('event_id,time,pid,process,thread,phase,sdk_id,sdk_name,kind,api,data_type,target,stack_id');
    const total = (store.db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(runId) as { n: number }).n;
    expect(lines.length - 1).toBe(total);
    // SDK names in the reader's language where the catalog has both.
    const zh = model.sdks.find((s) => s.nameZh !== null && s.events > 0)!;
    expect(ecsv).toContain(zh.nameZh!);
  }, 60_000);
});

describe('one clock', () => {
  it('records the device clock offset at run start and shows every time in the chosen zone, 24-hour ISO-8601', async () => {
    const clock = model.run.options.clock as { hostStart: number; deviceOffsetMs: number | null };
    expect(typeof clock.hostStart).toBe('number');
    expect(typeof clock.deviceOffsetMs).toBe('number'); // the emulated device's clock is readable
    expect(clock.hostStart).toBe(model.run.startedAt);
    const html = (await render(model, 'html', { catalog: sdkCatalog(), tz: 'America/New_York' })).toString('utf8');
    expect(html).toContain('America/New_York (UTC-05:00)');
    // No UTC "Z" timestamps and no other zone's offsets in the visible report.
    expect(html).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    expect(html).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}\+0[0-8]:00/);
    expect(html).toMatch(/\d{4}-\d{2}-\d{2}(T|<wbr>T)\d{2}:\d{2}:\d{2}\.\d{3}-05:00/);
  });
});
