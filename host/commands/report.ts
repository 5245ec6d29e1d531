// `sdktrace report RUN|latest [--db PATH] [--format FMT] [--out PATH] [--tz ZONE] [--lang en|zh]
//   [--policy lists.json] [--config FILE] [--consent-api SPEC]... [--fail-on SEVERITY]`: findings
// against the declared lists and consent phases, rendered as HTML, PDF, JSON, CSV (findings or every
// event), XLSX, JUnit XML or a draft of the lists. Without --out, a terminal gets a file (its path is
// printed) and a pipe gets the bytes. Exit codes: 0 written; 1 a finding at or above --fail-on
// exists (the report is still written); 2 usage or input errors (incl. an unknown --out extension,
// and no Chromium for --format pdf).
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { addDbOption } from './common.js';
import { Store } from '../../store/db.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { loadDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { buildReport, findingsAtLeast, type ReportConfig, type ReportModel } from '../../reports/model.js';
import type { NetworkScanNote } from '../../reports/scan-thread.js';
import { loadReportConfig, parseConsentApiSpec } from '../../reports/config.js';
import { BINARY_FORMATS, FORMAT_EXT, REPORT_FORMATS, formatFromPath, render, type ReportFormat } from '../../reports/write.js';
import { eventSource } from '../../reports/events.js';
import { ActorDirectory } from '../../analysis/actor.js';
import { checkZone, hostZone } from '../../analysis/clock.js';
import { LANGS, isLang, type Lang } from '../../reports/render/i18n.js';
import { SEVERITIES, isSeverity, type Severity } from '../../reports/severity.js';


/**
 * Opens the project database read-only: a report (or export) is a conclusion drawn from the
 * evidence and never writes to it; the file's bytes are the same afterwards. Conclusions stored
 * at ingest (launches.confirmed_event_id, host/ingest/stages/launch-confirmation.ts) are read,
 * the rest recomputed in memory (temp tables).
 */
export function openStoreForReading(path: string): Store {
  if (!existsSync(path)) throw new UserError(`no sdktrace database at ${path} (use --db PATH)`);
  return openReadOnly(path);
}

/** Read-only open, with advice that names no option this command lacks for old databases. */
export function openReadOnly(path: string, check: 'quick' | 'integrity' = 'quick'): Store {
  try {
    return Store.open(path, { readonly: true, check });
  } catch (e) {
    if (e instanceof UserError && /open it once without --readonly/.test(e.message)) {
      throw new UserError(`${path} was written by an older sdktrace (older schema); reading commands never modify a database, so upgrade it by recording into it once (\`sdktrace trace --db ${path}\`) or by working on a copy`);
    }
    throw e;
  }
}

export interface AnalysisOptions {
  db: string;
  policy?: string;
  config?: string;
  consentApi?: string[];
}

/**
 * Declared lists, report configuration and consent APIs from the command line. Without
 * --policy, lists are undefined: the report uses the ones recorded with the run, if any.
 */
export function analysisInputs(opts: AnalysisOptions): { lists: LoadedLists | undefined; config: ReportConfig } {
  const lists = opts.policy !== undefined ? loadDeclaredLists(opts.policy, sdkCatalog()) : undefined;
  for (const w of lists?.warnings ?? []) process.stderr.write(`sdktrace: ${opts.policy}: ${w.path}: ${w.message}\n`);
  const config: ReportConfig = opts.config !== undefined ? loadReportConfig(opts.config) : {};
  const apis = (opts.consentApi ?? []).map(parseConsentApiSpec);
  if (apis.length > 0) config.consentApis = [...(config.consentApis ?? []), ...apis];
  return { lists, config };
}

/** Commander's own usage errors (unknown option, missing argument) exit with 2, like ours. */
export function usageErrorsExit2(cmd: Command): Command {
  return cmd.exitOverride((err) => {
    if (err.exitCode === 1 && err.code.startsWith('commander.') && err.code !== 'commander.executeSubCommandAsync') throw new CommanderError(2, err.code, err.message);
    throw err;
  });
}

