// CSV, XLSX, JUnit, JSON and the lists draft: formula injection neutralised, structure as
// documented, and a draft that round-trips through the loader and the rules.
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { sdkCatalog } from '../../attribution/shipped.js';
import { parseDeclaredLists } from '../../reports/lists/load.js';
import { draftLists, registrableDomain } from '../../reports/lists/draft.js';
import { buildReport, REPORT_SCHEMA, type ReportModel } from '../../reports/model.js';
import { csvCell, renderCsv } from '../../reports/render/csv.js';
import { renderJunit } from '../../reports/render/junit.js';
import { renderXlsx } from '../../reports/render/xlsx.js';
import { looksLikeFormula, neutralise } from '../../reports/render/table.js';
import { formatFromPath, render } from '../../reports/write.js';
import { APP, cleanupTmp, lists, Run, stack, STACKS } from './helpers.js';
import { csvCells } from '../helpers/csv.js';

afterAll(cleanupTmp);

const INJECT = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1'];

/** A run whose findings carry formula-like strings the app controls (probed package names, hosts). */
function injectionRun(): ReportModel {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  for (const p of INJECT) r.pi(main, 'installed_apps', STACKS.pangleProbe, { detail: { target: p, count: 1 } });
  r.pi(main, 'imei', stack('android.telephony.TelephonyManager.getDeviceId', `com.x.=cmd|' /C calc'!A0.Y.z`, `${APP}.App.onCreate`), { values: ['864213051234567'] });
  r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: '=1+2.example', port: 80, sample: 'imei=864213051234567', sampleEncoding: 'utf8' }, STACKS.pangleNet);
  return buildReport(r.store, r.runId, { generatedAt: '2026-01-01T00:00:00.000Z' });
}

