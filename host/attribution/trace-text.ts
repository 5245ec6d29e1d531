// Stack traces out of free text, for `sdktrace attribute`: logcat and Java dumps
// (`at a.b.C.m(File.java:12)`), bare `a.b.C.m:12` lines, JSON `"stackTrace": [...]` arrays (of
// strings, StackTraceElement-like objects or [class, method, file, line] tuples), `callstack:a;b;c`
// records, `<---` chains, Frida/Xposed dumps (Java frames, and native `libx.so!sym` frames), tab-
// or comma-separated lists; surrounding prose and markdown are ignored. Traces come back in input
// order, innermost frame first, as the input wrote them.
import type { Frame } from '../../protocol/messages.js';

export type TraceFormat = 'java' | 'bare' | 'json' | 'callstack' | 'arrow' | 'list' | 'native';

export interface ParsedTrace {
  frames: Frame[];
  /** Native modules of native-only frames (Frida Thread.backtrace, tombstones), innermost first. */
  modules: string[];
  format: TraceFormat;
  /** 1-based line where the trace starts. */
  line: number;
}

const QUALIFIED = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)$/;

/** "File.java:12", "Native Method", "Unknown Source:4", "" -> [fileName, lineNumber]. */
function location(loc: string): [string | null, number] {
  const s = loc.trim();
  if (s === '' || /^unknown source$/i.test(s)) return [null, -1];
  if (/^native method$/i.test(s)) return [null, -2];
  const m = /^(.*?)(?::(\d+))?$/.exec(s) as RegExpExecArray;
  const file = m[1] === '' || /^unknown source$/i.test(m[1]) ? null : m[1];
  return [file, m[2] !== undefined ? Number(m[2]) : -1];
}

function split(qualified: string, file: string | null, line: number): Frame | null {
  const dot = qualified.lastIndexOf('.');
  if (dot <= 0 || dot === qualified.length - 1) return null;
  return [qualified.slice(0, dot), qualified.slice(dot + 1), file, line];
}

