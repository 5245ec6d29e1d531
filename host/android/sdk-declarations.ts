// An index of the Android SDK as @nativescript/types-android declares it (API 21-37 merged, with
// `/** @since N */` and `@deprecated Deprecated in API N` comments). Used to check the hook catalog
// against the real API surface, by `sdktrace hooks` to list the overloads an 'all' spec covers, and
// by anyone else (the emulated device) who must know which classes, methods and overloads exist.
//
// The declarations are TypeScript, which is lossy: every Java numeric primitive is `number`,
// String/CharSequence/char are `string`, Object and type variables are `any`. So overloads are
// compared in that lossy "TS shape" (see `tsShapeOf`), never by exact Java type.
//
// API:
//   const sdk = SdkIndex.load();               // parses the merged d.ts once (about a second)
//   sdk.class('android.app.AlarmManager$OnAlarmListener')   // Java names, nested with '$'
//   sdk.methods('android.telephony.TelephonyManager', 'getDeviceId')  // nearest declaring class
//   sdk.findOverload(cls, method, ['int'])      // matches a Java parameter list
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One declared method or constructor. */
export interface SdkMember {
  name: string;
  /** Parameter types exactly as declared, `| null` removed: 'number', 'string', 'android.content.Intent', 'androidNative.Array<string>'. */
  params: string[];
  /** Parameter names as declared (param0... when the generator had none). */
  paramNames: string[];
  returns: string;
  static: boolean;
  /** First API level that has it; 21 when the declarations say nothing (the merged range starts at 21). */
  since: number;
  /** API level that deprecated it, when known; 0 when deprecated without a level. */
  deprecated?: number;
}

export interface SdkClass {
  /** Java name: 'android.app.AlarmManager$OnAlarmListener'. */
  name: string;
  /** Dotted name as the declarations spell it: 'android.app.AlarmManager.OnAlarmListener'. */
  tsName: string;
  abstract: boolean;
  /** Declared with `constructor(implementation: {...})`: an interface in Java. */
  interface: boolean;
  since: number;
  deprecated?: number;
  /** Java name of the superclass (without generics), when declared. */
  extends?: string;
  implements: string[];
  methods: Map<string, SdkMember[]>;
  constructors: SdkMember[];
}

export const MIN_API = 21;
export const MAX_API = 37;

const DEFAULT_FILE = '@nativescript/types-android/lib/android/android-platform-21-37-merged.d.ts';

/** Resolves the merged declarations file from node_modules (a devDependency). */
export function defaultDeclarationsPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve(DEFAULT_FILE);
}

interface Doc {
  since?: number;
  deprecated?: number;
}

function parseDoc(text: string): Doc {
  const doc: Doc = {};
  const s = /@since\s+(\d+)/.exec(text);
  if (s) doc.since = Number(s[1]);
  const d = /@deprecated(?:\s+Deprecated in API\s+(\d+))?/.exec(text);
  if (d) doc.deprecated = d[1] === undefined ? 0 : Number(d[1]);
  return doc;
}

/** Splits on commas that are not nested inside <>, (), {} or []. */
export function splitTopLevel(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '{' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === '}' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  const last = s.slice(start);
  if (last.trim() !== '' || out.length > 0) out.push(last);
  return out.map((x) => x.trim());
}

function stripNull(t: string): string {
  return splitTopLevel(t, '|')
    .filter((x) => x !== 'null' && x !== 'undefined')
    .join(' | ');
}