export function addAnalysisOptions(cmd: Command): Command {
  return addDbOption(usageErrorsExit2(cmd), 'read')
    .option('--policy <lists.json>', "the app's declared lists (collected PI + third-party sharing); `sdktrace schema` prints their JSON Schema")
    .option('--config <file>', 'report configuration: consent words, consent APIs, rule severities and options (docs/report-json.md)')
    .option('--consent-api <spec>', 'an API whose call means the user decided: CLASS.METHOD[:granted|:refused|:argN] (repeatable)', (v: string, prev: string[] = []) => [...prev, v]);
}

/** The extensions --out may have, for error messages. */
const KNOWN_EXTENSIONS = [...new Set(Object.values(FORMAT_EXT))].map((e) => `.${e}`).join(', ');

/** `--tz` and `--lang` (report); run commands get --tz with the dashboard options and only add --lang. */
export function addViewOptions(cmd: Command, withTz = true): Command {
  if (withTz) cmd.option('--tz <zone>', 'time zone of every time shown, an IANA name such as UTC or Asia/Shanghai (default: the host\'s)');
  return cmd.option('--lang <lang>', `language of the report: ${LANGS.join(' or ')} (regulation citations are bilingual either way)`, 'en');
}

export function viewOptions(opts: { tz?: string; lang?: string }): { tz: string; lang: Lang } {
  let tz: string;
  try {
    tz = opts.tz === undefined ? hostZone() : checkZone(opts.tz);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const lang = opts.lang ?? 'en';
  if (!isLang(lang)) throw new UserError(`--lang ${JSON.stringify(lang)}: expected one of ${LANGS.join(', ')}`);
  return { tz, lang };
}

/**
 * Where a report goes and in which format. --out FILE: its extension must be a report's (and agree
 * with --format); --out -: standard output (never a binary format to a terminal); no --out: a file
 * sdktrace-run-<id>.<ext> in the current folder when standard output is a terminal, else stdout.
 */
export function reportTarget(runId: number, opts: { format?: string; out?: string }, stdoutIsTTY: boolean): { format: ReportFormat; out: string; toFile: boolean } {
  if (opts.format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(opts.format)) throw new UserError(`--format ${JSON.stringify(opts.format)}: expected one of ${REPORT_FORMATS.join(', ')}`);
  const given = opts.format as ReportFormat | undefined;
  if (opts.out !== undefined && opts.out !== '-') {
    if (existsSync(opts.out) && statSync(opts.out).isDirectory()) throw new UserError(`--out ${opts.out} is a directory; give a file name`);
    const fromExt = formatFromPath(opts.out);
    if (fromExt === null) throw new UserError(`--out ${opts.out}: unknown extension; a report file ends in one of ${KNOWN_EXTENSIONS}`);
    if (given !== undefined && given !== fromExt) throw new UserError(`--out ${opts.out} is named like a ${fromExt} report, but --format is ${given}; name it *.${FORMAT_EXT[given]}`);
    return { format: fromExt, out: opts.out, toFile: true };
  }
  const format = given ?? 'html';
  if (opts.out === '-') {
    if (BINARY_FORMATS.includes(format) && stdoutIsTTY) throw new UserError(`--format ${format} writes a binary file: give --out FILE.${FORMAT_EXT[format]}, or pipe standard output`);
    return { format, out: '-', toFile: false };
  }
  if (stdoutIsTTY) return { format, out: `sdktrace-run-${runId}.${FORMAT_EXT[format]}`, toFile: true };
  return { format, out: '-', toFile: false };
}

/** Writes bytes to a file through a temporary name, or to stdout for "-". */
export function writeOutput(out: string, bytes: Buffer): void {
  if (out === '-') {
    process.stdout.write(bytes);
    return;
  }
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out ${out} is a directory; give a file name`);
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
  } catch (e) {
    throw new UserError(`cannot write ${out}: ${(e as Error).message}`);
  }
}

function summaryLine(m: ReportModel): string {
  const parts = SEVERITIES.slice()
    .reverse()
    .filter((s) => m.summary.bySeverity[s] > 0)
    .map((s) => `${m.summary.bySeverity[s]} ${s}`);
  const skipped = m.rules.filter((r) => !r.evaluated && r.enabled).map((r) => r.id);
  return `${m.findings.length} finding(s)${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${skipped.length > 0 ? `; not evaluated without --policy: ${skipped.join(', ')}` : ''}${m.consent.detected ? '' : '; no consent decision detected in this run'}`;
}

export function failOnError(m: ReportModel, failOn: Severity): UserError | null {
  const hits = findingsAtLeast(m, failOn);
  if (hits.length === 0) return null;
  const list = hits.slice(0, 10).map((f) => `  [${f.severity}] ${f.id}: ${f.message}`).join('\n');
  return new UserError(`${hits.length} finding(s) at or above ${failOn} (--fail-on):\n${list}${hits.length > 10 ? `\n  … ${hits.length - 10} more` : ''}`, 1);
}

export function register(program: Command): void {
  addViewOptions(
    addAnalysisOptions(
      program
        .command('report')
        .description('Findings of a run against the declared lists and consent phases, as HTML, PDF, JSON, CSV, XLSX, JUnit XML, or a draft of the declared lists.')
        .argument('<run>', 'a run id, or "latest"'),
    ),
  )
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')} (default: from the --out extension, else html); pdf needs Chromium, events-csv is every event`)
    .option('--out <path>', 'output file ("-" for standard output; default: sdktrace-run-<id>.<ext> here when standard output is a terminal, else standard output)')
    .option('--fail-on <severity>', `exit with status 1 when a finding at or above this severity exists (${SEVERITIES.join(', ')})`)
    .action(async (runRef: string, opts: AnalysisOptions & { format?: string; out?: string; failOn?: string; tz?: string; lang?: string }) => {
      if (opts.failOn !== undefined && !isSeverity(opts.failOn)) throw new UserError(`--fail-on ${JSON.stringify(opts.failOn)}: expected one of ${SEVERITIES.join(', ')}`);
      const view = viewOptions(opts);
      // Usage errors before any work: the run id is only needed for the default file name.
      reportTarget(0, opts, false);
      const { lists, config } = analysisInputs(opts);
      const store = openStoreForReading(opts.db);
      try {
        const run = store.resolveRun(runRef);
        const { format, out, toFile } = reportTarget(run.id, opts, process.stdout.isTTY === true);
        const catalog = sdkCatalog();
        if (lists !== undefined && run.package !== null && lists.lists.app.package !== run.package) {
          process.stderr.write(`sdktrace: warning: ${opts.policy} declares ${lists.lists.app.package}, but run ${run.id} traced ${run.package}\n`);
        }
        // A large run's network scan runs on a thread beside the pass; when it could not, say why.
        const onNetworkScan = (n: NetworkScanNote) => {
          if (n.fellBack) process.stderr.write(`sdktrace: note: the network scan ran on the main thread (slower): ${n.reason}\n`);
        };
        const model = buildReport(store, run.id, { lists, config, catalog, onNetworkScan });
        const failOn = (opts.failOn ?? null) as Severity | null;
        const events = format === 'xlsx' || format === 'events-csv' ? eventSource(store.db, run.id, new ActorDirectory(catalog, store.db, run.id), view.lang) : undefined;
        writeOutput(out, await render(model, format, { catalog, failOn, ...view, events }));
        if (model.policy?.source === 'run' && model.policy.note !== null) process.stderr.write(`sdktrace: ${model.policy.note}\n`);
        if (model.policyNote !== null) process.stderr.write(`sdktrace: warning: ${model.policyNote}\n`);
        process.stderr.write(`sdktrace: run ${run.id}: ${summaryLine(model)}${toFile ? `; ${format} written to ${out}` : ''}\n`);
        // The path alone on standard output when it went to a file from a terminal: what to open next.
        if (toFile && opts.out === undefined) process.stdout.write(`${resolve(out)}\n`);
        if (failOn !== null) {
          const err = failOnError(model, failOn);
          if (err !== null) throw err;
        }
      } finally {
        store.close();
      }
    });
}

export { FORMAT_EXT };
