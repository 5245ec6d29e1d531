// Stack traces out of free text, for `sdktrace attribute`: logcat and Java dumps
// (`at a.b.C.m(File.java:12)`, `Caused by` with `... N more`), bare `a.b.C.m:12` lines, JSON
// `"stackTrace": [...]` arrays (of strings, StackTraceElement-like objects or [class, method, file,
// line] tuples), JSON strings holding a whole trace with literal `\n`, Python-style dict records and
// records cut off mid-way, Xiaomi `callstack:a;b;c` records (with `pkg=`), Tencent `<---` / `<[---`
// chains, Huawei bracketed comma lists (blank lines between frames), Xposed/LSPosed `[Dump Stack]`
// lines, Frida dumps (Java frames, and native `libx.so!sym` frames), tab- or comma-separated lists;
// surrounding prose and markdown are ignored. Traces come back in input order, innermost frame
// first (a trace printed caller-first is turned round). What looks like a frame but could not be
// read is reported line by line (`skipped`), so a many-frame trace is never silently read as one.
import type { Frame } from '../protocol/messages.js';

export type TraceFormat = 'java' | 'bare' | 'json' | 'records' | 'callstack' | 'arrow' | 'list' | 'xposed' | 'native';

export interface ParsedTrace {
  frames: Frame[];
  /** Native modules of native-only frames (Frida Thread.backtrace, tombstones), innermost first. */
  modules: string[];
  format: TraceFormat;
  /** 1-based line where the trace starts. */
  line: number;
  /** true when the text printed the trace caller-first and it was turned round. */
  reversed?: boolean;
  /** Frames taken from the enclosing trace for a `Caused by` block's "... N more". */
  inherited?: number;
}

/** A line (or list item) that looked like part of a trace but was not read as a frame. */
export interface SkippedLine {
  line: number;
  text: string;
  reason: string;
}

export interface TraceReading {
  traces: ParsedTrace[];
  skipped: SkippedLine[];
  /** The app's package as the text names it (`pkg=`, `packageName`, `applicationId`, 包名), if it does. */
  app: string | null;
}

const QUALIFIED = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)$/;

/** "File.java:12", "Native Method", "Unknown Source:4", "" -> [fileName, lineNumber]. */
function location(loc: string): [string | null, number] {
  const s = loc.trim();
  if (s === '' || /^unknown source$/i.test(s)) return [null, -1];
  if (/^native method$/i.test(s)) return [null, -2];
  const m = /^(.*?)(?::(-?\d+))?$/.exec(s) as RegExpExecArray;
  const file = m[1] === '' || /^unknown source$/i.test(m[1]) ? null : m[1];
  return [file, m[2] !== undefined ? Number(m[2]) : -1];
}

/**
 * Whether the text in parentheses can be a frame's location ("F.java:12", "Native Method",
 * "Unknown Source:4", "com.google.android.gms:play-services-base@@18.0.1:9", "") rather than a
 * call's arguments in a pasted code line ("getString(resolver, Secure.ANDROID_ID)").
 */
