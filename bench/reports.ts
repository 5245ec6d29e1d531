// Reports over large runs: a run of N realistic events (bench/workload.ts through the real ingest)
// rendered to HTML, JSON and XLSX by a fresh process, which reports the time from opening the
// database to the last file written and its peak RSS (getrusage maxrss, the whole process). The
// HTML of a small and a large run are compared: its size follows the aggregates, not the events.
import { spawnSync } from 'node:child_process';
import { writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../reports/model.js';
import { renderHtml } from '../reports/render/html.js';
import { renderJson } from '../reports/render/json.js';
import { renderXlsx } from '../reports/render/xlsx.js';
import { Store } from '../host/store/db.js';
import { log, now, round, scratch } from './measure.js';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

export interface ReportSize {
  events: number;
  seconds: number;
  peakRssMB: number;
  htmlKB: number;
  jsonKB: number;
  xlsxKB: number;
  findings: number;
}

export interface ReportsResult {
  sizes: ReportSize[];
  /** Large run over small run: events, and what that did to HTML size, time and peak RSS. */
  eventGrowth: number;
  htmlGrowth: number;
  timeGrowth: number;
  rssGrowth: number;
  /** Target: the HTML grows less than 1.5x while the events grow 100x (aggregates, not rows). */
  target: { htmlGrowth: number; met: boolean };
}

/** A stored run of `events` workload events (with a consent click early, so phases vary). */
export function buildRun(path: string, events: number, seed = 7): void {
  const p = openPipeline(path);
  const w = new AgentWorkload({ seed });
  p.ingest.handle(p.proc, JSON.parse(wire(w.hello())));
  while (p.ingest.totals.events < events) p.ingest.handle(p.proc, JSON.parse(wire(w.batch(Math.min(w.batchSize, events - p.ingest.totals.events)))));
  p.store.endRun(p.runId, 'bench', Date.now());
  p.store.close();
}

/** Child side: renders the three formats and prints the figures as JSON on stdout. */
export async function reportsChild(dbPath: string, outDir: string): Promise<void> {
  const t0 = now();
  const store = Store.open(dbPath, { readonly: true });
  const model = buildReport(store, 1);
  const html = renderHtml(model);
  writeFileSync(join(outDir, 'report.html'), html);
  const json = renderJson(model);
  writeFileSync(join(outDir, 'report.json'), json);
  writeFileSync(join(outDir, 'report.xlsx'), await renderXlsx(model));
  store.close();
  const seconds = (now() - t0) / 1000;
  const kb = (f: string) => statSync(join(outDir, f)).size / 1024;
  const out = { seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, htmlKB: kb('report.html'), jsonKB: kb('report.json'), xlsxKB: kb('report.xlsx'), findings: model.findings.length, events: model.totals.events };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

export async function benchReports(o: { sizes: number[] }): Promise<ReportsResult> {
  const sizes: ReportSize[] = [];
  for (const n of o.sizes) {
    const tmp = scratch('reports');
    try {
      log(`reports: building a run of ${n.toLocaleString()} events`);
      buildRun(tmp.path('run.db'), n);
      log(`reports: rendering it in a fresh process`);
      // This module runs from the bundle bench/run.mjs built; the child imports the same bundle.
      const bundle = import.meta.url;
      const script = `const m = await import(${JSON.stringify(bundle)}); await m.reportsChild(${JSON.stringify(tmp.path('run.db'))}, ${JSON.stringify(tmp.dir)});`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`report child failed (${r.status}): ${r.stderr}`);
      const f = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Omit<ReportSize, 'events'> & { events: number };
      sizes.push({ events: f.events, seconds: round(f.seconds, 2), peakRssMB: round(f.peakRssMB), htmlKB: round(f.htmlKB), jsonKB: round(f.jsonKB), xlsxKB: round(f.xlsxKB), findings: f.findings });
    } finally {
      tmp.dispose();
    }
  }
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  const htmlGrowth = large.htmlKB / small.htmlKB;
  return {
    sizes,
    eventGrowth: round(large.events / small.events, 0),
    htmlGrowth: round(htmlGrowth, 2),
    timeGrowth: round(large.seconds / small.seconds, 1),
    rssGrowth: round(large.peakRssMB / small.peakRssMB, 1),
    target: { htmlGrowth: 1.5, met: htmlGrowth < 1.5 },
  };
}
