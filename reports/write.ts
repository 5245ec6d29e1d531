// Renders a report model in one format (one model, many renderers), and writes report files.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../host/attribution/index.js';
import { UserError } from '../protocol/errors.js';
import { sdkCatalog } from '../host/attribution/shipped.js';
import type { Store } from '../host/store/db.js';
import type { LoadedLists } from './lists/load.js';
import { buildReport, type ReportConfig, type ReportModel } from './model.js';
import { renderListsDraft } from './lists/draft.js';
import { renderCsv } from './render/csv.js';
import { renderHtml } from './render/html.js';
import { renderJson } from './render/json.js';
import { renderJunit } from './render/junit.js';
import { renderXlsx } from './render/xlsx.js';
import type { Severity } from './severity.js';

export const REPORT_FORMATS = ['html', 'json', 'csv', 'xlsx', 'junit', 'lists'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The usual file extension of a format. */
export const FORMAT_EXT: Record<ReportFormat, string> = { html: 'html', json: 'json', csv: 'csv', xlsx: 'xlsx', junit: 'xml', lists: 'lists.json' };

/** Format from an output file name, when the extension says it. */
export function formatFromPath(path: string): ReportFormat | null {
  const p = path.toLowerCase();
  if (p.endsWith('.lists.json')) return 'lists';
  if (p.endsWith('.html') || p.endsWith('.htm')) return 'html';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.xlsx')) return 'xlsx';
  if (p.endsWith('.xml')) return 'junit';
  return null;
}

export async function render(model: ReportModel, format: ReportFormat, opts: { catalog: Catalog; failOn?: Severity | null }): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(model), 'utf8');
    case 'json':
      return Buffer.from(renderJson(model), 'utf8');
    case 'csv':
      return Buffer.from(renderCsv(model), 'utf8');
    case 'xlsx':
      return renderXlsx(model);
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
export function writeReports(store: Store, runId: number, outDir: string, formats: readonly ('json' | 'html')[] = ['json', 'html'], opts: { lists?: LoadedLists | null; config?: ReportConfig } = {}): WrittenReport {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} exists and is not a directory`);
  mkdirSync(outDir, { recursive: true });
  const model = buildReport(store, runId, { lists: opts.lists ?? null, config: opts.config });
  const files: string[] = [];
  for (const f of formats) {
    const path = join(outDir, `sdktrace-run-${runId}.${f}`);
    writeFileSync(path, f === 'json' ? renderJson(model) : renderHtml(model));
    files.push(path);
  }
  return { model, files };
}