const plausibleLocation = (loc: string) => loc.length <= 160 && !/[,"'=;{}]/.test(loc);

function split(qualified: string, file: string | null, line: number): Frame | null {
  const dot = qualified.lastIndexOf('.');
  if (dot <= 0 || dot === qualified.length - 1) return null;
  return [qualified.slice(0, dot), qualified.slice(dot + 1), file, line];
}

/** Leading decoration: bullets, quotes, numbering ("3.", "3 |", a table's "3 "), "[3]", "#3", backticks, list brackets and quotes. */
const DECOR = /^(?:\s*(?:[-*+>•|]|\d+\s*[.)、:|]|\d+\s+(?=(?:at\s+)?[A-Za-z_$][\w$]*\.)|\[\d+\]|#\d+(?!\s+pc\b)|`+|\[(?!\d)|["'])\s*)+/;
/** Trailing list punctuation: separators, closing brackets, quotes, backticks. */
const TRAIL = /[\s,;\]"'`|]+$/;

/**
 * One frame written on its own: "at a.b.C.m(F.java:1)", "a.b.C.m(F.java:1)", "a.b.C.m:12",
 * "a.b.C.m". A bare name needs a package, a class and a method (three segments); standing alone on
 * a line (`strict`) its method must not look like a class either ("java.lang.Exception" is an
 * exception header, not a frame), while inside a list of frames "MdidSdkHelper.InitSdk" is fine.
 * List punctuation around it (Huawei's `[`, `,`, `]`) and a note after the location
 * ("(Native Method)[REMARK]##com.mdid.msa", logback's " ~[app.jar]") are ignored; a trailing ":"
 * (a record cut off before the line number) leaves the line unknown.
 */
export function parseFrameText(text: string, strict = false): Frame | null {
  let s = text.replace(DECOR, '').replace(TRAIL, '').trim();
  if (s.startsWith('at ')) s = s.slice(3).trim();
  const paren = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)\s*\(([^()]*)\)(?:[\s~[#].*)?$/.exec(s);
  if (paren) {
    if (!plausibleLocation(paren[2])) return null;
    const [file, line] = location(paren[2]);
    return split(paren[1], file, line);
  }
  const bare = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,})(?::(-?\d+)?)?$/.exec(s);
  if (!bare) return null;
  const method = bare[1].slice(bare[1].lastIndexOf('.') + 1);
  if (strict && /^[A-Z]/.test(method)) return null;
  return split(bare[1], null, bare[2] !== undefined ? Number(bare[2]) : -1);
}

/** Whether a frame text carries a location ("(F.java:1)", "(Native Method)", ":12"). */
const hasLocation = (item: string) => /\([^()]*\)|:-?\d+\s*[,;\]"'`]*\s*$/.test(item);

/** A frame object from JSON: StackTraceElement-like fields or a [class, method, file, line] tuple. */
function frameFromJson(x: unknown): Frame | null {
  if (typeof x === 'string') return parseFrameText(x);
  if (Array.isArray(x)) {
    if (x.length >= 2 && typeof x[0] === 'string' && typeof x[1] === 'string' && QUALIFIED.test(x[0])) {
      return [x[0], x[1], typeof x[2] === 'string' ? x[2] : null, typeof x[3] === 'number' ? x[3] : -1];
    }
    return null;
  }
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const cls = o.className ?? o.declaringClass ?? o.class ?? o.clazz ?? o.cls;
    const method = o.methodName ?? o.method;
    if (typeof cls !== 'string' || typeof method !== 'string' || !QUALIFIED.test(cls) && !/^[\w$]+$/.test(cls)) return null;
    const file = o.fileName ?? o.file;
    const line = o.lineNumber ?? o.line;
    return [cls, method, typeof file === 'string' ? file : null, typeof line === 'number' ? line : -1];
  }
  return null;
}

/** Every array in a JSON value whose items are all frames, in document order. */
function framesInJson(value: unknown, out: Frame[][]): void {
  if (Array.isArray(value)) {
    if (value.length > 0) {
      const frames = value.map(frameFromJson);
      if (frames.every((f): f is Frame => f !== null)) {
        out.push(frames);
        return;
      }
    }
    for (const v of value) framesInJson(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) framesInJson(v, out);
  }
}

/** End index (exclusive) of the JSON array or object starting at `start`, or -1. */
function balanced(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

interface Found {
  offset: number;
  trace: ParsedTrace;
}

/** 1-based line of an offset, by binary search over the offsets where lines start. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Blanks spans of `text` (keeping newlines, so line numbers stay right) in one pass. */
function blank(text: string, spans: [number, number][]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    parts.push(text.slice(at, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** JSON stack arrays (whole document, or keyed arrays embedded in prose); blanks them out of `text`. */
function extractJson(text: string, found: Found[]): string {
  const lineAt = lineIndex(text);
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && (() => { try { JSON.parse(trimmed); return true; } catch { return false; } })()) {
    const traces: Frame[][] = [];
    framesInJson(JSON.parse(trimmed), traces);
    if (traces.length) {
      const offset = text.indexOf(trimmed);
      for (const frames of traces) found.push({ offset, trace: { frames, modules: [], format: 'json', line: lineAt(offset) } });
      return text.replace(/[^\n]/g, ' ');
    }
  }
  const spans: [number, number][] = [];
  const key = /"(?:stackTrace|stacktrace|stack_trace|stack|frames|callStack|callstack|backtrace|trace|stacks)"\s*:\s*([[{])/g;
  for (let m = key.exec(text); m !== null; m = key.exec(text)) {
    const start = m.index + m[0].length - 1;
    const end = balanced(text, start);
    if (end < 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch {
      continue;
    }
    const traces: Frame[][] = [];
    framesInJson(value, traces);
    if (traces.length === 0) continue;
    for (const frames of traces) found.push({ offset: start, trace: { frames, modules: [], format: 'json', line: lineAt(start) } });
    spans.push([start, end]);
    key.lastIndex = end;
  }
  return blank(text, spans);
}

/**
 * JSON strings holding a whole printed trace with escaped newlines ("stack": "java.lang.Throwable\n\tat
 * a.b.C.m(C.java:1)\n..."): each is unescaped and read on its own, at the line of the string.
 */
function extractEscapedStrings(text: string, found: Found[], skipped: SkippedLine[]): string {
  const lineAt = lineIndex(text);
  const spans: [number, number][] = [];
  const str = /"((?:[^"\\\n]|\\.)*)("|$)/gm;
  for (let m = str.exec(text); m !== null; m = str.exec(text)) {
    const raw = m[1];
    if (!/\\n/.test(raw) || !/[\w$]\.[\w$<>-]+\s*\(|\bat\s+[\w$]+\./.test(raw)) continue;
    let inner: string;
    try {
      inner = m[2] === '"' ? (JSON.parse(`"${raw}"`) as string) : raw.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    } catch {
      inner = raw.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"');
    }
    const sub = readTraces(inner);
    if (sub.traces.length === 0) continue;
    const line = lineAt(m.index);
    for (const t of sub.traces) found.push({ offset: m.index, trace: { ...t, line } });
    for (const s of sub.skipped) skipped.push({ ...s, line, reason: `${s.reason} (inside the escaped string)` });
    spans.push([m.index, m.index + m[0].length]);
  }
  return blank(text, spans);
}

/**
 * Flat records with className/methodName fields, JSON or Python-style ({'className': 'a.B', ...}),
 * one after another (commas, brackets and whitespace between them), possibly cut off: the complete
 * records are read and a cut-off one is reported as skipped. Covers records the JSON pass cannot
 * parse (single quotes, a trailing comma, a truncated document).
 */
function extractRecords(text: string, found: Found[], skipped: SkippedLine[]): string {
  const lineAt = lineIndex(text);
  const spans: [number, number][] = [];
  const field = (body: string, names: string): string | null => {
    const m = new RegExp(`["']?(?:${names})["']?\\s*[:=]\\s*(?:["']([^"'\\n]*)["']|(-?\\d+))`).exec(body);
    return m ? (m[1] ?? m[2]) : null;
  };
  const rec = /\{([^{}]*)(\}|$)/g;
  let current: { frames: Frame[]; start: number; end: number } | null = null;
  const flush = () => {
    if (current && current.frames.length) {
      found.push({ offset: current.start, trace: { frames: current.frames, modules: [], format: 'records', line: lineAt(current.start) } });
      spans.push([current.start, current.end]);
    }
    current = null;
  };
  for (let m = rec.exec(text); m !== null; m = rec.exec(text)) {
    const body = m[1];
    if (!/className|declaringClass/.test(body)) continue;
    const cls = field(body, 'className|declaringClass');
    const method = field(body, 'methodName');
    const complete = m[2] === '}';
    const gap = current ? text.slice((current as { end: number }).end, m.index) : '';
    if (current && !/^[\s,[\]]*$/.test(gap)) flush();
    if (!complete || cls === null || method === null || !QUALIFIED.test(cls) && !/^[\w$]+$/.test(cls)) {
      skipped.push({ line: lineAt(m.index), text: m[0].trim().slice(0, 120), reason: complete ? 'a record without className and methodName' : 'a record cut off before its end' });
      if (current) (current as { end: number }).end = m.index + m[0].length;
      else spans.push([m.index, m.index + m[0].length]);
      continue;
    }
    const file = field(body, 'fileName');
    const line = field(body, 'lineNumber');
    const frame: Frame = [cls, method, file === null || file === '' ? null : file, line !== null && /^-?\d+$/.test(line) ? Number(line) : -1];
    if (!current) current = { frames: [], start: m.index, end: m.index };
    (current as { frames: Frame[] }).frames.push(frame);
    (current as { end: number }).end = m.index + m[0].length;
  }
  flush();
  return blank(text, spans);
}

const AT = /\bat\s+([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)\s*\(([^()]*)\)/;
const AT_BARE = /^\s*(?:[-*>]\s*)?at\s+([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,})\s*$/;
const CALLSTACK = /\bcall\s*stack\s*[:=：]\s*(.+)$/i;
/** Tencent MyApp and Xiaomi chains: "<---", "<--", "<[---" (a Markdown-mangled variant), "←". */
const ARROW = /\s*(?:<\[?-{2,3}|←)\s*/;
/** Xposed/LSPosed "[Dump Stack]3: com.a.B----B.java----12----method" (class, file, line, method). */
const XPOSED = /([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)----([^\s-][^\s]*?|)----(-?\d+)----([\w$<>-]+)/;
/** Frida DebugSymbol ("0x7b12 libjcore220.so!0x1a2b"), tombstone ("#00 pc 0001a2b /data/.../libx.so (sym+12)"). */
const NATIVE = /(?:^|[\s(])((?:\/[^\s()]+\/)?[\w.+-]+\.so(?:\.\d+)*)(?:!|\s*\(|\s+\+|\s*$)/;
const CONTINUATION = /\.\.\.\s*(\d+)\s+more\s*$/;
const CAUSED_BY = /\b(?:Caused by|Suppressed):/;
/** A line that reads as a comment pasted into a trace ("// I register it here"), not a trace end. */
const COMMENT = /^\s*(?:\/\/|#(?!\d)|<!--)/;
/** A located frame anywhere in a line: two or more on one line are all read (a PDF or table copy joined them). */
const FRAME_TOKEN = /(?:^|[^\w$.])([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,})\s*\(([^()]*)\)/g;
/** "a.b.C.m:12" tokens: a line made only of two or more of them (space-separated) is read whole. */
const BARE_TOKEN = /(?:^|\s)([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,}):(-?\d+)(?=\s|$)/g;
/** The start of a frame broken across lines ("at com.a.b.Cl" + "ass.m(C.java:1)"). */
const BROKEN_START = /^\s*(?:at\s+)?[A-Za-z_$][\w$]*(?:\.[\w$<>-]*)+(?:\([^()]*)?\s*$/;
/** A dotted name followed by a location, anywhere (counted to notice lines of frames that were not read). */
const LOCATED_NAME = /[A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,}(?::\d+|\s*\()/g;
/** Something frame-like that failed to read: worth reporting as skipped when next to a trace. */
const FRAMEISH = /(?:^|\s|\bat\s+)[A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,}(?:\s*\(|:\d|$)/;

/**
 * Frames of a one-line list. Prose may lead into the first item ("getMacAddress: a.b.C.m <--- ...")
 * and trail the last, so those may be cut to one word. `tolerant` (callstack records and arrow
 * chains, whose separators are unambiguous) keeps the frames it can read and reports the rest, and
 * drops a last item cut off mid-name (no location where the others have one); otherwise (tabs,
 * commas) every item must be a frame, and with `needLocation` (commas) one with a location, since a
 * comma-separated list of dotted names in prose is more often a list of packages than a trace.
 */
function listFrames(parts: string[], tolerant: boolean, bad: string[] = [], needLocation = !tolerant): Frame[] | null {
  const items = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (items.length < 2 && !tolerant) return null;
  const last = items.length - 1;
  const located = items.filter(hasLocation).length;
  const frames: Frame[] = [];
  for (let i = 0; i <= last; i++) {
    const p = items[i];
    let f = parseFrameText(p);
    if (!f && (i === 0 || i === last)) {
      const words = p.split(/\s+/);
      const word = i === 0 ? words[words.length - 1] : words[0];
      f = parseFrameText(word.replace(/^.*[^\x00-\x7f]/, ''));
    }
    if (!tolerant) {
      if (!f || (needLocation && !hasLocation(p))) return null;
    } else if (f && i === last && i > 0 && located >= last && !hasLocation(p) && !/:\s*$/.test(p)) {
      bad.push(p);
      continue;
    }
    if (f) frames.push(f);
    else bad.push(p);
  }
  if (frames.length === 0 || (!tolerant && frames.length < 2)) return null;
  return frames;
}

/** Thread roots: a trace that starts with one of these and ends elsewhere was printed caller-first. */
const ROOTS = [
  /^java\.lang\.Thread\.run$/, /^com\.android\.internal\.os\.ZygoteInit\.main$/, /^com\.android\.internal\.os\.RuntimeInit\$MethodAndArgsCaller\.run$/,
  /^android\.app\.ActivityThread\.main$/, /^android\.os\.Looper\.loop$/, /^java\.util\.concurrent\.ThreadPoolExecutor\$Worker\.run$/,
];
const isRoot = (f: Frame) => ROOTS.some((r) => r.test(`${f[0]}.${f[1]}`));

function orient(t: ParsedTrace): ParsedTrace {
  const fr = t.frames;
  if (fr.length >= 2 && isRoot(fr[0]) && !isRoot(fr[fr.length - 1])) return { ...t, frames: [...fr].reverse(), reversed: true };
  return t;
}

/** Accumulates consecutive frame lines into one trace; anything else ends it. */
class Collector {
  readonly found: Found[] = [];
  private current: ParsedTrace | null = null;
  private currentOffset = 0;
  /** The trace a `Caused by` block belongs to, for its "... N more". */
  private enclosing: ParsedTrace | null = null;
  private causeNext = false;
  /** The trace a `Caused by` block was opened for (its "... N more" applies only to it). */
  private causeOf: ParsedTrace | null = null;
  private lastClosed: ParsedTrace | null = null;

  close(): void {
    const c = this.current;
    if (c && (c.frames.length || c.modules.length)) {
      this.found.push({ offset: this.currentOffset, trace: c });
      this.lastClosed = c;
    }
    this.current = null;
  }

  /**
   * A `Caused by:` header: the next trace is the cause of the one just read, whose full frames
   * (its own "... N more" already filled in) are what the cause's "... N more" refers to.
   */
  cause(): void {
    this.close();
    if (this.lastClosed) {
      this.enclosing = this.lastClosed;
      this.causeNext = true;
    }
  }

  /**
   * "... N more": the last N frames of a cause are those of the enclosing trace (Throwable's
   * printEnclosedTrace omits the frames in common), so they are taken from it.
   */
  more(n: number): void {
    const c = this.current;
    const e = this.enclosing;
    if (c && e && c !== e && c.inherited === undefined && this.causeOf === c && n > 0 && n <= e.frames.length) {
      c.frames.push(...e.frames.slice(e.frames.length - n));
      c.inherited = n;
    }
  }

  /** A trace written on one line (callstack record, arrow chain, list). */
  emit(frames: Frame[], format: TraceFormat, offset: number, line: number): void {
    this.close();
    this.found.push({ offset, trace: { frames, modules: [], format, line } });
    this.enclosing = null;
  }

  /** One more frame (or native module) of a multi-line trace; Java and native frames do not mix. */
  add(frame: Frame | null, module: string | null, format: TraceFormat, offset: number, line: number): void {
    let c = this.current;
    const native = module !== null;
    if (c !== null && native !== (c.frames.length === 0)) this.close();
    c = this.current;
    if (c === null) {
      c = { frames: [], modules: [], format, line };
      this.current = c;
      this.currentOffset = offset;
      if (this.causeNext) this.causeOf = c;
      else this.enclosing = null;
      this.causeNext = false;
    }
    if (frame) c.frames.push(frame);
    if (module) c.modules.push(module);
  }

  get open(): boolean {
    return this.current !== null;
  }

  get format(): TraceFormat | null {
    return this.current?.format ?? null;
  }
}

/** The app's package when the text names it. */
const APP_PATTERNS = [
  /\bpkg\s*[=:：]\s*([A-Za-z][\w]*(?:\.[\w]+)+)/,
  /["']?(?:packageName|package_name|applicationId|appPackage|bundleId)["']?\s*[=:：]?\s*["']?([A-Za-z][\w]*(?:\.[\w]+)+)/,
  /(?:包名|应用包名|违规包名)\s*[:：=]?\s*(?:pkg\s*=\s*)?([A-Za-z][\w]*(?:\.[\w]+)+)/,
  /^\s*package\s*[:：]\s*([A-Za-z][\w]*(?:\.[\w]+)+)\s*$/m,
];

export function appPackageInText(text: string): string | null {
  for (const p of APP_PATTERNS) {
    const m = p.exec(text);
    if (m) return m[1];
  }
  return null;
}

export function parseTraces(input: string): ParsedTrace[] {
  return readTraces(input).traces;
}

export function readTraces(input: string): TraceReading {
  const text = input.replace(/\r\n?/g, '\n');
  const found: Found[] = [];
  const skipped: SkippedLine[] = [];
  let rest = extractJson(text, found);
  rest = extractEscapedStrings(rest, found, skipped);
  rest = extractRecords(rest, found, skipped);
  const lines = rest.split('\n');
  const c = new Collector();
  let offset = 0;
  /** The last frame line ended in a list separator (Huawei "frame,"): a blank line does not end the list. */
  let continues = false;
  /** Lines not read, held until we know whether a trace continues after them. */
  let pending: SkippedLine[] = [];
  /** The last frame line had a location in parentheses (so an "at a.b.C.m" without one is cut off). */
  let lastParen = false;
  for (let n = 0; n < lines.length; offset += lines[n].length + 1, n++) {
    const line = lines[n];
    const ln = n + 1;
    const frameLine = (frame: Frame | null, format: TraceFormat) => {
      c.add(frame, null, format, offset, ln);
      if (pending.length) skipped.push(...pending);
      pending = [];
      continues = /[,;]\s*$/.test(line);
      lastParen = /\)/.test(line);
    };
    if (line.trim() === '') {
      if (!continues) c.close();
      continue;
    }
    // "a t" alone: a PDF copy split the "at" of the next frame off its line; the trace goes on.
    if (c.open && /^\s*a\s?t\s*$/.test(line)) continue;
    const cs = CALLSTACK.exec(line);
    if (cs) {
      const bad: string[] = [];
      const frames = listFrames(cs[1].split(/\s*;\s*/), true, bad);
      for (const b of bad) skipped.push({ line: ln, text: b.slice(0, 160), reason: 'an item of the callstack record that is not a frame' });
      if (frames) c.emit(frames, 'callstack', offset, ln);
      else c.close();
      continue;
    }
    if (ARROW.test(line)) {
      const bad: string[] = [];
      const frames = listFrames(line.replace(DECOR, '').split(ARROW), true, bad);
      if (frames && (frames.length >= 2 || !c.open)) {
        for (const b of bad) skipped.push({ line: ln, text: b.slice(0, 160), reason: 'an item of the <--- chain that is not a whole frame' });
        if (frames.length === 1 && c.open) frameLine(frames[0], c.format ?? 'arrow');
        else c.emit(frames, 'arrow', offset, ln);
        continue;
      }
    }
    const many = [...line.matchAll(FRAME_TOKEN)].filter((m) => plausibleLocation(m[2]));
    if (many.length >= 2 && !XPOSED.test(line)) {
      for (const m of many) {
        const [file, num] = location(m[2]);
        frameLine(split(m[1], file, num), c.format ?? 'list');
      }
      // What is left once the located frames are taken out: a dotted name there is a frame cut off.
      const rest = line.replace(FRAME_TOKEN, ' ');
      const tail = /[A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,}[^\s"',\]]*/.exec(rest);
      if (tail) skipped.push({ line: ln, text: tail[0].slice(0, 160), reason: 'a frame without a location among located ones (cut off?)' });
      continue;
    }
    const bareMany = [...line.matchAll(BARE_TOKEN)];
    if (bareMany.length >= 2 && line.replace(BARE_TOKEN, ' ').trim() === '') {
      for (const m of bareMany) frameLine(split(m[1], null, Number(m[2])), c.format ?? 'list');
      continue;
    }
    // A frame broken across two lines (text copied out of a PDF or a narrow table column).
    if (BROKEN_START.test(line) && n + 1 < lines.length && !parseFrameText(line, true) && !AT.test(line)) {
      const joined = `${line.trimEnd()}${lines[n + 1].trim()}`;
      const at2 = AT.exec(joined);
      const f = at2 && /^\s*at\s/.test(joined) ? split(at2[1], ...location(at2[2])) : parseFrameText(joined, true);
      // The next line on its own may parse as a package-less class ("fig.getImei(...)"): still the tail.
      const alone = parseFrameText(lines[n + 1], true);
      if (f && hasLocation(joined) && (!alone || !alone[0].includes('.')) && !AT.test(lines[n + 1])) {
        frameLine(f, c.format ?? (at2 ? 'java' : 'bare'));
        offset += line.length + 1;
        n++;
        continue;
      }
    }
    const xp = XPOSED.exec(line);
    if (xp) {
      frameLine([xp[1], xp[4], xp[2] === '' ? null : xp[2], Number(xp[3])], 'xposed');
      continue;
    }
    if (CAUSED_BY.test(line) && !AT.test(line)) {
      c.cause();
      continue;
    }
    const at = AT.exec(line);
    if (at && plausibleLocation(at[2])) {
      const [file, num] = location(at[2]);
      frameLine(split(at[1], file, num), 'java');
      continue;
    }
    const atBare = AT_BARE.exec(line);
    if (atBare && c.open && c.format === 'java' && lastParen) {
      skipped.push({ line: ln, text: line.trim().slice(0, 160), reason: 'a frame cut off before its location' });
      c.close();
      continue;
    }
    if (atBare) {
      frameLine(split(atBare[1], null, -1), 'java');
      continue;
    }
    const single = parseFrameText(line, true);
    if (single) {
      frameLine(single, c.format ?? 'bare');
      continue;
    }
    const list = (line.includes('\t') ? listFrames(line.split('\t'), false, [], false) : null) ?? listFrames(line.split(/\t|,|;/), false, [], true);
    if (list) {
      c.emit(list, 'list', offset, ln);
      continue;
    }
    const nat = NATIVE.exec(line);
    if (nat && /(^|\s)(0x[0-9a-f]+|#\d+\s+pc)\b|!/i.test(line)) {
      c.add(null, nat[1], 'native', offset, ln);
      continue;
    }
    const more = CONTINUATION.exec(line);
    if (more) {
      c.more(Number(more[1]));
      continue;
    }
    if (c.open && COMMENT.test(line)) {
      pending.push({ line: ln, text: line.trim().slice(0, 160), reason: 'a comment inside the trace' });
      continue;
    }
    if (c.open && FRAMEISH.test(line)) skipped.push({ line: ln, text: line.trim().slice(0, 160), reason: 'looks like a frame but could not be read (cut off or malformed)' });
    else if (!c.open && (line.match(LOCATED_NAME) ?? []).length >= 2) {
      skipped.push({ line: ln, text: line.trim().slice(0, 160), reason: 'holds several frame-like names but no separator this reader knows' });
    }
    pending = [];
    continues = false;
    c.close();
  }
  c.close();
  const traces = [...found, ...c.found].sort((a, b) => a.offset - b.offset).map((f) => orient(f.trace));
  skipped.sort((a, b) => a.line - b.line);
  return { traces, skipped, app: appPackageInText(text) };
}
