// `sdktrace attribute [FILE|-] [--app PACKAGE] [--format text|json|md]`: finds the stack traces in
// free text (app-store rejection reports, logcat, Frida/Xposed dumps, JSON and dict records,
// callstack records, arrow chains, lists; prose and markdown around them are ignored) and says, per
// trace, which privacy API it shows, which SDK is responsible and why, with a paragraph in English
// and Chinese a developer can paste into the reply to the store. The app's package comes from
// --app or, failing that, from the text itself (pkg=, packageName, applicationId).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HOOK_AREAS } from '../../agent/catalog/index.js';
import { Attributor, apiFramesFromHookAreas, loadCatalog, type Attribution } from '../../attribution/index.js';
import { isSystemModule } from '../../attribution/rules/native.js';
import { readTraces, type ParsedTrace, type SkippedLine } from '../../attribution/trace-text.js';
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
  /** Whether the text printed this trace caller-first (it was turned round). */
  reversed?: boolean;
  /** A paragraph for the reply to the store, in English and in Chinese. */
  explanation: { en: string; zh: string };
}

export interface AttributeOutput {
  traces: TraceResult[];
  /** Lines that looked like frames but were not read. */
  skipped: SkippedLine[];
  /** The app package used, and where it came from. */
  app: string | null;
  appFrom: 'option' | 'text' | null;
}

/** Obfuscated or platform-only code is not the app's and not an identified third party's. */
const coarseParty = (p: Attribution['party']): TraceResult['party'] => (p === 'third-party' || p === 'first-party' ? p : 'unknown');

/**
 * Reads every trace in `text` and attributes it. `attributorFor` builds the attributor for the app
 * package in force: --app when given, else the package the text names (a store report's pkg=).
 */
export function attributeText(text: string, attributorFor: (app: string | undefined) => Attributor, opts: { app?: string } = {}): AttributeOutput {
  const reading = readTraces(text);
  const app = opts.app ?? reading.app ?? undefined;
  const appFrom = opts.app ? 'option' : reading.app ? 'text' : null;
  const attributor = attributorFor(app);
  const traces = reading.traces.map((t, i) => {
    let a: Attribution;
    if (t.frames.length > 0) a = attributor.stack(t.frames);
    else {
      const module = t.modules.find((m) => !isSystemModule(m)) ?? t.modules[0];
      a = attributor.native(module);
    }
    const api = a.apiIndex !== null && t.frames.length > 0 ? t.frames[a.apiIndex] : undefined;
    const r: TraceResult = {
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
      ...(t.reversed ? { reversed: true } : {}),
      explanation: { en: '', zh: '' },
    };
    r.explanation = explain(r, attributor, app);
    return r;
  });
  return { traces, skipped: reading.skipped, app: app ?? null, appFrom };
}

/** The SDK's Chinese name when the catalog has one. */
function zhName(attributor: Attributor, sdk: NonNullable<TraceResult['sdk']>): string {
  const e = attributor.catalog.get(sdk.id)?.entry;
  return e?.nameZh ? `${e.nameZh}（${sdk.name}）` : sdk.name;
}

