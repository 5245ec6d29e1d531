// Real published lists (test/lists/corpus, sources in SOURCES.md) through `sdktrace lists import`:
// at least 90% of the SDK rows must resolve to catalog SDKs (or, for a row naming only a company,
// to its catalog vendor) and at least 90% of the data-type phrases to data types (or to wording
// recognised as naming none). The figures and everything left unresolved are printed, and the
// unresolved wording must be in the written lists, never dropped. Also: the same table as CSV and
// XLSX imports to the same entries as its HTML.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sdkCatalog } from '../../attribution/shipped.js';
import { importPublishedLists, parseHtml, type ImportStats } from '../../reports/lists/import.js';
import { parseDeclaredLists } from '../../reports/lists/load.js';

const corpus = new URL('./corpus/', import.meta.url).pathname;
const files = readdirSync(corpus).filter((f) => /\.(txt|html)$/.test(f)).sort();
const dir = mkdtempSync(join(tmpdir(), 'sdktrace-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('published lists corpus', () => {
  it('holds both list kinds from at least five apps', () => {
    expect(new Set(files.map((f) => f.split('.')[0])).size).toBeGreaterThanOrEqual(5);
    expect(files.some((f) => f.includes('.collected.'))).toBe(true);
    expect(files.some((f) => f.includes('.sharing.'))).toBe(true);
    const sources = readFileSync(join(corpus, 'SOURCES.md'), 'utf8');
    for (const f of files) expect(sources, `${f} is credited in SOURCES.md`).toContain(`\`${f}\``);
  });

  it('imports with >= 90% of SDK rows and >= 90% of data-type phrases resolved; the rest listed', async () => {
    const catalog = sdkCatalog();
    const total = { sdkRows: 0, sdkResolved: 0, phrases: 0, phrasesResolved: 0, rows: 0 };
    const lines: string[] = [];
    const unresolved: string[] = [];
    for (const f of files) {
      const path = join(corpus, f);
      const { lists, stats } = await importPublishedLists(path, readFileSync(path), { catalog, by: 'test' });
      // What import writes loads, and keeps every row and every unresolved wording.
      const loaded = parseDeclaredLists(JSON.stringify(lists), { catalog });
      expect(loaded.lists.collected.length + loaded.lists.sharing.length, f).toBe(stats.rows);
      for (const u of stats.unresolved) {
        const entry = u.path.startsWith('$.sharing') ? lists.sharing[Number(/\d+/.exec(u.path)![0])]! : lists.collected[Number(/\d+/.exec(u.path)![0])]!;
        expect(entry.unresolved, `${f} ${u.path}`).toContain(u.text);
        expect(JSON.stringify(entry.source!.cells), `${f} ${u.path}: the original cell is kept`).toContain(u.text.slice(0, 4));
      }
      const s: ImportStats = stats;
      total.rows += s.rows;
      total.sdkRows += s.sdkRows;
      total.sdkResolved += s.sdkRowsResolvedToIds + s.sdkRowsResolvedToVendor;
      total.phrases += s.phrases;
      total.phrasesResolved += s.phrasesResolved + s.phrasesNotPersonal;
      lines.push(`${f.padEnd(28)} rows ${String(s.rows).padStart(3)}  SDK rows ${s.sdkRowsResolvedToIds + s.sdkRowsResolvedToVendor}/${s.sdkRows}  phrases ${s.phrasesResolved + s.phrasesNotPersonal}/${s.phrases}`);
      for (const u of s.unresolved) unresolved.push(`${f} ${u.path} ${u.field}: ${u.text}`);
    }
    const sdkPct = (100 * total.sdkResolved) / total.sdkRows;
    const phrasePct = (100 * total.phrasesResolved) / total.phrases;
    console.log(
      [
        ...lines,
        `TOTAL: ${files.length} lists, ${total.rows} rows; SDK rows resolved ${total.sdkResolved}/${total.sdkRows} (${sdkPct.toFixed(1)}%); data-type phrases resolved ${total.phrasesResolved}/${total.phrases} (${phrasePct.toFixed(1)}%)`,
        `unresolved (${unresolved.length}):`,
        ...unresolved.map((u) => `  ${u}`),
      ].join('\n'),
    );
    expect(total.sdkRows).toBeGreaterThanOrEqual(30);
    expect(total.phrases).toBeGreaterThanOrEqual(250);
    expect(sdkPct).toBeGreaterThanOrEqual(90);
    expect(phrasePct).toBeGreaterThanOrEqual(90);
  });

  it('resolves what the issue names: legal names, Chinese product names, families, umbrella terms', async () => {
    const catalog = sdkCatalog();
    const path = join(corpus, 'suoji.sharing.txt');
    const { lists } = await importPublishedLists(path, readFileSync(path), { catalog, by: 'test' });
    expect(lists.sharing.map((s) => s.sdk ?? s.sdks)).toEqual(['oppo-push', ['hms-push', 'hms-core', 'hms-aaid'], 'vivo-push']);
    expect(lists.sharing[0]!.company).toBe('广东欢太科技有限公司');
    // "设备标识信息、网络信息、设备状态信息、应用使用信息": umbrellas declare their members.
    expect(lists.sharing[0]!.dataTypes).toEqual(expect.arrayContaining(['android_id', 'imei', 'oaid', 'network_type', 'ip_address', 'os_version', 'device_model']));
    expect(lists.sharing[0]!.phrases!.filter((p) => p.kind === 'umbrella').map((p) => p.text)).toEqual(['设备标识信息', '网络信息', '设备状态信息']);
    expect(lists.sharing[0]!.source!.cells['第三方名称']).toBe('广东欢太科技有限公司');
    const mijia = join(corpus, 'mijia.sharing.txt');
    const m = await importPublishedLists(mijia, readFileSync(mijia), { catalog, by: 'test' });
    expect(m.lists.sharing[0]!.sdks).toEqual(['amap-map', 'amap-location', 'amap-search']);
  });

  it('reads the same table from HTML, CSV and XLSX', async () => {
    const catalog = sdkCatalog();
    const htmlPath = join(corpus, 'songguo.sharing.html');
    const html = readFileSync(htmlPath, 'utf8');
    const rows = parseHtml(html).tables[0]!.rows;
    const csv = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
    const csvPath = join(dir, 'songguo.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csvPath, csv);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('第三方SDK清单');
    for (const r of rows) ws.addRow(r);
    const xlsxPath = join(dir, 'songguo.xlsx');
    await wb.xlsx.writeFile(xlsxPath);
    const strip = (d: unknown) => JSON.parse(JSON.stringify(d), (k, v) => (k === 'source' || k === 'imported' ? undefined : v));
    const fromHtml = await importPublishedLists(htmlPath, Buffer.from(html), { catalog, by: 'test' });
    const fromCsv = await importPublishedLists(csvPath, readFileSync(csvPath), { catalog, by: 'test' });
    const fromXlsx = await importPublishedLists(xlsxPath, readFileSync(xlsxPath), { catalog, by: 'test' });
    expect(fromHtml.lists.sharing.length).toBe(4);
    expect(strip(fromCsv.lists)).toEqual(strip(fromHtml.lists));
    expect(strip(fromXlsx.lists)).toEqual(strip(fromHtml.lists));
    expect(fromXlsx.lists.sharing[1]!.source!.location).toBe('sheet 第三方SDK清单, row 3');
  });

  it('keeps recipient classes, server-side transfer and platform qualifiers; blank lines separate blocks', async () => {
    const text = [
      '第三方共享清单', '',
      '共享对象:广告主和/或其委托的代理商', '共享信息:设备标识符(OAID)、IP地址', '使用目的:广告效果监测', '共享方式:后台接口传输', '',
      'SDK名称:快手广告SDK(仅Android)', '第三方名称:北京快手广告有限公司', '收集个人信息类型:【仅Android】AndroidID、OAID;【双端】设备型号', '共享方式:SDK本机采集', '官网链接:https://u.kuaishou.com/',
    ].join('\n');
    const path = join(dir, 'odd.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, text);
    const { lists } = await importPublishedLists(path, Buffer.from(text), { catalog: sdkCatalog(), by: 'test' });
    expect(lists.sharing).toHaveLength(2);
    expect(lists.sharing[0]).toMatchObject({ recipient: '广告主和/或其委托的代理商', transfer: 'server', dataTypes: ['oaid', 'ip_address'] });
    expect(lists.sharing[0]!.sdk).toBeUndefined();
    expect(lists.sharing[1]).toMatchObject({ sdk: 'kuaishou-ads', transfer: 'sdk', platforms: ['android'], website: 'https://u.kuaishou.com/', dataTypes: ['android_id', 'oaid', 'device_model'] });
  });

  it('fills merged cells (rowspan) in HTML tables', () => {
    const { tables } = parseHtml(readFileSync(join(corpus, 'yuanfudao.collected.html'), 'utf8'));
    const t = tables[0]!.rows;
    expect(t[2]).toEqual(['用户基本信息', '头像', '用户账号展示', '用户编辑信息自主输入', '0', '未填写']);
    expect(t[7]![0]).toBe('设备信息');
    expect(t[11]![0]).toBe('设备信息');
    expect(t.every((r) => r.length === 6)).toBe(true);
  });
});
