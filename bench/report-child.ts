// The report bench's child process: builds a stored run through the ingest of the tree it is bundled
// from, and renders it the way `sdktrace report` does (reports/write.ts render: HTML, JSON, XLSX
// and, when a Chromium is installed, PDF), timing from opening the database to the XLSX written,
// and the PDF on its own. bench/reports.ts bundles this one file twice in the same bench run: from this tree, and
// from the baseline commit's tree (today's path before issue 18's report work), so the two are
// measured by the same code on the same machine in the same minutes. It imports only modules both
// trees have; do not use newer APIs here.
import { writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../reports/model.js';
import { render } from '../reports/write.js';
import { findChromium } from '../reports/render/pdf.js';
import { sdkCatalog } from '../attribution/shipped.js';
import { ActorDirectory } from '../analysis/actor.js';
import { eventSource } from '../reports/events.js';
import { Store } from '../store/db.js';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

/** A stored run of `events` workload events (with a consent click early, so phases vary). */
export function buildRun(path: string, events: number, seed = 7): void {
  const p = openPipeline(path);
  const w = new AgentWorkload({ seed });
  p.ingest.handle(p.proc, JSON.parse(wire(w.hello())));
  while (w.events < events) p.ingest.handle(p.proc, JSON.parse(wire(w.batch(Math.min(w.batchSize, events - w.events)))));
  // Stops this tree's writer thread before the run ends; the baseline commit's ingest has no close().
  if (typeof p.ingest.close === 'function') p.ingest.close();
  p.store.endRun(p.runId, 'bench', Date.now());
  p.store.close();
}

export interface ChildFigures {
  events: number;
  /** Seconds from opening the database to the HTML, JSON and XLSX written. */
  seconds: number;
  /**
   * CPU seconds (user + system) of the same span: on a machine shared with other work the wall
   * time follows the neighbours' load, the CPU time much less.
   */
  cpuSeconds: number;
  /** Seconds of the PDF alone (Chromium printing the HTML), null without a Chromium. */
  pdfSeconds: number | null;
  peakRssMB: number;
  htmlKB: number;
  jsonKB: number;
  xlsxKB: number;
  pdfKB: number | null;
  findings: number;
  /**
   * Where the report's network scan ran and why (reports/scan-thread.ts NetworkScanNote); null
   * from a tree without the scan thread (the baseline), which ignores the option.
   */
  networkScan: { thread: boolean; reason: string } | null;
  /**
   * The XLSX as `sdktrace report --format xlsx` writes it, with the Events sheet (every event, up
   * to Excel's row limit), after the figures above: its seconds, the process's peak RSS after it,
   * and its size; null when not asked for.
   */
  eventsXlsx: { seconds: number; peakRssMB: number; kb: number } | null;
}

/** Renders the formats and prints the figures as JSON on stdout (the parent reads the last line). */
export async function reportsChild(dbPath: string, outDir: string, pdf: boolean, withEvents = false): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const store = Store.open(dbPath, { readonly: true });
  const catalog = sdkCatalog();
  let networkScan: ChildFigures['networkScan'] = null;
  // An option the baseline's buildReport does not know (and ignores).
  const model = buildReport(store, 1, { catalog, onNetworkScan: (n) => (networkScan = n) });
  const files: Record<string, string> = {};
  let pdfSeconds: number | null = null;
  for (const format of ['html', 'json', 'xlsx'] as const) writeFileSync((files[format] = join(outDir, `report.${format}`)), await render(model, format, { catalog, tz: 'UTC' }));
  // The three formats the figure before PDF existed covered; the PDF (Chromium printing the same
  // HTML, a cost that follows the page, not the run) is timed on its own after them.
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (pdf) {
    const t = performance.now();
    writeFileSync((files.pdf = join(outDir, 'report.pdf')), await render(model, 'pdf', { catalog, tz: 'UTC' }));
    pdfSeconds = (performance.now() - t) / 1000;
  }
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  let eventsXlsx: ChildFigures['eventsXlsx'] = null;
  if (withEvents) {
    const t = performance.now();
    const events = eventSource(store.db, 1, new ActorDirectory(catalog, store.db, 1));
    writeFileSync((files.eventsXlsx = join(outDir, 'report-events.xlsx')), await render(model, 'xlsx', { catalog, tz: 'UTC', events }));
    eventsXlsx = { seconds: (performance.now() - t) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024, kb: statSync(files.eventsXlsx).size / 1024 };
  }
  store.close();
  const kb = (f: string | undefined) => (f === undefined ? null : statSync(f).size / 1024);
  const out: ChildFigures = {
    events: model.totals.events,
    seconds,
    cpuSeconds,
    pdfSeconds,
    peakRssMB,
    htmlKB: kb(files.html)!,
    jsonKB: kb(files.json)!,
    xlsxKB: kb(files.xlsx)!,
    pdfKB: kb(files.pdf),
    findings: model.findings.length,
    networkScan,
    eventsXlsx,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Whether this machine can print PDF (the parent asks once, both children then do the same). */
export function canPrintPdf(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}
