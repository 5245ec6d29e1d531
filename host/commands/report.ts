// `sdktrace report RUN|latest [--db PATH] [--format FMT] [--out PATH] [--policy lists.json]
//   [--config FILE] [--consent-api SPEC]... [--fail-on SEVERITY]`: findings against the declared
// lists and consent phases, rendered as HTML, JSON, CSV, XLSX, JUnit XML or a draft of the lists.
// Exit codes: 0 written; 1 a finding at or above --fail-on exists (the report is still written);
// 2 usage errors.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { addDbOption } from './common.js';
import { Store } from '../store/db.js';
import { sdkCatalog } from '../attribution/shipped.js';
import { loadDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { buildReport, findingsAtLeast, type ReportConfig, type ReportModel } from '../../reports/model.js';
import { loadReportConfig, parseConsentApiSpec } from '../../reports/config.js';
import { FORMAT_EXT, REPORT_FORMATS, formatFromPath, render, type ReportFormat } from '../../reports/write.js';
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
  addAnalysisOptions(
    program
      .command('report')
      .description('Findings of a run against the declared lists and consent phases, as HTML, JSON, CSV, XLSX, JUnit XML, or a draft of the declared lists.')
      .argument('<run>', 'a run id, or "latest"'),
  )
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')} (default: from the --out extension, else html)`)
    .option('--out <path>', 'output file ("-" for standard output)', '-')
    .option('--fail-on <severity>', `exit with status 1 when a finding at or above this severity exists (${SEVERITIES.join(', ')})`)
    .action(async (runRef: string, opts: AnalysisOptions & { format?: ReportFormat; out: string; failOn?: string }) => {
      if (opts.failOn !== undefined && !isSeverity(opts.failOn)) throw new UserError(`--fail-on ${JSON.stringify(opts.failOn)}: expected one of ${SEVERITIES.join(', ')}`);
      if (opts.format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(opts.format)) throw new UserError(`--format ${JSON.stringify(opts.format)}: expected one of ${REPORT_FORMATS.join(', ')}`);
      const format: ReportFormat = opts.format ?? (opts.out !== '-' ? formatFromPath(opts.out) : null) ?? 'html';
      if (format === 'xlsx' && opts.out === '-' && process.stdout.isTTY) throw new UserError('--format xlsx writes a binary file: give --out FILE.xlsx');
      const { lists, config } = analysisInputs(opts);
      const store = openStoreForReading(opts.db);
      try {
        const run = store.resolveRun(runRef);
        const catalog = sdkCatalog();
        if (lists !== undefined && run.package !== null && lists.lists.app.package !== run.package) {
          process.stderr.write(`sdktrace: warning: ${opts.policy} declares ${lists.lists.app.package}, but run ${run.id} traced ${run.package}\n`);
        }
        const model = buildReport(store, run.id, { lists, config, catalog });
        const failOn = (opts.failOn ?? null) as Severity | null;
        writeOutput(opts.out, await render(model, format, { catalog, failOn }));
        if (model.policy?.source === 'run' && model.policy.note !== null) process.stderr.write(`sdktrace: ${model.policy.note}\n`);
        if (model.policyNote !== null) process.stderr.write(`sdktrace: warning: ${model.policyNote}\n`);
        process.stderr.write(`sdktrace: run ${run.id}: ${summaryLine(model)}${opts.out !== '-' ? `; ${format} written to ${opts.out}` : ''}\n`);
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
