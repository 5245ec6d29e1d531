// Reports over large runs: a run of N realistic events (bench/workload.ts through the real ingest)
// rendered by a fresh process as `sdktrace report` renders it (HTML, JSON, XLSX, and PDF when a
// Chromium is installed), which reports the time from opening the database to the last file
// written and its peak RSS (getrusage maxrss, the whole process). Each size is rendered twice in
// the same bench run: by this tree, and by the baseline commit's tree (today's path before issue
// 18's report work: git archive of BASELINE_COMMIT, bundled like this tree), so the speed-up is
// measured on the same machine in the same minutes. The baseline reads the same database when it
// can open it; when the store's schema has moved on, it builds the same seeded run through its own
// ingest. The HTML of a small and a large run are compared: its size follows the aggregates.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { log, round, scratch } from './measure.js';
import { canPrintPdf, type ChildFigures } from './report-child.js';

/** The last commit of today's report path (before issue 18 item 5): the baseline, built from git. */
export const BASELINE_COMMIT = 'c42f8c3244ca1a432b8e756bedb77c7409d6fc8d';

/** Largest run whose XLSX with the Events sheet the baseline writes (in memory) in the bench. */
const BASELINE_EVENTS_SHEET_MAX = 100_000;

export interface ReportSize extends ChildFigures {
  /** The same run rendered by the baseline commit's tree in the same bench run. */
  baseline: ChildFigures | null;
  /** Our time over the baseline's (target <= 0.25 at 1M events). */
  timeRatio: number | null;
  /** Our CPU time over the baseline's. */
  cpuRatio: number | null;
}

export interface ReportsResult {
  sizes: ReportSize[];
  pdf: boolean;
  /** Large run over small run: events, and what that did to HTML size, time and peak RSS. */
  eventGrowth: number;
  htmlGrowth: number;
  timeGrowth: number;
  rssGrowth: number;
  /**
   * Targets: the HTML grows less than 1.5x while the events grow 100x (aggregates, not rows); the
   * large run's time <= 0.25x the baseline's; its peak RSS <= 1.1x the small run's ("flat": what
   * the report holds follows the aggregates, not the events). rssMet compares the unrounded peaks,
   * so a 1.14x shown as rssGrowth 1.1 is still a miss.
   */
  target: { htmlGrowth: number; met: boolean; timeRatio: number; timeMet: boolean; rssGrowth: number; rssMet: boolean };
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles bench/report-child.ts of a source tree; the bundle sits two levels under that tree (data/
 * resolves). A tree with the report's network-scan thread (reports/scan-worker.ts) gets its script
 * bundled beside the child, where install/root.ts builtScript looks first: the child then runs the
 * thread of the tree it was bundled from, not whatever dist/ holds.
 */
async function bundleChild(tree: string): Promise<string> {
  const dir = join(tree, '.cache', 'bench');
  const out = join(dir, 'report-child.mjs');
  const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: [join(tree, 'bench', 'report-child.ts')], outfile: out });
  const scanThread = join(tree, 'reports', 'scan-worker.ts');
  if (existsSync(scanThread)) await build({ ...common, entryPoints: [scanThread], outfile: join(dir, 'network-scan.js') });
  return out;
}

/** The baseline commit's tree under .cache/bench (extracted once), with this tree's child entry. */
async function baselineChild(): Promise<string | null> {
  const tree = join(root, '.cache', 'bench', `baseline-${BASELINE_COMMIT.slice(0, 12)}`);
  if (!existsSync(join(tree, 'package.json'))) {
    mkdirSync(tree, { recursive: true });
    const r = spawnSync('sh', ['-c', `git -C "${root}" archive ${BASELINE_COMMIT} | tar -x -C "${tree}"`], { encoding: 'utf8' });
    if (r.status !== 0) {
      log(`reports: no baseline (git archive ${BASELINE_COMMIT.slice(0, 12)} failed: ${r.stderr.trim()})`);
      return null;
    }
  }
  // The child entry is this tree's (it imports only modules both trees have). store/ and
  // attribution/ were under host/ in the baseline's layout: an import the baseline tree does not
  // have at this tree's path is taken from host/ there.
  const entry = readFileSync(join(root, 'bench', 'report-child.ts'), 'utf8').replace(/from '\.\.\/([^']+)\.js'/g, (whole, path: string) =>
    !existsSync(join(tree, `${path}.ts`)) && existsSync(join(tree, 'host', `${path}.ts`)) ? `from '../host/${path}.js'` : whole,
  );
  writeFileSync(join(tree, 'bench', 'report-child.ts'), entry);
  return bundleChild(tree);
}

let calls = 0;

/**
 * Runs `call` (with the bundle imported as `m`) in a fresh Node process. The script is a file, not
 * `--input-type=module -e`: worker threads inherit the process's flags, and the store's writer
 * thread then fails to start ("--input-type can only be used with string input"), an error its
 * blocked parent cannot see, so every batch of buildRun waited out the writer's stall timeout and
 * the run was stored empty.
 */
