// Writes a run's report files. Output paths are created, never silently overwritten by a
// different kind of file (a directory where a file should go is an error).
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../host/store/db.js';
import { UserError } from '../host/errors.js';
import { buildModel, type ReportModel } from './model.js';
import { renderHtml } from './render/html.js';
import { renderJson } from './render/json.js';

export type ReportFormat = 'json' | 'html';

export interface WrittenReport {
  model: ReportModel;
  files: string[];
}

export function writeReports(store: Store, runId: number, outDir: string, formats: readonly ReportFormat[] = ['json', 'html']): WrittenReport {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} exists and is not a directory`);
  mkdirSync(outDir, { recursive: true });
  const model = buildModel(store, runId);
  const files: string[] = [];
  for (const f of formats) {
    const path = join(outDir, `sdktrace-run-${runId}.${f}`);
    writeFileSync(path, f === 'json' ? renderJson(model) : renderHtml(model));
    files.push(path);
  }
  return { model, files };
}
