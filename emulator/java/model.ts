// Java classes as data. An area module (emulator/android/*.ts) declares classes with the small
// DSL below, in Java's own spelling, so a declaration can be checked by eye against the Android
// reference and mechanically against the SDK declarations (test/emulator/honesty.test.ts):
//
//   cls('public class android.telephony.TelephonyManager', { file: 'TelephonyManager.java' }, [
//     m('public java.lang.String getDeviceId()', { until: 28 }, (c, self) => ...),
//     m('public java.lang.String getDeviceId(int)', { since: 23 }, (c, self, [slot]) => ...),
//   ])
//
// Behaviour is plain host-side JS over a Call (the running VM, thread and device state). Calls
// from one emulated method to another go through the VM (c.call / c.callStatic) so that hooks on
// the inner method fire exactly as they would on a phone (AOSP funnels such as getStringForUser).
import type { JObject } from './heap.js';
import { ACC, normalizeTypeName, outerSimpleName, takeModifiers } from './types.js';

/** A Java value inside the emulated VM. Strings are JS strings; long is bigint; char is its code unit. */
export type JValue = null | undefined | boolean | number | bigint | string | JObject;

/** Where a class's dex lives: decides `origin` in backtraces (see java/origins.ts). */
export type OriginFamily = 'framework' | 'core-oj' | 'core-libart' | 'okhttp' | 'conscrypt' | 'apache-legacy' | 'app';

/**
 * What Java code may know about its process (`c.env`). The VM itself needs only the pid; the
 * framework model (emulator/android/env.ts ProcessEnv) extends this interface by declaration
 * merging, so this layer never imports the one above it.
 */
export interface JavaEnv {
  readonly pid: number;
}

export interface Call {
  readonly api: number;
  /** The emulated runtime; typed loosely here to keep this module free of import cycles. */
  readonly vm: import('./vm.js').ArtVm;
  readonly thread: import('./threads.js').JavaThread;
  readonly env: JavaEnv;
  call(target: JObject, name: string, params?: readonly string[], args?: readonly JValue[]): JValue;
  callStatic(className: string, name: string, params?: readonly string[], args?: readonly JValue[]): JValue;
  /** Non-virtual call of the method declared in `className` (super calls, private helpers). */
  callSpecial(target: JObject, className: string, name: string, params?: readonly string[], args?: readonly JValue[]): JValue;
  newObject(className: string, params?: readonly string[], args?: readonly JValue[]): JObject;
  get(obj: JObject, field: string): JValue;
  set(obj: JObject, field: string, value: JValue): void;
  getStatic(className: string, field: string): JValue;
  setStatic(className: string, field: string, value: JValue): void;
  throwNew(className: string, message?: string | null): never;
}

export type Impl = (c: Call, self: JObject | null, args: readonly JValue[]) => JValue | void;

interface Versioned {
  /** First API level where it exists (inclusive). */
  readonly since?: number;
  /** Last API level where it exists (inclusive). */
  readonly until?: number;
}

export interface MethodSpec extends Versioned {
  readonly name: string; // '<init>' for constructors
  readonly params: readonly string[];
  readonly ret: string;
  readonly flags: number;
  /** First source line of the method (synthetic, stable). Set by cls() when not given. */
  line: number;
  readonly impl?: Impl;
}

export interface FieldSpec extends Versioned {
  readonly name: string;
  readonly type: string;
  readonly flags: number;
  /** Static fields: value at class initialisation. */
  readonly value?: JValue | ((c: Call) => JValue);
}

export interface ClassSpec extends Versioned {
  readonly name: string;
  readonly flags: number;
  readonly superName: string | null;
  readonly interfaces: readonly string[];
  readonly origin: OriginFamily;
  readonly file: string;
  readonly methods: readonly MethodSpec[];
  readonly fields: readonly FieldSpec[];
}

export interface MemberOptions extends Versioned {
  readonly line?: number;
}

export interface ClassOptions extends Versioned {
  readonly file?: string;
  readonly origin?: OriginFamily;
  /** First line of the class body; members get synthetic lines after it. */
  readonly line?: number;
}

type Member = MethodSpec | FieldSpec;

function splitParams(s: string): string[] {
  const t = s.trim();
  if (t === '') return [];
  return t.split(',').map((p) => normalizeTypeName(p.trim().split(/\s+/)[0]!));
}