function child(bundle: string, call: string): { ok: true; figures: ChildFigures } | { ok: false; error: string } {
  const file = join(dirname(bundle), `call-${process.pid}-${++calls}.mjs`);
  writeFileSync(file, `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); ${call}\n`);
  let r;
  try {
    r = spawnSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  } finally {
    rmSync(file, { force: true });
  }
  if (r.status !== 0) return { ok: false, error: `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { ok: true, figures: last.startsWith('{') ? (JSON.parse(last) as ChildFigures) : ({} as ChildFigures) };
}

const rounded = (f: ChildFigures): ChildFigures => ({
  ...f,
  seconds: round(f.seconds, 2),
  cpuSeconds: round(f.cpuSeconds, 2),
  pdfSeconds: f.pdfSeconds === null ? null : round(f.pdfSeconds, 2),
  peakRssMB: round(f.peakRssMB),
  htmlKB: round(f.htmlKB),
  jsonKB: round(f.jsonKB),
  xlsxKB: round(f.xlsxKB),
  pdfKB: f.pdfKB === null ? null : round(f.pdfKB),
  eventsXlsx: f.eventsXlsx === null ? null : { seconds: round(f.eventsXlsx.seconds, 2), peakRssMB: round(f.eventsXlsx.peakRssMB), kb: round(f.eventsXlsx.kb) },
});

export async function benchReports(o: { sizes: number[]; baseline?: boolean }): Promise<ReportsResult> {
  const ours = await bundleChild(root);
  const base = o.baseline === false ? null : await baselineChild();
  const pdf = canPrintPdf();
  if (!pdf) log('reports: no Chromium, so no PDF (reports/render/pdf.ts findChromium)');
  const sizes: ReportSize[] = [];
  /** Each size's peak RSS before rounding, for the growth target's verdict. */
  const exactPeakRssMB: number[] = [];
  for (const n of o.sizes) {
    const tmp = scratch('reports');
    try {
      const db = tmp.path('run.db');
      log(`reports: building a run of ${n.toLocaleString()} events`);
      const built = child(ours, `m.buildRun(${JSON.stringify(db)}, ${n});`);
      if (!built.ok) throw new Error(`building the run failed (${built.error})`);
      let baseline: ChildFigures | null = null;
      if (base !== null) {
        log('reports: rendering it with the baseline tree in a fresh process');
        // Its in-memory XLSX with the Events sheet only up to 100k events (at 1M it holds every row as a workbook).
        const baseEvents = n <= BASELINE_EVENTS_SHEET_MAX;
        let r = child(base, `await m.reportsChild(${JSON.stringify(db)}, ${JSON.stringify(tmp.dir)}, ${pdf}, ${baseEvents});`);
        if (!r.ok) {
          // The store's schema moved on: the baseline builds the same seeded run through its own ingest.
          log(`reports: the baseline cannot read this tree's database (${r.error}); building the run through its ingest`);
          const bdb = tmp.path('baseline.db');
          const b = child(base, `m.buildRun(${JSON.stringify(bdb)}, ${n});`);
          if (!b.ok) throw new Error(`baseline build failed (${b.error})`);
          r = child(base, `await m.reportsChild(${JSON.stringify(bdb)}, ${JSON.stringify(tmp.dir)}, ${pdf}, ${baseEvents});`);
        }
        if (!r.ok) throw new Error(`baseline report failed (${r.error})`);
        baseline = rounded(r.figures);
      }
      log('reports: rendering it with this tree in a fresh process');
      const r = child(ours, `await m.reportsChild(${JSON.stringify(db)}, ${JSON.stringify(tmp.dir)}, ${pdf}, true);`);
      if (!r.ok) throw new Error(`report child failed (${r.error})`);
      const f = rounded(r.figures);
      exactPeakRssMB.push(r.figures.peakRssMB);
      sizes.push({ ...f, baseline, timeRatio: baseline === null ? null : round(f.seconds / baseline.seconds, 3), cpuRatio: baseline === null ? null : round(f.cpuSeconds / baseline.cpuSeconds, 3) });
    } finally {
      tmp.dispose();
    }
  }
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  const htmlGrowth = large.htmlKB / small.htmlKB;
  const rssGrowth = exactPeakRssMB.at(-1)! / exactPeakRssMB[0]!;
  return {
    sizes,
    pdf,
    eventGrowth: round(large.events / small.events, 0),
    htmlGrowth: round(htmlGrowth, 2),
    timeGrowth: round(large.seconds / small.seconds, 1),
    rssGrowth: round(rssGrowth, 2),
    target: { htmlGrowth: 1.5, met: htmlGrowth < 1.5, timeRatio: 0.25, timeMet: large.timeRatio !== null && large.timeRatio <= 0.25, rssGrowth: 1.1, rssMet: rssGrowth <= 1.1 },
  };
}