/** Leading decoration: bullets, quotes, numbering, "[3]", "#3", backticks. */
const DECOR = /^(?:\s*(?:[-*+>•|]|\d+[.)]|\[\d+\]|#\d+(?!\s+pc\b)|`+)\s*)+/;

/**
 * One frame written on its own: "at a.b.C.m(F.java:1)", "a.b.C.m(F.java:1)", "a.b.C.m:12",
 * "a.b.C.m". A bare name needs a package, a class and a method (three segments); standing alone on
 * a line (`strict`) its method must not look like a class either ("java.lang.Exception" is an
 * exception header, not a frame), while inside a list of frames "MdidSdkHelper.InitSdk" is fine.
 */
export function parseFrameText(text: string, strict = false): Frame | null {
  let s = text.replace(DECOR, '').replace(/`+\s*$/, '').trim();
  if (s.startsWith('at ')) s = s.slice(3).trim();
  const paren = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)\s*\(([^()]*)\)$/.exec(s);
  if (paren) {
    const [file, line] = location(paren[2]);
    return split(paren[1], file, line);
  }
  const bare = /^([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,})(?::(\d+))?$/.exec(s);
  if (!bare) return null;
  const method = bare[1].slice(bare[1].lastIndexOf('.') + 1);
  if (strict && /^[A-Z]/.test(method)) return null;
  return split(bare[1], null, bare[2] !== undefined ? Number(bare[2]) : -1);
}

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
  if (spans.length === 0) return text;
  // Blank the consumed JSON (keeping newlines, so line numbers stay right) in one pass.
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    parts.push(text.slice(at, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

const AT = /\bat\s+([A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+)\s*\(([^()]*)\)/;
const AT_BARE = /^\s*(?:[-*>]\s*)?at\s+([A-Za-z_$][\w$]*(?:\.[\w$<>-]+){2,})\s*$/;
const CALLSTACK = /\bcall\s*stack\s*[:=]\s*(.+)$/i;
const ARROW = /\s*(?:<-{1,3}|←)\s*/;
/** Frida DebugSymbol ("0x7b12 libjcore220.so!0x1a2b"), tombstone ("#00 pc 0001a2b /data/.../libx.so (sym+12)"). */
const NATIVE = /(?:^|[\s(])((?:\/[^\s()]+\/)?[\w.+-]+\.so(?:\.\d+)*)(?:!|\s*\(|\s+\+|\s*$)/;
const CONTINUATION = /\.\.\.\s*\d+\s+more\s*$/;

/**
 * Frames of a one-line list; null unless every item is a frame. Prose may lead into the first
 * item ("getMacAddress: a.b.C.m <--- ...") and trail the last, so those may be cut to one word.
 */
function listFrames(parts: string[]): Frame[] | null {
  const items = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (items.length < 2) return null;
  const last = items.length - 1;
  const frames = items.map((p, i) => {
    const f = parseFrameText(p);
    if (f || (i !== 0 && i !== last)) return f;
    const words = p.split(/\s+/);
    return parseFrameText(i === 0 ? words[words.length - 1] : words[0]);
  });
  return frames.every((f): f is Frame => f !== null) ? frames : null;
}

/** Accumulates consecutive frame lines into one trace; anything else ends it. */
class Collector {
  readonly found: Found[] = [];
  private current: ParsedTrace | null = null;
  private currentOffset = 0;

  close(): void {
    const c = this.current;
    if (c && (c.frames.length || c.modules.length)) this.found.push({ offset: this.currentOffset, trace: c });
    this.current = null;
  }

  /** A trace written on one line (callstack record, arrow chain, list). */
  emit(frames: Frame[], format: TraceFormat, offset: number, line: number): void {
    this.close();
    this.found.push({ offset, trace: { frames, modules: [], format, line } });
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
    }
    if (frame) c.frames.push(frame);
    if (module) c.modules.push(module);
  }

  get format(): TraceFormat | null {
    return this.current?.format ?? null;
  }
}

export function parseTraces(input: string): ParsedTrace[] {
  const text = input.replace(/\r\n?/g, '\n');
  const found: Found[] = [];
  const rest = extractJson(text, found);
  const lines = rest.split('\n');
  const c = new Collector();
  let offset = 0;
  for (let n = 0; n < lines.length; offset += lines[n].length + 1, n++) {
    const line = lines[n];
    const ln = n + 1;
    if (line.trim() === '') {
      c.close();
      continue;
    }
    const cs = CALLSTACK.exec(line);
    if (cs) {
      const one = parseFrameText(cs[1]);
      const frames = listFrames(cs[1].split(/\s*;\s*/)) ?? (one ? [one] : null);
      if (frames) c.emit(frames, 'callstack', offset, ln);
      else c.close();
      continue;
    }
    if (ARROW.test(line)) {
      const frames = listFrames(line.replace(DECOR, '').split(ARROW));
      if (frames) {
        c.emit(frames, 'arrow', offset, ln);
        continue;
      }
    }
    const at = AT.exec(line);
    if (at) {
      const [file, num] = location(at[2]);
      c.add(split(at[1], file, num), null, 'java', offset, ln);
      continue;
    }
    const atBare = AT_BARE.exec(line);
    if (atBare) {
      c.add(split(atBare[1], null, -1), null, 'java', offset, ln);
      continue;
    }
    const single = parseFrameText(line, true);
    if (single) {
      c.add(single, null, c.format ?? 'bare', offset, ln);
      continue;
    }
    const list = listFrames(line.split(/\t|,|;/));
    if (list) {
      c.emit(list, 'list', offset, ln);
      continue;
    }
    const nat = NATIVE.exec(line);
    if (nat && /(^|\s)(0x[0-9a-f]+|#\d+\s+pc)\b|!/i.test(line)) {
      c.add(null, nat[1], 'native', offset, ln);
      continue;
    }
    if (CONTINUATION.test(line)) continue;
    c.close();
  }
  c.close();
  return [...found, ...c.found].sort((a, b) => a.offset - b.offset).map((f) => f.trace);
}
