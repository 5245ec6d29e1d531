// `sdktrace attribute [FILE|-] [--app PACKAGE] [--json]`: finds the stack traces in free text
// (logcat, Frida/Xposed dumps, JSON, callstack records, arrow chains, lists; prose and markdown
// around them are ignored) and says, per trace, which privacy API it shows, which SDK is
// responsible and why.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HOOK_AREAS } from '../../agent/catalog/index.js';
import { Attributor, apiFramesFromHookAreas, loadCatalog, type Attribution } from '../attribution/index.js';
import { isSystemModule } from '../attribution/rules/native.js';
import { parseTraces, type ParsedTrace } from '../attribution/trace-text.js';
import { UserError } from '../../protocol/errors.js';

export interface TraceResult {
  trace: number;
  line: number;
  format: ParsedTrace['format'];
  frames: number;
  /** The privacy API frame ("class.method"), or null. */
  api: string | null;
  /** true when the API frame is the platform boundary rather than a hooked method. */
  apiInferred: boolean;
  frame: string | null;
  frameIndex: number | null;
  sdk: { id: string; name: string; vendor?: string; category: string } | null;
  party: 'third-party' | 'first-party' | 'unknown';
  /** The engine's own party ('obfuscated', 'platform' included). */
  partyDetail: Attribution['party'];
  chain: Attribution['chain'];
  calledByApp: boolean;
  via: Attribution['via'];
  prefix?: string;
  bridge?: Attribution['bridge'];
  module?: string;
  matched?: string;
  reason: string;
}

/** Obfuscated or platform-only code is not the app's and not an identified third party's. */
const coarseParty = (p: Attribution['party']): TraceResult['party'] => (p === 'third-party' || p === 'first-party' ? p : 'unknown');

export function attributeText(text: string, attributor: Attributor): TraceResult[] {
  return parseTraces(text).map((t, i) => {
    let a: Attribution;
    if (t.frames.length > 0) a = attributor.stack(t.frames);
    else {
      const module = t.modules.find((m) => !isSystemModule(m)) ?? t.modules[0];
      a = attributor.native(module);
    }
    const api = a.apiIndex !== null && t.frames.length > 0 ? t.frames[a.apiIndex] : undefined;
    return {
      trace: i + 1,
      line: t.line,
      format: t.format,
      frames: t.frames.length || t.modules.length,
      api: api ? `${api[0]}.${api[1]}` : null,
      apiInferred: api !== undefined && a.apiInferred !== false,
      frame: a.frame,
      frameIndex: a.frameIndex,
      sdk: a.sdk,
      party: coarseParty(a.party),
      partyDetail: a.party,
      chain: a.chain,
      calledByApp: a.calledByApp === true,
      via: a.via,
      ...(a.prefix !== undefined ? { prefix: a.prefix } : {}),
      ...(a.bridge !== undefined ? { bridge: a.bridge } : {}),
      ...(a.module !== undefined ? { module: a.module } : {}),
      ...(a.matched !== undefined ? { matched: a.matched } : {}),
      reason: a.reason,
    };
  });
}

export function formatResults(results: readonly TraceResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`Trace ${r.trace} (line ${r.line}, ${r.format}, ${r.frames} frame${r.frames === 1 ? '' : 's'})`);
    lines.push(`  API     ${r.api ?? '(none found)'}${r.api && r.apiInferred ? '  (platform boundary)' : ''}`);
    const who = r.sdk
      ? `${r.sdk.name}${r.sdk.vendor ? `, ${r.sdk.vendor}` : ''} [${r.sdk.id}, ${r.sdk.category}]`
      : r.partyDetail === 'first-party'
        ? 'the app itself'
        : r.prefix
          ? `${r.partyDetail === 'obfuscated' ? 'obfuscated code' : 'unknown third party'} ${r.prefix}`
          : r.partyDetail;
    lines.push(`  SDK     ${who}`);
    lines.push(`  party   ${r.partyDetail}`);
    if (r.frame !== null) lines.push(`  frame   #${r.frameIndex === null ? "?" : r.frameIndex + 1} ${r.frame}`);
    if (r.module) lines.push(`  module  ${r.module}`);
    const chain = [...r.chain.map((c) => c.name), ...(r.calledByApp ? ['the app'] : [])];
    if (chain.length) lines.push(`  chain   called by ${chain.join(' <- ')}`);
    lines.push(`  why     ${r.reason}`, '');
  }
  return lines.join('\n');
}

function readInput(file: string | undefined): { text: string; name: string } {
  if (file === undefined || file === '-') {
    if (file === undefined && process.stdin.isTTY) throw new UserError('give a file, or pipe text into `sdktrace attribute -`');
    return { text: readFileSync(0, 'utf8'), name: 'standard input' };
  }
  try {
    return { text: readFileSync(file, 'utf8'), name: file };
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function register(program: Command): void {
  program
    .command('attribute')
    .description('Find stack traces in text (logcat, Frida/Xposed dumps, JSON, callstack records, <--- chains, lists) and name the responsible SDK of each.')
    .argument('[file]', "text file with one or more traces; '-' or nothing reads standard input")
    .option('--app <package>', "the app's package name: its frames are first party")
    .option('--json', 'print a JSON array, one object per trace in input order')
    .option('--catalog <path>', 'use another catalog file (default: data/catalog/sdks.json)')
    .action((file: string | undefined, opts: { app?: string; json?: boolean; catalog?: string }) => {
      const { text, name } = readInput(file);
      let catalog;
      try {
        catalog = loadCatalog(opts.catalog);
      } catch (err) {
        throw new UserError(`cannot load the SDK catalog: ${err instanceof Error ? err.message : String(err)}`);
      }
      const apiFrames = apiFramesFromHookAreas(HOOK_AREAS);
      const attributor = new Attributor(catalog, { appPackage: opts.app, apiFrames });
      const results = attributeText(text, attributor);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        return;
      }
      // Input without a trace is an input error (exit 2), like a file that cannot be read.
      if (results.length === 0) throw new UserError(`no stack trace found in ${name}: give text with frames such as "at com.example.Sdk.call(Sdk.java:12)", an arrow chain "A.b <--- C.d", or JSON stack records`, 2);
      let report = formatResults(results);
      if (!opts.app && results.some((r) => r.partyDetail === 'third-party' && r.sdk === null)) {
        report += "Note: without --app <package> the app's own frames count as unknown third-party code.\n";
      }
      process.stdout.write(report);
    });
}
