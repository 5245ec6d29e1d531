// Renders a report model in one format (one model, many renderers), and writes report files.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../attribution/index.js';
import { UserError } from '../protocol/errors.js';
import { sdkCatalog } from '../attribution/shipped.js';
import type { Store } from '../store/db.js';
import type { LoadedLists } from './lists/load.js';
import { buildReport, type ReportConfig, type ReportModel } from './model.js';
import { renderListsDraft } from './lists/draft.js';
import { renderCsv, renderEventsCsv } from './render/csv.js';
import { renderHtml } from './render/html.js';
import { htmlToPdf } from './render/pdf.js';
import type { Lang } from './render/i18n.js';
import type { EventSource } from './events.js';
import { renderJson } from './render/json.js';
import { renderJunit } from './render/junit.js';
import { renderXlsx } from './render/xlsx.js';
import type { Severity } from './severity.js';

export const REPORT_FORMATS = ['html', 'pdf', 'json', 'csv', 'events-csv', 'xlsx', 'junit', 'lists'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The usual file extension of a format. */
export const FORMAT_EXT: Record<ReportFormat, string> = { html: 'html', pdf: 'pdf', json: 'json', csv: 'csv', 'events-csv': 'events.csv', xlsx: 'xlsx', junit: 'xml', lists: 'lists.json' };

/** Formats that are binary: never written to a terminal. */
export const BINARY_FORMATS: readonly ReportFormat[] = ['pdf', 'xlsx'];

/** How a report is rendered besides its model. */
export interface RenderOptions {
  catalog: Catalog;
  failOn?: Severity | null;
  /** IANA zone for every time shown (default: the host's). */
  tz?: string;
  lang?: Lang;
  /** Every event of the run: the XLSX Events sheet and events-csv need it. */
  events?: EventSource;
}

/** Format from an output file name, when the extension says it. */
export function formatFromPath(path: string): ReportFormat | null {
  const p = path.toLowerCase();
  if (p.endsWith('.lists.json')) return 'lists';
  if (p.endsWith('.events.csv')) return 'events-csv';
  if (p.endsWith('.pdf')) return 'pdf';
  if (p.endsWith('.html') || p.endsWith('.htm')) return 'html';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.xlsx')) return 'xlsx';
  if (p.endsWith('.xml')) return 'junit';
  return null;
}

export async function render(model: ReportModel, format: ReportFormat, opts: RenderOptions): Promise<Buffer> {
  const view = { tz: opts.tz, lang: opts.lang };
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(model, view), 'utf8');
    case 'pdf':
      return htmlToPdf(renderHtml(model, view));
    case 'json':
      return Buffer.from(renderJson(model), 'utf8');
    case 'csv':
      return Buffer.from(renderCsv(model, view), 'utf8');
    case 'events-csv':
      if (opts.events === undefined) throw new Error('events-csv needs the run\'s events (RenderOptions.events)');
      return Buffer.from(renderEventsCsv(opts.events, view), 'utf8');
    case 'xlsx':
      return renderXlsx(model, { ...view, events: opts.events });
    case 'junit':
      return Buffer.from(renderJunit(model, opts.failOn ?? null), 'utf8');
    case 'lists':
      return Buffer.from(renderListsDraft(model, opts.catalog), 'utf8');
  }
}

export interface WrittenReport {
  model: ReportModel;
  files: string[];
}

/**
 * Writes a run's report files into a folder as sdktrace-run-<id>.<ext> (the `demo` command's
 * output). A directory is created; a non-directory in its place is an error.
 */
export async function writeReportFiles(
  store: Store,
  runId: number,
  outDir: string,
  opts: { formats?: readonly ReportFormat[]; lists?: LoadedLists | null; config?: ReportConfig; catalog?: Catalog } = {},
): Promise<WrittenReport> {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} exists and is not a directory`);
  mkdirSync(outDir, { recursive: true });
  const catalog = opts.catalog ?? sdkCatalog();
  const model = buildReport(store, runId, { lists: opts.lists ?? null, config: opts.config, catalog });
  const files: string[] = [];
  for (const f of opts.formats ?? (['json', 'html'] as const)) {
    const path = join(outDir, `sdktrace-run-${runId}.${FORMAT_EXT[f]}`);
    writeFileSync(path, await render(model, f, { catalog }));
    files.push(path);
  }
  return { model, files };
}

/** Synchronous JSON + HTML report files (formats without a binary renderer). */
export function writeReports(store: Store, runId: number, outDir: string, formats: readonly ('json' | 'html')[] = ['json', 'html'], opts: { lists?: LoadedLists | null; config?: ReportConfig; tz?: string } = {}): WrittenReport {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} exists and is not a directory`);
  mkdirSync(outDir, { recursive: true });
  const model = buildReport(store, runId, { lists: opts.lists ?? null, config: opts.config });
  const files: string[] = [];
  for (const f of formats) {
    const path = join(outDir, `sdktrace-run-${runId}.${f}`);
    writeFileSync(path, f === 'json' ? renderJson(model) : renderHtml(model, { tz: opts.tz }));
    files.push(path);
  }
  return { model, files };
}
