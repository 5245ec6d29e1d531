// CSV: the findings table with the same columns as the spreadsheet's Findings sheet, and (`--format
// events-csv`) every event with the Events sheet's columns (RFC 4180, CRLF, UTF-8 with BOM so
// spreadsheet programs read Chinese text correctly). Times are ISO-8601 in the report's zone.
// Formula-like text gets a leading apostrophe; controls, bidi and zero-width characters are shown as
// code points, as in the HTML report.
import type { ReportModel } from '../model.js';
import { formatTime, hostZone } from '../../analysis/clock.js';
import type { EventSource } from '../events.js';
import { EVENT_COLUMNS } from '../events.js';
import { showInvisible } from './escape.js';
import { FINDING_COLUMNS, eventRows, findingRow, neutralise, type Cell, type TableOptions } from './table.js';

export function csvCell(v: Cell, tz = 'UTC'): string {
  if (v === null) return '';
  if (v instanceof Date) return formatTime(v.getTime(), tz);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = neutralise(showInvisible(v));
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(columns: readonly string[], rows: Iterable<Cell[]>, tz = 'UTC'): string {
  const out: string[] = [`\uFEFF${columns.map((c) => csvCell(c)).join(',')}`];
  for (const r of rows) out.push(r.map((c) => csvCell(c, tz)).join(','));
  return `${out.join('\r\n')}\r\n`;
}

export function renderCsv(m: ReportModel, opts: TableOptions = {}): string {
  return csvTable(FINDING_COLUMNS, m.findings.map((f) => findingRow(m, f, opts.lang ?? 'en')), opts.tz ?? hostZone());
}

/** Every event of the run, one row each (the Events sheet as CSV). */
export function renderEventsCsv(events: EventSource, opts: TableOptions = {}): string {
  return csvTable(EVENT_COLUMNS, eventRows(events), opts.tz ?? hostZone());
}
