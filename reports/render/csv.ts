// CSV: the findings table (RFC 4180, CRLF, UTF-8 with BOM so spreadsheet programs read Chinese
// text correctly). Formula-like text gets a leading apostrophe; controls, bidi and zero-width
// characters are shown as code points, as in the HTML report.
import type { ReportModel } from '../model.js';
import { showInvisible } from './escape.js';
import { FINDING_COLUMNS, findingRow, neutralise, type Cell } from './table.js';

export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = neutralise(showInvisible(v));
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(columns: readonly string[], rows: readonly Cell[][]): string {
  return `\uFEFF${[columns.map(csvCell), ...rows.map((r) => r.map(csvCell))].map((r) => r.join(',')).join('\r\n')}\r\n`;
}

export function renderCsv(m: ReportModel): string {
  return csvTable(FINDING_COLUMNS, m.findings.map((f) => findingRow(m, f)));
}