/** Index of the ')' closing the '(' at `open`. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const CLASS_RE = /^export\s+(abstract\s+)?class\s+([A-Za-z0-9_$]+)\s*(<[^{]*?>)?\s*(?:extends\s+([^{]+?))?\s*(?:implements\s+([^{]+?))?\s*\{\s*$/;
const MODULE_RE = /^(?:declare|export)\s+module\s+([A-Za-z0-9_$]+)\s*\{\s*$/;
const MEMBER_RE = /^public\s+(static\s+)?([A-Za-z0-9_$]+)\s*(<[^(]*>)?\s*\(/;

interface Frame {
  kind: 'module' | 'class' | 'other';
  name: string;
  cls?: SdkClass;
}

export class SdkIndex {
  private readonly classes = new Map<string, SdkClass>();

  private constructor() {}

  static parse(text: string): SdkIndex {
    const idx = new SdkIndex();
    idx.read(text);
    return idx;
  }

  static load(path: string = defaultDeclarationsPath()): SdkIndex {
    return SdkIndex.parse(readFileSync(path, 'utf8'));
  }

  /** All classes, by Java name. */
  all(): IterableIterator<SdkClass> {
    return this.classes.values();
  }

  get size(): number {
    return this.classes.size;
  }

  /** A class by Java name ('a.B$C'); the dotted form 'a.B.C' is accepted too. */
  class(name: string): SdkClass | undefined {
    return this.classes.get(name) ?? this.classes.get(this.javaNameOfTs(name) ?? '');
  }

  /** Java name of a dotted declaration name, resolving which segments are classes. */
  javaNameOfTs(ts: string): string | undefined {
    const parts = ts.split('.');
    // Try the longest package prefix first: 'android.app.AlarmManager.OnAlarmListener'.
    for (let i = parts.length - 1; i >= 1; i--) {
      const name = parts.slice(0, i).join('.') + '.' + parts.slice(i).join('$');
      if (this.classes.has(name)) return name;
    }
    return undefined;
  }

  /** The class and its superclasses, nearest first (only those the declarations know). */
  lineage(name: string): SdkClass[] {
    const out: SdkClass[] = [];
    let c = this.class(name);
    const seen = new Set<string>();
    while (c !== undefined && !seen.has(c.name)) {
      seen.add(c.name);
      out.push(c);
      c = c.extends === undefined ? undefined : this.class(c.extends);
    }
    return out;
  }

  /**
   * Overloads of `method` as frida-java-bridge resolves a member name: from the nearest class in
   * the superclass chain that declares it. Duplicate declarations (interface members repeated by
   * the generator) are merged by TS shape, keeping the lowest `since`.
   */
  methods(className: string, method: string): { owner: SdkClass; overloads: SdkMember[] } | undefined {
    for (const c of this.lineage(className)) {
      const list = method === '$init' ? c.constructors : c.methods.get(method);
      if (list !== undefined && list.length > 0) return { owner: c, overloads: dedupe(list) };
      if (method === '$init') return undefined; // constructors are never inherited
    }
    return undefined;
  }

  /** The declared overload whose parameters match a Java parameter list (in TS shape). */
  findOverload(className: string, method: string, javaParams: readonly string[]): { owner: SdkClass; member: SdkMember } | undefined {
    const found = this.methods(className, method);
    if (found === undefined) return undefined;
    const want = javaParams.map(tsShapeOf);
    const member = found.overloads.find((m) => sameShape(m.params.map(normalizeTsType), want));
    return member === undefined ? undefined : { owner: found.owner, member };
  }

  private read(text: string): void {
    const stack: Frame[] = [];
    let doc: Doc = {};
    let docBuf: string | null = null;
    let skipDepth = 0; // inside a multi-line member (interface implementation constructors)
    const lines = text.split('\n');
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      if (docBuf !== null) {
        docBuf += ' ' + line;
        if (line.includes('*/')) {
          doc = parseDoc(docBuf);
          docBuf = null;
        }
        continue;
      }
      if (skipDepth > 0) {
        skipDepth += count(line, '{') - count(line, '}');
        continue;
      }
      if (line.startsWith('/**') || line.startsWith('/*')) {
        if (line.includes('*/')) doc = parseDoc(line);
        else docBuf = line;
        continue;
      }
      if (line.startsWith('//') || line.startsWith('///')) continue;

      const mod = MODULE_RE.exec(line);
      if (mod) {
        stack.push({ kind: 'module', name: mod[1]! });
        doc = {};
        continue;
      }
      const cls = CLASS_RE.exec(line);
      if (cls) {
        const path = [...stack.filter((f) => f.kind !== 'other').map((f) => f.name), cls[2]!];
        const tsName = path.join('.');
        const javaName = this.javaNameFor(path);
        const c: SdkClass = {
          name: javaName,
          tsName,
          abstract: cls[1] !== undefined,
          interface: false,
          since: doc.since ?? MIN_API,
          implements: [],
          methods: new Map(),
          constructors: [],
        };
        if (doc.deprecated !== undefined) c.deprecated = doc.deprecated;
        if (cls[4] !== undefined) c.extends = stripGenerics(cls[4].trim());
        if (cls[5] !== undefined) c.implements = splitTopLevel(cls[5]).map(stripGenerics);
        this.classes.set(javaName, c);
        stack.push({ kind: 'class', name: cls[2]!, cls: c });
        doc = {};
        continue;
      }
      if (line === '}' || line.startsWith('}')) {
        stack.pop();
        doc = {};
        continue;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'class' && top.cls !== undefined) {
        if (line.startsWith('public constructor(implementation:')) {
          top.cls.interface = true;
          skipDepth = count(line, '{') - count(line, '}');
          doc = {};
          continue;
        }
        const m = MEMBER_RE.exec(line);
        if (m) {
          const name = m[2]!;
          const open = line.indexOf('(', m[0].length - 1);
          const close = closingParen(line, open);
          if (close < 0) {
            // Parameters continue on the next lines: an inline object type; not a Java overload we hook.
            skipDepth = count(line, '{') - count(line, '}');
            doc = {};
            continue;
          }
          const paramText = line.slice(open + 1, close);
          const params: string[] = [];
          const paramNames: string[] = [];
          for (const p of splitTopLevel(paramText)) {
            const colon = p.indexOf(':');
            if (colon < 0) continue;
            paramNames.push(p.slice(0, colon).replace('?', '').trim());
            params.push(stripNull(p.slice(colon + 1).trim()));
          }
          const after = line.slice(close + 1).trim();
          const returns = after.startsWith(':') ? stripNull(after.slice(1).replace(/;\s*$/, '').trim()) : 'void';
          const member: SdkMember = { name, params, paramNames, returns, static: m[1] !== undefined, since: doc.since ?? MIN_API };
          if (doc.deprecated !== undefined) member.deprecated = doc.deprecated;
          if (name === 'constructor') top.cls.constructors.push(member);
          else {
            let list = top.cls.methods.get(name);
            if (list === undefined) top.cls.methods.set(name, (list = []));
            list.push(member);
          }
          doc = {};
          continue;
        }
      }
      // Fields and anything else: forget the pending doc comment.
      doc = {};
    }
  }

  /** Java name for a declaration path: segments after the first class are nested classes ('$'). */
  private javaNameFor(path: string[]): string {
    for (let i = 1; i < path.length; i++) {
      const outer = path.slice(0, i).join('.');
      // The outer class is declared before the `export module Outer { ... }` block holding its inner classes.
      if (this.classes.has(outer)) return outer + '$' + path.slice(i).join('$');
      const resolved = this.javaNameOfTs(outer);
      if (resolved !== undefined) return resolved + '$' + path.slice(i).join('$');
    }
    return path.join('.');
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function stripGenerics(t: string): string {
  const lt = t.indexOf('<');
  return (lt < 0 ? t : t.slice(0, lt)).trim();
}

/**
 * A declared TS type in comparable form: generics dropped (except an array's element), bare type
 * variables ('T', 'V', 'any') become 'any'.
 */
export function normalizeTsType(t: string): string {
  // androidx declarations spell framework types 'globalAndroid.app.Activity'; drop inline comments.
  const s = t.replace(/\/\*.*?\*\//g, '').replace(/\bglobalAndroid\./g, 'android.').trim();
  const arr = /^androidNative\.Array<(.+)>$/.exec(s);
  if (arr) return `androidNative.Array<${normalizeTsType(arr[1]!)}>`;
  const base = stripGenerics(s);
  if (base === 'any' || /^[A-Z][A-Za-z0-9]?$/.test(base)) return 'any';
  return base;
}

const NUMERIC = new Set(['int', 'long', 'short', 'byte', 'float', 'double']);
const PRIM_DESC: Record<string, string> = { Z: 'boolean', B: 'byte', C: 'char', S: 'short', I: 'int', J: 'long', F: 'float', D: 'double' };

/** The TS type the declarations use for a Java type name (Class.getName() spelling). */
export function tsShapeOf(javaName: string): string {
  if (javaName.startsWith('[')) {
    const inner = javaName.slice(1);
    let elem: string;
    if (inner.startsWith('[')) elem = inner;
    else if (inner.startsWith('L') && inner.endsWith(';')) elem = inner.slice(1, -1);
    else elem = PRIM_DESC[inner] ?? inner;
    return `androidNative.Array<${tsShapeOf(elem)}>`;
  }
  if (NUMERIC.has(javaName)) return 'number';
  if (javaName === 'boolean') return 'boolean';
  if (javaName === 'char' || javaName === 'java.lang.String' || javaName === 'java.lang.CharSequence') return 'string';
  if (javaName === 'java.lang.Object') return 'any';
  return javaName.replace(/\$/g, '.');
}

/**
 * `declared` (from the d.ts) against `wanted` (from Java names). A declared 'any' (Object, a type
 * variable, or a type the generator could not name) accepts any reference type.
 */
export function sameShape(declared: readonly string[], wanted: readonly string[]): boolean {
  return declared.length === wanted.length && declared.every((x, i) => x === wanted[i] || (x === 'any' && wanted[i] !== 'number' && wanted[i] !== 'boolean'));
}

/** Merges repeated declarations of one signature, keeping the earliest `since` and named parameters. */
function dedupe(list: readonly SdkMember[]): SdkMember[] {
  const byKey = new Map<string, SdkMember>();
  for (const m of list) {
    const key = m.params.map(normalizeTsType).join(',');
    const prev = byKey.get(key);
    if (prev === undefined) byKey.set(key, m);
    else {
      const keepNames = prev.paramNames.every((n) => /^param\d+$/.test(n)) ? m : prev;
      const merged: SdkMember = { ...keepNames, since: Math.min(prev.since, m.since) };
      const dep = prev.deprecated ?? m.deprecated;
      if (dep !== undefined) merged.deprecated = dep;
      else delete merged.deprecated;
      byKey.set(key, merged);
    }
  }
  return [...byKey.values()];
}
