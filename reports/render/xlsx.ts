// XLSX (exceljs): one sheet per report table. Text is always written as a text cell; cells that
// start like a formula also get the text number format, so editing them cannot turn them into
// formulas. Controls, bidi and zero-width characters (which would reorder or disguise text in a
// spreadsheet as in a page) and what XML cannot carry are shown as code points; Excel's cell limit
// is kept.
import type { ReportModel } from '../model.js';
import { showInvisible } from './escape.js';
import { looksLikeFormula, sheets, type Cell, type TableOptions } from './table.js';
import { hostZone, wallClockInZone } from '../../analysis/clock.js';

/** Dates are real spreadsheet dates (sortable, filterable), shown to the millisecond in 24-hour time. */
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';

/** Besides what the reports never show raw (showInvisible), XML 1.0 cannot carry these. */
const XML_NONCHARACTERS = /[\ufffe\uffff]/g;
const MAX_CELL = 32767;

export function xlsxText(s: string): string {
  const clean = showInvisible(s).replace(XML_NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return clean.length > MAX_CELL ? `${clean.slice(0, MAX_CELL - 40)}… (${clean.length - MAX_CELL + 40} more characters)` : clean;
}

export async function renderXlsx(m: ReportModel, opts: TableOptions = {}): Promise<Buffer> {
  const tz = opts.tz ?? hostZone();
  // Loaded here, not at startup: exceljs is about half of every sdktrace command's start-up CPU.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = `sdktrace ${m.tool.version}`;
  wb.created = new Date(m.generatedAt);
  for (const s of sheets(m, opts)) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.columns).font = { bold: true };
    for (const r of s.rows) {
      // Spreadsheet dates have no zone: the wall-clock time in the report's zone is written (the Summary sheet names it).
      const row = ws.addRow(r.map((v: Cell) => (typeof v === 'string' ? xlsxText(v) : v instanceof Date ? wallClockInZone(v.getTime(), tz) : v)));
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && looksLikeFormula(cell.value)) cell.numFmt = '@';
        else if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
      });
    }
    ws.columns.forEach((c, i) => {
      const widest = Math.max(s.columns[i]!.length, ...s.rows.slice(0, 200).map((r) => (r[i] instanceof Date ? DATE_FORMAT.length : String(r[i] ?? '').length)));
      c.width = Math.min(60, Math.max(8, widest + 2));
    });
    if (s.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
