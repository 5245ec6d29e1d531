// The benchmarks (`npm run bench`, see docs/benchmarks.md): ingest, attribution, agent, reports and
// live dashboard figures, each against a baseline measured in the same run (this machine is noisy;
// only ratios compare). A table on stdout, the same figures in bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAgent } from './agent.js';
import { benchAttribution } from './attribution.js';
import { benchFleet } from './fleet.js';
import { benchIngest } from './ingest.js';
import { benchLive, type CpuSplit, type LatencyStats, type LiveResult } from './live.js';
import { log, round } from './measure.js';
import { benchReports } from './reports.js';
import { table, type Row } from './table.js';

export { agentChild } from './agent.js';

const SECTIONS = ['ingest', 'attribution', 'agent', 'reports', 'live', 'fleet'] as const;
type Section = (typeof SECTIONS)[number];

const USAGE = `usage: npm run bench [-- --only ${SECTIONS.join(',')}] [--quick] [--out FILE]
  --only   sections to run (default: all; fleet needs PostgreSQL binaries)
  --quick  smaller volumes (a smoke run: the figures are less stable and the 5M/1M volumes are not reached)
  --out    where to write the JSON results (default bench/results.json)`;

function parseArgs(argv: string[]): { only: Section[]; quick: boolean; out: string } | string {
  let only: Section[] = [...SECTIONS];
  let quick = false;
  let out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results.json');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' && argv[i + 1] !== undefined) {
      const list = argv[++i]!.split(',').map((s) => s.trim());
      const bad = list.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (bad.length > 0) return `unknown section ${bad.join(', ')}\n${USAGE}`;
      only = list as Section[];
    } else if (a === '--out' && argv[i + 1] !== undefined) out = argv[++i]!;
    else if (a === '--help' || a === '-h') return USAGE;
    else return `unknown argument ${a}\n${USAGE}`;
  }
  return { only, quick, out };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return args === USAGE ? 0 : 2;
  }
  const { only, quick } = args;
  if ((globalThis as { gc?: unknown }).gc === undefined) log('warning: run with node --expose-gc (npm run bench does) for memory figures after full collections');
  const results: Record<string, unknown> = {
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memoryGB: round(totalmem() / 2 ** 30), platform: process.platform },
    quick,
    startedAt: new Date().toISOString(),
  };
  const rows: Row[] = [];
  const started = Date.now();
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  if (only.includes('ingest')) {
    const r = await benchIngest(quick ? { memoryEvents: 300_000, warmEvents: 30_000, roundEvents: 30_000, rounds: 3, sampleEvery: 25_000 } : { memoryEvents: 5_000_000, warmEvents: 100_000, roundEvents: 100_000, rounds: 3, sampleEvery: 250_000 });
    results.ingest = r;
    const m = r.memoryRun;
    const t = r.targets;
    rows.push(
      { section: 'ingest', figure: `real ingest, ${r.roundEvents.toLocaleString()} events after ${r.warmEvents.toLocaleString()} (median of ${r.rounds.length})`, value: `${r.eventsPerSec.toLocaleString()} events/s`, baseline: `${r.ceilingPerSec.toLocaleString()} rows/s raw insert of the new rows`, ratio: `${r.ratio}x of ceiling`, target: `>= ${t.ratio}x ${met(t.ratioMet)}; >= ${t.eventsPerSec.toLocaleString()}/s ${met(t.eventsPerSecMet)}` },
      { section: 'ingest', figure: 'real ingest vs the path before issue 18, same rounds', value: `${r.eventsPerSec.toLocaleString()} events/s, ${r.eventsPerCpuSec.toLocaleString()}/CPU-s`, baseline: `${r.baselinePerSec.toLocaleString()} events/s, ${r.baselinePerCpuSec.toLocaleString()}/CPU-s`, ratio: `${r.speedup}x`, target: `>= ${t.speedup}x ${met(t.speedupMet)}` },
      { section: 'ingest', figure: `long run, ${m.events.toLocaleString()} events`, value: `${m.eventsPerSec.toLocaleString()} events/s`, baseline: `first tenth ${m.firstTenthPerSec.toLocaleString()}/s`, ratio: `last tenth ${m.lastTenthPerSec.toLocaleString()}/s`, target: `${r.protocolErrors + m.protocolErrors} protocol errors` },
      { section: 'ingest', figure: 'memory, second half of the long run', value: `heap ${m.heapSlopeMBPerM} MB/M events`, baseline: `rss ${m.rssSlopeMBPerM} MB/M events`, ratio: '', target: `flat (<= ${t.heapSlopeMBPerM}, <= ${t.rssSlopeMBPerM} MB/M) ${met(t.memoryFlatMet)}; max heap ${m.heapMaxMB} MB, rss ${m.rssMaxMB} MB` },
      { section: 'ingest', figure: 'sizes', value: `${r.wireBytesPerEvent} B/event on the wire`, baseline: `${r.dbBytesPerEvent} B/event in the database (before issue 18: ${r.baselineDbBytesPerEvent})`, ratio: '', target: `${r.distinctStacks.toLocaleString()} distinct stacks in ${(r.warmEvents + r.roundEvents).toLocaleString()} events` },
    );
  }
  if (only.includes('attribution')) {
    const r = await benchAttribution(quick ? { stacks: 2000 } : { stacks: 10_000 });
    results.attribution = r;
    rows.push(
      { section: 'attribution', figure: 'cold: unique 30-frame stacks', value: `${r.cold.stacksPerSec.toLocaleString()} stacks/s`, baseline: `${r.naive.stacksPerSec.toLocaleString()} stacks/s naive scan`, ratio: `${r.cold.ratio}x`, target: `well over 10x (> 10x) ${met(r.cold.ratio > 10)}` },
      { section: 'attribution', figure: 'warm: interned ids via ingest cache', value: `${r.warm.stacksPerSec.toLocaleString()} events/s`, baseline: 'naive scan', ratio: `${r.warm.ratio}x`, target: `well over 10x (> 10x) ${met(r.warm.ratio > 10)}` },
    );
  }
  if (only.includes('agent')) {
    const r = await benchAgent(quick ? { calls: 3000 } : { calls: 20_000 });
    results.agent = r;
    rows.push(
      { section: 'agent', figure: 'cost per hooked call (emulated device)', value: `${r.batched.usPerCall} us`, baseline: `${r.perEvent.usPerCall} us one message per event`, ratio: `${r.costRatio}x`, target: `cheaper than the baseline ${met(r.costRatio > 1)}; ${r.calls.toLocaleString()} calls, ${r.batched.events.toLocaleString()} events` },
      { section: 'agent', figure: 'cost per hooked call, native fd pre-filter (emulated device)', value: `${r.batched.usPerCall} us`, baseline: `${r.jsHot.usPerCall} us hot libc hooks in JavaScript`, ratio: `${r.filterRatio}x`, target: `cheaper than the baseline ${met(r.filterRatio > 1)}; JavaScript entries from native code ${(r.entries.filtered.jsListener + r.entries.filtered.nativeCallback).toLocaleString()} vs ${(r.entries.jsHot.jsListener + r.entries.jsHot.nativeCallback).toLocaleString()} (C listener runs ${r.entries.filtered.cListener.toLocaleString()}); ${r.submissions.toLocaleString()} of the hooked calls are submission hooks (gated origin walks)` },
      { section: 'agent', figure: `cost per hooked call, submission-heavy scenario, gated origin walks (emulated device)`, value: `${r.origins.gated.usPerCall} us`, baseline: `${r.origins.all.usPerCall} us walking at every submission (--origin-stacks all)`, ratio: `${r.origins.costRatio}x`, target: `cheaper than the baseline ${met(r.origins.costRatio > 1)}; ${r.origins.calls.toLocaleString()} calls, ${r.origins.submissions.toLocaleString()} submissions; app alone ${r.origins.noneMs} ms` },
      { section: 'agent', figure: 'Java stack walks per submission (exact, emulated ART counter)', value: `${r.origins.gated.walksPerSubmission} gated (${r.origins.gated.submissionWalks.toLocaleString()} walks)`, baseline: `${r.origins.all.walksPerSubmission} all (${r.origins.all.submissionWalks.toLocaleString()} walks)`, ratio: `${round(r.origins.all.submissionWalks / Math.max(1, r.origins.gated.submissionWalks), 2)}x fewer`, target: `library work still walks ${met(r.origins.gated.submissionWalks > 0 && r.origins.gated.submissionWalks < r.origins.all.submissionWalks)}; main scenario: ${r.origins.main.gatedSubmissionWalks} vs ${r.origins.main.allSubmissionWalks} walks for ${r.origins.main.submissions} submissions` },
      { section: 'agent', figure: 'agent cost per write() on an unrelated fd (emulated device)', value: `${r.unrelatedWrites.filteredUs} us`, baseline: `${r.unrelatedWrites.jsHotUs} us hot libc hooks in JavaScript`, ratio: `${r.unrelatedWrites.ratio}x`, target: `cheaper than the baseline ${met(r.unrelatedWrites.ratio > 1)}; ${r.unrelatedWrites.writes.toLocaleString()} log-file writes, app alone ${r.unrelatedWrites.noneMs} ms` },
      { section: 'agent', figure: 'emitter alone, per event (modelled traffic)', value: `${r.emitter.batchedUs} us`, baseline: `${r.emitter.perEventUs} us one message per event`, ratio: `${r.emitter.ratio}x`, target: `cheaper than the baseline ${met(r.emitter.ratio > 1)}; stack capture, interning, batching, send() JSON` },
      { section: 'agent', figure: 'bytes per event on the wire (emulated)', value: `${r.batched.bytesPerEvent} B`, baseline: `${r.perEvent.bytesPerEvent} B one message per event`, ratio: `${r.bytesRatio}x`, target: `smaller than the baseline ${met(r.bytesRatio > 1)}; ${r.batched.messages} vs ${r.perEvent.messages} messages` },
      { section: 'agent', figure: 'bytes per event, modelled traffic', value: `${r.model.batched} B`, baseline: `${r.model.perEvent} B one message per event`, ratio: `${r.model.ratio}x`, target: `smaller than the baseline ${met(r.model.ratio > 1)}; the ingest workload's traffic` },
    );
  }
  if (only.includes('reports')) {
    const r = await benchReports(quick ? { sizes: [10_000, 100_000] } : { sizes: [10_000, 1_000_000] });
    results.reports = r;
    const [small, large] = [r.sizes[0]!, r.sizes.at(-1)!];
    const formats = `HTML + JSON + XLSX${r.pdf ? ' (+ PDF)' : ''}`;
    for (const s of r.sizes) {
      const b = s.baseline;
      rows.push({
        section: 'reports',
        figure: `${s.events.toLocaleString()} events -> ${formats}`,
        value: `${s.seconds} s (cpu ${s.cpuSeconds} s), peak RSS ${s.peakRssMB} MB${s.pdfSeconds !== null ? `; PDF ${s.pdfSeconds} s more` : ''}`,
        baseline: b === null ? 'no baseline' : `${b.seconds} s (cpu ${b.cpuSeconds} s), ${b.peakRssMB} MB${b.pdfSeconds !== null ? `; PDF ${b.pdfSeconds} s` : ''} baseline tree`,
        ratio: s.timeRatio === null ? '-' : `time ${s.timeRatio}x, cpu ${s.cpuRatio}x${b !== null ? `, rss ${round(s.peakRssMB / b.peakRssMB, 2)}x` : ''}`,
        target: `${s === large ? `<= ${r.target.timeRatio}x ${met(r.target.timeMet)}; ` : ''}${s.findings} findings${b !== null ? ` (baseline ${b.findings})` : ''}; json ${s.jsonKB} KB, xlsx ${s.xlsxKB} KB; network scan ${s.networkScan === null ? 'not told' : s.networkScan.thread ? 'on a thread' : `in-thread (${s.networkScan.reason})`}`,
      });
    }
    for (const s of r.sizes) {
      if (s.eventsXlsx === null) continue;
      const b = s.baseline?.eventsXlsx ?? null;
      rows.push({
        section: 'reports',
        figure: `${s.events.toLocaleString()} events -> XLSX with the Events sheet`,
        value: `${s.eventsXlsx.seconds} s, peak RSS ${s.eventsXlsx.peakRssMB} MB, ${s.eventsXlsx.kb} KB`,
        baseline: b === null ? 'baseline not run at this size' : `${b.seconds} s, ${b.peakRssMB} MB baseline tree`,
        ratio: b === null ? '-' : `time ${round(s.eventsXlsx.seconds / b.seconds, 2)}x`,
        target: 'as report --format xlsx writes it (after the figures above, in the same process)',
      });
    }
    rows.push(
      { section: 'reports', figure: `growth ${small.events.toLocaleString()} -> ${large.events.toLocaleString()} events`, value: `time ${r.timeGrowth}x, rss ${r.rssGrowth}x`, baseline: `${small.seconds} s, ${small.peakRssMB} MB at ${small.events.toLocaleString()} events`, ratio: `for ${r.eventGrowth}x events`, target: `peak RSS flat: <= ${r.target.rssGrowth}x the ${small.events.toLocaleString()}-event run's ${met(r.target.rssMet)}` },
      { section: 'reports', figure: `HTML size at ${large.events.toLocaleString()} events`, value: `${large.htmlKB} KB`, baseline: `${small.htmlKB} KB at ${small.events.toLocaleString()} events`, ratio: `${r.htmlGrowth}x for ${r.eventGrowth}x events`, target: `grows < ${r.target.htmlGrowth}x (aggregation, not events) ${met(r.target.met)}` },
    );
  }
  if (only.includes('live')) {
    // The issue's rate, and a lower one this machine's ingest sustains (latency without a backlog).
    const live: LiveResult[] = [];
    for (const rate of [10_000, 2_000]) live.push(await benchLive({ seconds: quick ? 4 : 15, rate }));
    results.live = live;
    for (const r of live) {
      const lat = (s: LatencyStats) => `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} ms`;
      const got = (s: LatencyStats) => `${s.received.toLocaleString()}/${r.sent.toLocaleString()} events${s.exact ? ' exactly' : ' NOT EXACT'}: ${s.rows.toLocaleString()} rows + ${s.coalesced.toLocaleString()} in ${s.groups.toLocaleString()} groups`;
      const at = `${r.rate.toLocaleString()} events/s`;
      const cpu = (c: CpuSplit) => `${c.main} / ${c.threads} / ${c.children} in ${c.wall} s`;
      const types = (c: CpuSplit) => Object.entries(c.byType).map(([k, v]) => `${k} ${v}`).join(', ');
      const { sdktrace: b, unbudgeted: u } = r;
      rows.push(
        { section: 'live', figure: `hooked call -> ws client, ${at}`, value: lat(b.ws), baseline: `${lat(u.ws)} no budget`, ratio: `bare ws p50 ${r.baseline.p50} / p99 ${r.baseline.p99} ms`, target: `p99 <= ${r.target.p99Ms} ms, all accounted ${met(r.target.met)}; ${got(b.ws)}` },
        { section: 'live', figure: `hooked call -> dashboard page (Chromium), ${at}`, value: b.browser !== null ? lat(b.browser) : 'skipped', baseline: u.browser !== null ? `${lat(u.browser)} no budget` : '', ratio: '', target: b.browser !== null ? got(b.browser) : (r.browserSkipped ?? '') },
        { section: 'live', figure: `ingest receipt -> page (Chromium), ${at}`, value: b.browser !== null ? `p50 ${b.browser.fromReceiveP50} / p99 ${b.browser.fromReceiveP99} ms` : 'skipped', baseline: u.browser !== null ? `p50 ${u.browser.fromReceiveP50} / p99 ${u.browser.fromReceiveP99} ms no budget` : '', ratio: '', target: `p99 <= ${r.target.p99Ms} ms from receipt, all accounted ${met(r.target.metFromReceive)} (ws client p99 ${b.ws.fromReceiveP99} ms)` },
        { section: 'live', figure: `ingest commit -> page (Chromium), ${at}`, value: b.browser !== null ? `p50 ${b.browser.fromCommitP50} / p99 ${b.browser.fromCommitP99} ms` : 'skipped', baseline: u.browser !== null ? `p50 ${u.browser.fromCommitP50} / p99 ${u.browser.fromCommitP99} ms no budget` : '', ratio: '', target: `the dashboard's own share; peak queue ${b.peakQueue.toLocaleString()} rows, ${b.peakGroups} groups per client` },
        { section: 'live', figure: `dashboard alone (ingest done beforehand): hooked call -> page (Chromium), ${at}`, value: r.dashboardOnly.browser !== null ? lat(r.dashboardOnly.browser) : 'skipped', baseline: `ws client ${lat(r.dashboardOnly.ws)}`, ratio: `CPU ${cpu(r.dashboardOnly.cpu)}`, target: `${r.dashboardOnly.browser !== null ? got(r.dashboardOnly.browser) : got(r.dashboardOnly.ws)}; peak ${r.dashboardOnly.peakQueue} rows, ${r.dashboardOnly.peakGroups} groups per client` },
        { section: 'live', figure: `ingest rate with the dashboard attached, ${at}`, value: `${b.ws.achievedRate.toLocaleString()} events/s`, baseline: `${u.ws.achievedRate.toLocaleString()} events/s no budget`, ratio: `ingest alone ${r.ingestOnly.achievedRate.toLocaleString()} events/s`, target: `bare ws ${r.baseline.achievedRate.toLocaleString()} events/s; page budget ${r.budget.rowsPerSecond.toLocaleString()} rows/s, burst ${r.budget.burst.toLocaleString()}` },
        { section: 'live', figure: `CPU s (main thread / other threads / Chromium), ${at}`, value: cpu(b.cpu), baseline: `${cpu(u.cpu)} no budget`, ratio: `ingest alone ${cpu(r.ingestOnly.cpu)}`, target: `while the traffic was paced and drained; Chromium by process: ${types(b.cpu)}` },
        { section: 'live', figure: `hooked call -> commit, ingest alone, ${at}`, value: `p50 ${r.ingestOnly.commitP50} / p99 ${r.ingestOnly.commitP99} ms`, baseline: '', ratio: '', target: 'no dashboard: the floor of any page latency on this machine' },
      );
    }
  }
  if (only.includes('fleet')) {
    const r = await benchFleet(quick ? { apps: 1000, devices: 8 } : { apps: 10_000, devices: 16 });
    results.fleet = r;
    if (r.skipped !== undefined) rows.push({ section: 'fleet', figure: 'queue + index on PostgreSQL', value: 'skipped', baseline: '', ratio: '', target: r.skipped });
    else
      rows.push(
        { section: 'fleet', figure: `${r.apps.toLocaleString()} synthetic results, ${r.devices} device loops`, value: `${r.jobsPerSec} jobs/s`, baseline: `submit ${r.submitPerSec} apps/s`, ratio: '', target: `claim p50 ${r.claimMs.p50} / p99 ${r.claimMs.p99} / max ${r.claimMs.max} ms` },
        { section: 'fleet', figure: 'database after the campaign', value: `${round(r.dbBytes / 2 ** 20)} MB`, baseline: `${r.bytesPerApp} B/app`, ratio: '', target: `campaign report query ${r.reportMs} ms` },
      );
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`${table(rows)}\n(${process.version}, ${cpus().length} cores, ${results.seconds} s; figures are from this run on this machine; see docs/benchmarks.md)\n`);
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${args.out}`);
  return 0;
}