describe('formula injection', () => {
  it('recognises formula-like text, including tab, CR and full-width forms', () => {
    for (const s of INJECT) expect(looksLikeFormula(s), JSON.stringify(s)).toBe(true);
    for (const s of ['plain', ' =not at start', '1=1', '中文']) expect(looksLikeFormula(s)).toBe(false);
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('CSV: every cell that starts like a formula gets a leading apostrophe', () => {
    const m = injectionRun();
    const csv = renderCsv(m);
    expect(csv.startsWith('\uFEFFid,rule,variant,severity')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Parse RFC 4180 and check no cell starts with a formula character.
    const cells = csvCells(csv);
    expect(cells.length).toBeGreaterThan(28 * 3);
    for (const c of cells) expect(looksLikeFormula(c), c).toBe(false);
    expect(cells.some((c) => c.includes("'=HYPERLINK") || c.includes("=HYPERLINK"))).toBe(true);
  });

  it('XLSX: formula-like text is stored as text (no formulas, text number format), readable back unchanged', async () => {
    const m = injectionRun();
    const buf = await renderXlsx(m);
    const files = unzipSync(new Uint8Array(buf));
    const sheetXml = Object.entries(files)
      .filter(([n]) => n.startsWith('xl/worksheets/sheet'))
      .map(([, b]) => Buffer.from(b).toString('utf8'))
      .join('');
    expect(sheetXml).not.toMatch(/<f[ >]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Findings', 'Rules', 'SDKs', 'Network', 'Data flows', 'Hidden data flows', 'Launches', 'Processes', 'Hooks']);
    const texts: { value: string; numFmt: string | undefined; type: number }[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && texts.push({ value: cell.value, numFmt: cell.numFmt, type: cell.type }))));
    const risky = texts.filter((t) => looksLikeFormula(t.value));
    expect(risky.length).toBeGreaterThan(0);
    for (const t of risky) {
      expect(t.type).toBe(ExcelJS.ValueType.String);
      expect(t.numFmt).toBe('@');
    }
    const findings = wb.getWorksheet('Findings')!;
    expect(findings.getRow(1).values).toEqual([undefined, ...['id', 'rule', 'variant', 'severity']].concat((findings.getRow(1).values as string[]).slice(5)));
    expect(findings.rowCount).toBe(m.findings.length + 1);
  });
});

describe('JUnit', () => {
  it('has one testcase per rule, a failure per finding, and skips rules that were not evaluated', () => {
    const m = injectionRun();
    const xml = renderJunit(m);
    const cases = xml.match(/<testcase /g)!.length;
    expect(cases).toBe(m.rules.length);
    expect(xml.match(/<failure /g)!.length).toBe(m.findings.length);
    expect(xml.match(/<skipped /g)!.length).toBe(m.rules.filter((r) => !r.evaluated).length);
    expect(xml).toMatch(new RegExp(`<testsuites name="sdktrace" tests="${m.rules.length}" failures="${new Set(m.findings.map((f) => f.rule)).size}"`));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    // With --fail-on, findings below the threshold are listed as output, not failures.
    const high = renderJunit(m, 'high');
    expect(high.match(/<failure /g)?.length ?? 0).toBe(m.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').length);
    expect(high).toContain('<system-out>');
  });
});

describe('JSON', () => {
  it('is the versioned model', async () => {
    const m = injectionRun();
    const json = JSON.parse((await render(m, 'json', { catalog: sdkCatalog() })).toString('utf8'));
    expect(json.schema).toBe(REPORT_SCHEMA);
    expect(Object.keys(json)).toEqual(['schema', 'tool', 'generatedAt', 'run', 'policy', 'policyNote', 'consent', 'phases', 'processes', 'totals', 'summary', 'sdks', 'timeline', 'network', 'dataFlows', 'encryptedFlows', 'flowScan', 'launches', 'launchGraph', 'hooks', 'protocolErrors', 'rules', 'findings', 'verdict']);
    expect(json.findings[0]).toEqual(expect.objectContaining({ id: expect.any(String), rule: expect.any(String), severity: expect.any(String), evidence: expect.objectContaining({ events: expect.any(Array) }) }));
  });

  it('infers formats from file names', () => {
    expect(['r.html', 'r.json', 'r.lists.json', 'r.csv', 'r.xlsx', 'junit.xml', 'r.txt'].map(formatFromPath)).toEqual(['html', 'json', 'lists', 'csv', 'xlsx', 'junit', null]);
  });
});

describe('lists draft', () => {
  function observed(): Run {
    const r = Run.create();
    const main = r.process();
    r.resume(main);
    r.pi(main, 'android_id', STACKS.umengAndroidId, { values: ['5c1e8a2f93b07d44'] });
    r.pi(main, 'imei', STACKS.jpushImei, { values: ['864213051234567'] });
    r.pi(main, 'location', STACKS.appLocation);
    r.pi(main, 'imei', STACKS.unknownImei);
    r.net(main, { layer: 'java', proto: 'https', tls: true, op: 'send', host: 'ulogs.umeng.com', port: 443, sample: 'aid=5c1e8a2f93b07d44&imei=864213051234567', sampleEncoding: 'utf8' }, STACKS.umengNet);
    r.net(main, { layer: 'java', proto: 'https', tls: true, op: 'send', host: 'api.shop.example.co.uk', port: 443, sample: 'aid=5c1e8a2f93b07d44', sampleEncoding: 'utf8' }, STACKS.appLocation);
    return r;
  }

  it('writes both lists in the input format, loadable, with placeholders for purposes', () => {
    const r = observed();
    const m = buildReport(r.store, r.runId, { generatedAt: '2026-01-01T00:00:00.000Z' });
    const draft = draftLists(m, sdkCatalog());
    const loaded = parseDeclaredLists(JSON.stringify(draft), { catalog: sdkCatalog() });
    expect(loaded.warnings.some((w) => w.message.includes('placeholder'))).toBe(true);
    expect(draft.app).toEqual({ package: APP, version: '1.0', domains: ['example.co.uk'] });
    // The app read location itself and sent the Android ID (read by Umeng) to its own server.
    expect(draft.collected).toEqual([expect.objectContaining({ dataTypes: ['android_id', 'location'] })]);
    expect(draft.sharing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sdk: 'umeng-common', dataTypes: ['android_id'] }),
        expect.objectContaining({ sdk: 'umeng-analytics', dataTypes: ['android_id', 'imei'], domains: ['ulogs.umeng.com'] }),
        expect.objectContaining({ sdk: 'jpush', dataTypes: ['imei'] }),
        expect.objectContaining({ packages: ['com.shady.tracker'], dataTypes: ['imei'] }),
      ]),
    );
  });

  it('declares everything observed: the same run checked against its draft has no undisclosed findings', () => {
    const r = observed();
    const m = buildReport(r.store, r.runId, { generatedAt: '2026-01-01T00:00:00.000Z' });
    const before = m.findings.filter((f) => f.rule.startsWith('undisclosed'));
    expect(before).toEqual([]); // no lists given: not evaluated
    const l = parseDeclaredLists(JSON.stringify(draftLists(m, sdkCatalog())), { catalog: sdkCatalog() });
    const after = buildReport(r.store, r.runId, { lists: l }).findings.filter((f) => f.rule.startsWith('undisclosed'));
    expect(after).toEqual([]);
    const strict = buildReport(r.store, r.runId, { lists: lists({ sharing: [] }) }).findings.filter((f) => f.rule.startsWith('undisclosed'));
    expect(strict.length).toBeGreaterThan(3);
  });

  it('reduces hosts to registrable domains', () => {
    expect(['a.b.umeng.com', 'x.example.com.cn', 'example.com', '203.0.113.5'].map(registrableDomain)).toEqual(['umeng.com', 'example.com.cn', 'example.com', '203.0.113.5']);
  });
});
