// XLSX (exceljs, streamed): one sheet per report table. Text is always written as a text cell; cells that
// start like a formula also get the text number format, so editing them cannot turn them into
// formulas. Controls, bidi and zero-width characters (which would reorder or disguise text in a
// spreadsheet as in a page) and what XML cannot carry are shown as code points; Excel's cell limit
// is kept.
import type { ReportModel } from '../model.js';
import { showInvisible } from './escape.js';
import { eventsSheet, looksLikeFormula, sheets, type Cell, type TableOptions } from './table.js';
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

/** Rows whose text sets the column widths (the first of each sheet, as a reader sees them). */
const WIDTH_ROWS = 200;

/** Rows written between two turns of the event loop (see renderXlsx). */
const YIELD_ROWS = 2_000;

/**
 * Streamed (exceljs WorkbookWriter): each row is written and committed as it comes, so a run's
 * Events sheet (up to Excel's 1,048,575 rows) is never held as a workbook in memory; only the
 * zipped file is, as render() returns bytes. The first WIDTH_ROWS rows of a sheet are held until
 * its column widths are known (a streamed sheet's columns precede its rows). Shared strings (a
 * table of the distinct texts, held until the end): exceljs reads inline strings back altered
 * when they look like markup (test/hardening/hostile.test.ts).
 */
export async function renderXlsx(m: ReportModel, opts: TableOptions = {}): Promise<Buffer> {
  const tz = opts.tz ?? hostZone();
  // Loaded here, not at startup: exceljs is about half of every sdktrace command's start-up CPU.
  const { default: ExcelJS } = await import('exceljs');
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = `sdktrace ${m.tool.version}`;
  wb.created = new Date(m.generatedAt);
  for (const s of [...sheets(m, opts), ...eventsSheet(opts)]) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const it = s.rows[Symbol.iterator]();
    const head: Cell[][] = [];
    while (head.length < WIDTH_ROWS) {
      const r = it.next();
      if (r.done === true) break;
      head.push(r.value);
    }
    ws.columns = s.columns.map((c, i) => {
      const widest = Math.max(c.length, ...head.map((r) => (r[i] instanceof Date ? DATE_FORMAT.length : String(r[i] ?? '').length)));
      return { width: Math.min(60, Math.max(8, widest + 2)) };
    });
    const header = ws.addRow(s.columns);
    header.font = { bold: true };
    header.commit();
    let rows = 0;
    // A committed row is only handed to the zip stream; the stream compresses and passes it on in
    // later turns of the event loop. Written without a pause, a 1M-row Events sheet waited there as
    // uncompressed XML (most of the 815 MB peak RSS of that XLSX): every YIELD_ROWS rows the loop turns.
    const drained = () => new Promise<void>((resolve) => setImmediate(resolve));
    const write = (r: Cell[]) => {
      // Spreadsheet dates have no zone: the wall-clock time in the report's zone is written (the Summary sheet names it).
      const row = ws.addRow(r.map((v: Cell) => (typeof v === 'string' ? xlsxText(v) : v instanceof Date ? wallClockInZone(v.getTime(), tz) : v)));
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && looksLikeFormula(cell.value)) cell.numFmt = '@';
        else if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
      });
      row.commit();
      rows++;
    };
    for (const r of head) write(r);
    if (head.length === WIDTH_ROWS) {
      for (let r = it.next(); !r.done; r = it.next()) {
        write(r.value);
        if (rows % YIELD_ROWS === 0) await drained();
      }
    }
    if (rows > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