/** One paragraph per language, built from the result only (no fact that the result does not hold). */
export function explain(r: TraceResult, attributor: Attributor, app: string | undefined): { en: string; zh: string } {
  const api = r.api ?? 'the privacy-relevant API';
  const apiZh = r.api ?? '该隐私相关接口';
  const frame = r.frame ?? '(no frame)';
  const chainEn = r.chain.length ? ` It was in turn called by ${r.chain.map((c) => c.name).join(', then ')}.` : '';
  const chainZh = r.chain.length ? `其外层调用方依次为 ${r.chain.map((c) => zhName(attributor, c)).join('、')}。` : '';
  const byApp = r.calledByApp ? ` The app's own code (${app}) is further out on the stack: it started the SDK, the SDK made the call.` : '';
  const byAppZh = r.calledByApp ? `应用自身代码（${app}）位于更外层：应用初始化或调用了该 SDK，实际调用由 SDK 发起。` : '';
  if (r.sdk) {
    const who = `${r.sdk.name}${r.sdk.vendor ? ` (${r.sdk.vendor})` : ''}`;
    const whoZh = `${zhName(attributor, r.sdk)}${r.sdk.vendor ? `（${r.sdk.vendor}）` : ''}`;
    return {
      en: `The call to ${api} shown in this stack trace was made by the third-party SDK ${who}, not by the app's own code: the first caller after the system frames is ${frame}${r.matched ? `, which lies in ${r.matched}, a package of that SDK` : ''}.${chainEn}${byApp}`,
      zh: `该调用栈中对 ${apiZh} 的调用由第三方 SDK ${whoZh} 发起，而非应用自身代码：系统帧之后的第一个调用方为 ${frame}${r.matched ? `，属于该 SDK 的包 ${r.matched}` : ''}。${chainZh}${byAppZh}`,
    };
  }
  switch (r.partyDetail) {
    case 'first-party':
      return {
        en: `The call to ${api} was made by the app's own code: the first caller after the system frames is ${frame}, in the app's package ${app}.${chainEn}`,
        zh: `对 ${apiZh} 的调用由应用自身代码发起：系统帧之后的第一个调用方为 ${frame}，位于应用包 ${app} 内。${chainZh}`,
      };
    case 'obfuscated':
      return {
        en: `The first caller of ${api} after the system frames is ${frame}, an obfuscated class (${r.prefix}); obfuscated code cannot be tied to an SDK from its name alone, so check the mapping file.${chainEn}`,
        zh: `系统帧之后 ${apiZh} 的第一个调用方为 ${frame}，属于混淆类（${r.prefix}）；仅凭类名无法确定其所属 SDK，请对照 mapping 文件确认。${chainZh}`,
      };
    case 'platform':
    case 'unknown':
      if (r.bridge) {
        const side = r.bridge === 'flutter' ? 'Dart' : 'JavaScript';
        const name = r.bridge === 'flutter' ? 'Flutter' : r.bridge === 'react-native' ? 'React Native' : 'Cordova';
        return {
          en: `Only Android system frames and the ${name} engine follow the call to ${api}: it was requested from the ${side} side, whose caller (the app's code or a ${name} plugin's ${side} part) is not on the Java stack.`,
          zh: `${apiZh} 之后只有 Android 系统帧和 ${name} 引擎帧：调用来自 ${side} 侧，其调用方（应用代码或 ${name} 插件的 ${side} 部分）不在 Java 调用栈上。`,
        };
      }
      return {
        en: `This stack trace holds only Android or Java system frames${r.frame ? ` up to ${frame}` : ''}; the code that caused the call is not on it (the trace may have been cut off).`,
        zh: `该调用栈只包含 Android/Java 系统帧${r.frame ? `（至 ${frame}）` : ''}，引发调用的代码不在栈上（调用栈可能被截断）。`,
      };
    default:
      return {
        en: `The call to ${api} was made by ${frame}, in package ${r.prefix ?? 'unknown'}, which is neither a known SDK nor${app ? ` the app's package ${app}` : ' a package named as the app (give --app)'}.${chainEn}`,
        zh: `对 ${apiZh} 的调用由 ${frame}（包 ${r.prefix ?? '未知'}）发起，该包既不是已知 SDK，也不${app ? `是应用包 ${app}` : '是已指明的应用包（可用 --app 指定）'}。${chainZh}`,
      };
  }
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
    lines.push(`  why     ${r.reason}`);
    if (r.reversed) lines.push('  note    printed caller-first; read innermost first');
    lines.push(`  en      ${r.explanation.en}`, `  zh      ${r.explanation.zh}`, '');
  }
  return lines.join('\n');
}