/** 'public static java.lang.String getString(android.content.ContentResolver, java.lang.String)' */
export function m(decl: string, a?: MemberOptions | Impl, b?: Impl): MethodSpec {
  const opts: MemberOptions = typeof a === 'object' ? a : {};
  const impl = typeof a === 'function' ? a : b;
  const open = decl.indexOf('(');
  const close = decl.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`bad method declaration: ${decl}`);
  const words = decl.slice(0, open).trim().split(/\s+/);
  const flags = takeModifiers(words);
  let name: string;
  let ret: string;
  if (words.length === 1 && words[0] === '<init>') {
    name = '<init>';
    ret = 'void';
  } else if (words.length === 2) {
    ret = normalizeTypeName(words[0]!);
    name = words[1]!;
  } else {
    throw new Error(`bad method declaration: ${decl}`);
  }
  const params = splitParams(decl.slice(open + 1, close));
  const spec: MethodSpec = { name, params, ret, flags: flags | (name === '<init>' ? ACC.CONSTRUCTOR : 0), line: opts.line ?? 0, ...(impl ? { impl } : {}) };
  return withVersion(spec, opts);
}

/** 'public static final int SDK_INT' */
export function f(decl: string, opts: MemberOptions & { value?: FieldSpec['value'] } = {}): FieldSpec {
  const words = decl.trim().split(/\s+/);
  const flags = takeModifiers(words);
  if (words.length !== 2) throw new Error(`bad field declaration: ${decl}`);
  const spec: FieldSpec = { name: words[1]!, type: normalizeTypeName(words[0]!), flags, ...(opts.value !== undefined ? { value: opts.value } : {}) };
  return withVersion(spec, opts);
}

function withVersion<T extends object>(spec: T, v: Versioned): T {
  const out: any = spec;
  if (v.since !== undefined) out.since = v.since;
  if (v.until !== undefined) out.until = v.until;
  return spec;
}

const LINE_STEP = 12;

/**
 * 'public class a.B extends a.C implements x.Y, x.Z' | 'public interface x.Y extends x.Z' |
 * 'public abstract class ...' | 'public final class ...'
 */
export function cls(header: string, opts: ClassOptions, members: readonly Member[]): ClassSpec {
  const words = header.trim().replace(/,\s*/g, ',').split(/\s+/);
  let flags = takeModifiers(words);
  const kind = words.shift();
  if (kind === 'interface') flags |= ACC.INTERFACE | ACC.ABSTRACT;
  else if (kind !== 'class') throw new Error(`bad class header: ${header}`);
  const name = words.shift();
  if (name === undefined) throw new Error(`bad class header: ${header}`);
  let superName: string | null = kind === 'interface' || name === 'java.lang.Object' ? null : 'java.lang.Object';
  let interfaces: string[] = [];
  while (words.length > 0) {
    const kw = words.shift();
    const list = (words.shift() ?? '').split(',').filter((s) => s !== '');
    if (kw === 'extends' && kind === 'interface') interfaces = interfaces.concat(list);
    else if (kw === 'extends') superName = list[0] ?? null;
    else if (kw === 'implements') interfaces = interfaces.concat(list);
    else throw new Error(`bad class header: ${header}`);
  }
  const methods = members.filter((x): x is MethodSpec => 'params' in x);
  const fields = members.filter((x): x is FieldSpec => !('params' in x));
  // Synthetic but stable source lines: members in declaration order, a fixed step apart.
  let line = opts.line ?? 40;
  for (const mm of methods) {
    if (mm.line === 0) mm.line = line;
    line = mm.line + LINE_STEP;
  }
  const spec: ClassSpec = {
    name,
    flags,
    superName,
    interfaces,
    origin: opts.origin ?? originFor(name),
    file: opts.file ?? `${outerSimpleName(name)}.java`,
    methods,
    fields,
  };
  return withVersion(spec, opts);
}

/** Default dex family by package, overridable per class. */
export function originFor(name: string): OriginFamily {
  if (name.startsWith('java.') || name.startsWith('javax.') || name.startsWith('sun.')) return 'core-oj';
  if (name.startsWith('dalvik.') || name.startsWith('libcore.')) return 'core-libart';
  if (name.startsWith('com.android.okhttp.')) return 'okhttp';
  if (name.startsWith('com.android.org.conscrypt.')) return 'conscrypt';
  if (name.startsWith('org.apache.http.')) return 'apache-legacy';
  return 'framework';
}

export function existsAt(v: Versioned, api: number): boolean {
  return (v.since === undefined || api >= v.since) && (v.until === undefined || api <= v.until);
}
