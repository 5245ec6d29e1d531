// `fleet report`: the campaign seen per SDK across every app audited to the end — how many apps
// embed it (it acted in the audit or a finding names it) and, per rule, how many of those apps show
// the finding. Only 'done' audits count (abandoned and failed attempts are not results). JSON for
// tools, HTML to read, XLSX for the spreadsheet a lab hands on.
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { SCHEMA } from './schema.js';

export interface CampaignReport {
  schema: 'sdktrace-fleet-report/1';
  generatedAt: string;
  apps: { audited: number; failed: number; pending: number };
  sdks: { sdk: string; apps: number; findings: { rule: string; apps: number; findings: number }[] }[];
}

export async function campaignReport(pool: pg.Pool): Promise<CampaignReport> {
  const counts = (await pool.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM ${SCHEMA}.app GROUP BY state`)).rows;
  const n = (st: string[]) => counts.filter((r) => st.includes(r.state)).reduce((a, r) => a + Number(r.n), 0);
  // Uses audit_one_done (app_id WHERE done), sdk_seen_sdk and finding_sdk_rule.
  const embed = (
    await pool.query<{ sdk: string; apps: string }>(
      `SELECT sdk, count(DISTINCT a.app_id) AS apps FROM (
         SELECT audit_id, sdk FROM ${SCHEMA}.sdk_seen UNION SELECT audit_id, sdk FROM ${SCHEMA}.finding
       ) s JOIN ${SCHEMA}.audit a ON a.id = s.audit_id AND a.status = 'done' GROUP BY sdk`,
    )
  ).rows;
  const rules = (
    await pool.query<{ sdk: string; rule: string; apps: string; findings: string }>(
      `SELECT f.sdk, f.rule, count(DISTINCT a.app_id) AS apps, sum(f.count) AS findings
       FROM ${SCHEMA}.finding f JOIN ${SCHEMA}.audit a ON a.id = f.audit_id AND a.status = 'done' GROUP BY f.sdk, f.rule`,
    )
  ).rows;
  const sdks = embed
    .map((e) => ({
      sdk: e.sdk,
      apps: Number(e.apps),
      findings: rules
        .filter((r) => r.sdk === e.sdk)
        .map((r) => ({ rule: r.rule, apps: Number(r.apps), findings: Number(r.findings) }))
        .sort((a, b) => b.apps - a.apps || a.rule.localeCompare(b.rule)),
    }))
    .sort((a, b) => b.apps - a.apps || a.sdk.localeCompare(b.sdk));
  return { schema: 'sdktrace-fleet-report/1', generatedAt: new Date().toISOString(), apps: { audited: n(['done']), failed: n(['failed']), pending: n(['queued', 'running']) }, sdks };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderCampaignHtml(r: CampaignReport): string {
  const pct = (k: number) => (r.apps.audited === 0 ? '' : ` (${((100 * k) / r.apps.audited).toFixed(1)}%)`);
  const rows = r.sdks
    .map((s) => {
      const f = s.findings.length === 0 ? '<td colspan="3">no findings</td>' : '';
      const first = `<tr><th rowspan="${Math.max(s.findings.length, 1)}">${esc(s.sdk)}</th><td rowspan="${Math.max(s.findings.length, 1)}">${s.apps}${pct(s.apps)}</td>`;
      if (s.findings.length === 0) return `${first}${f}</tr>`;
      return s.findings.map((x, i) => `${i === 0 ? first : '<tr>'}<td>${esc(x.rule)}</td><td>${x.apps}${pct(x.apps)}</td><td>${x.findings}</td></tr>`).join('\n');
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sdktrace fleet report</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}</style></head>
<body><h1>Campaign report</h1>
<p>${r.apps.audited} apps audited to the end, ${r.apps.failed} failed, ${r.apps.pending} not yet audited. Generated ${esc(r.generatedAt)}. Only finished audits count.</p>
<table><thead><tr><th>SDK</th><th>apps embedding it</th><th>finding (rule)</th><th>apps with it</th><th>findings</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

export async function renderCampaignXlsx(r: CampaignReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sdks = wb.addWorksheet('SDKs');
  sdks.addRow(['SDK', 'apps embedding it', `of ${r.apps.audited} audited`]);
  for (const s of r.sdks) sdks.addRow([s.sdk, s.apps, r.apps.audited === 0 ? null : s.apps / r.apps.audited]);
  const f = wb.addWorksheet('Findings');
  f.addRow(['SDK', 'rule', 'apps with it', 'findings']);
  for (const s of r.sdks) for (const x of s.findings) f.addRow([s.sdk, x.rule, x.apps, x.findings]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