/** Markdown: one section per trace, the explanation as quotable paragraphs. */
export function formatMarkdown(out: AttributeOutput): string {
  const md: string[] = ['# Stack trace attribution', ''];
  if (out.app) md.push(`App package: \`${out.app}\` (${out.appFrom === 'option' ? '--app' : 'named in the text'})`, '');
  for (const r of out.traces) {
    md.push(`## Trace ${r.trace} (line ${r.line}, ${r.format}, ${r.frames} frame${r.frames === 1 ? '' : 's'})`, '');
    md.push('| | |', '|---|---|');
    md.push(`| API | ${r.api ? `\`${r.api}\`` : '(none found)'} |`);
    md.push(`| Decisive frame | ${r.frame ? `\`${r.frame}\` (#${r.frameIndex})` : '(none)'} |`);
    md.push(`| SDK | ${r.sdk ? `${r.sdk.name}${r.sdk.vendor ? `, ${r.sdk.vendor}` : ''} (\`${r.sdk.id}\`, ${r.sdk.category})` : '(none identified)'} |`);
    md.push(`| Party | ${r.partyDetail} |`);
    const chain = [...r.chain.map((c) => c.name), ...(r.calledByApp ? ['the app'] : [])];
    md.push(`| Chain | ${chain.length ? chain.join(' ← ') : '(none)'} |`, '');
    md.push(`> ${r.explanation.en}`, '', `> ${r.explanation.zh}`, '');
  }
  if (out.skipped.length) md.push('## Skipped lines', '', ...out.skipped.map((s) => `- line ${s.line}: ${s.reason}: \`${s.text.replace(/`/g, "'")}\``), '');
  return md.join('\n');
}

/** The skipped-lines note for text output (stderr), or ''. */
export function skippedNote(skipped: readonly SkippedLine[]): string {
  if (skipped.length === 0) return '';
  return `Skipped ${skipped.length} line${skipped.length === 1 ? '' : 's'} or list item${skipped.length === 1 ? '' : 's'} that looked like frames but were not read:\n${skipped.map((s) => `  line ${s.line}: ${s.reason}: ${s.text}`).join('\n')}\n`;
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
    .description('Find stack traces in text (store rejection reports, logcat, Frida/Xposed dumps, JSON, callstack records, <--- chains, lists) and name the responsible SDK of each.')
    .argument('[file]', "text file with one or more traces; '-' or nothing reads standard input")
    .option('--app <package>', "the app's package name: its frames are first party (default: the package the text names, e.g. pkg=)")
    .option('--format <format>', 'text, json or md', 'text')
    .option('--json', 'same as --format json: a JSON array, one object per trace in input order')
    .option('--catalog <path>', 'use another catalog file (default: data/catalog/sdks.json)')
    .action((file: string | undefined, opts: { app?: string; json?: boolean; format: string; catalog?: string }) => {
      const format = opts.json ? 'json' : opts.format;
      if (!['text', 'json', 'md'].includes(format)) throw new UserError(`--format ${format}: use text, json or md`);
      const { text, name } = readInput(file);
      let catalog: ReturnType<typeof loadCatalog>;
      try {
        catalog = loadCatalog(opts.catalog);
      } catch (err) {
        throw new UserError(`cannot load the SDK catalog: ${err instanceof Error ? err.message : String(err)}`);
      }
      const apiFrames = apiFramesFromHookAreas(HOOK_AREAS);
      const out = attributeText(text, (app) => new Attributor(catalog, { appPackage: app, apiFrames }), { app: opts.app });
      if (out.traces.length === 0) {
        const why = text.trim() === '' ? `${name} is empty` : `no stack frame found in ${name}`;
        const seen = out.skipped.length ? `; ${out.skipped.length} line(s) looked like frames but could not be read:\n${out.skipped.map((s) => `  line ${s.line}: ${s.reason}: ${s.text}`).join('\n')}` : '';
        throw new UserError(`${why}${seen}\nPaste the stack trace itself (e.g. "at a.b.C.m(C.java:1)" lines, a callstack: record, a <--- chain or the store's frame list).`, 2);
      }
      // Skipped lines go to stderr in every format, so stdout stays the records alone.
      const note = skippedNote(out.skipped);
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(out.traces.map((t) => ({ ...t, app: out.app })), null, 2)}\n`);
        if (note) process.stderr.write(note);
        return;
      }
      if (format === 'md') {
        // The Markdown has its own "Skipped lines" section.
        process.stdout.write(formatMarkdown(out));
        return;
      }
      let report = out.app ? `App package ${out.app} (${out.appFrom === 'option' ? '--app' : 'named in the text'})\n\n` : '';
      report += formatResults(out.traces);
      if (!out.app && out.traces.some((r) => r.partyDetail === 'third-party' && r.sdk === null)) {
        report += "Note: without --app <package> the app's own frames count as unknown third-party code.\n";
      }
      process.stdout.write(report);
      if (note) process.stderr.write(note);
    });
}
