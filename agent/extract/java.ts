// Small, defensive readers for values frida-java-bridge hands to hooks (see docs/frida-notes.md §1: String
// arrives as a JS string, CharSequence/Object as wrappers, long as Int64, object arrays as JS
// arrays, primitive arrays as array-like proxies, fields through `.value`).
import { LIMITS } from '../../protocol/constants.js';
import type { EventDraft } from '../core/emitter.js';

/** A Java String/CharSequence/any object as a JS string (null for null). */
/** frida-java-bridge as extractors and the agent's readers use it (the emulator provides the same). */
export interface JavaAccess {
  use(className: string): any;
  cast(obj: any, cls: any): any;
  /**
   * Bytes [off, off+len) of a Java byte[] as 0-255 values, read in one JNI call (the agent uses
   * GetByteArrayRegion). Optional: without it extractors copy the array through the bridge.
   */
  bytes?(array: any, off: number, len: number): ArrayLike<number> | null;
  /** Java.retain: a wrapper that outlives the hook call it came from (see ui/activities.ts). */
  retain?(obj: any): any;
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  try {
    return String((v as any).toString());
  } catch {
    return null;
  }
}

/** int/long/Int64/boxed number as a JS number (NaN when not numeric). */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return NaN;
  if (typeof (v as any).toNumber === 'function') return (v as any).toNumber();
  if (typeof (v as any).intValue === 'function') return Number((v as any).intValue());
  return Number(v);
}

/** A field's value, or undefined when the field does not exist on this release. */
export function field(obj: any, name: string): any {
  if (obj === null || obj === undefined) return undefined;
  try {
    const f = obj[name];
    return f === undefined || f === null ? undefined : f.value;
  } catch {
    return undefined;
  }
}

/** Index of the first parameter declared with one of these types, or -1. */
export function paramIndex(call: { readonly params: readonly string[] }, ...types: string[]): number {
  return call.params.findIndex((p) => types.includes(p));
}

/** The first argument declared with one of these types (undefined when none). */
export function argOf(call: { readonly params: readonly string[]; readonly args: readonly any[] }, ...types: string[]): any {
  const i = paramIndex(call, ...types);
  return i < 0 ? undefined : call.args[i];
}

/** Runtime class name of a wrapper. */
export function className(obj: any): string | undefined {
  return obj !== null && obj !== undefined && typeof obj.$className === 'string' ? obj.$className : undefined;
}

/** A non-negative integer count from whatever size() gave back (0 when it is not a number). */
export function count(v: unknown): number {
  const n = num(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Items of a java.util.List/Collection (or a JS array from an Object[]), at most `max`. */
export function items(list: any, max: number = LIMITS.arrayItems): { n: number; items: any[] } {
  if (list === null || list === undefined) return { n: 0, items: [] };
  if (Array.isArray(list)) return { n: list.length, items: list.slice(0, max) };
  if (typeof list.size === 'function' && typeof list.get === 'function') {
    const n = count(list.size());
    const out: any[] = [];
    for (let i = 0; i < n && out.length < max; i++) out.push(list.get(i));
    return { n, items: out };
  }
  if (typeof list.size === 'function' && typeof list.toArray === 'function') {
    const arr = list.toArray();
    const n = count(list.size());
    return { n, items: Array.isArray(arr) ? arr.slice(0, max) : [] };
  }
  return { n: 0, items: [] };
}

/** Bytes of a Java byte[] slice (0-255), at most `max`, read once. */
export function javaBytes(java: JavaAccess, arr: any, off: number, len: number, max: number): number[] | null {
  if (arr === null || arr === undefined) return null;
  const total = typeof arr.length === 'number' ? arr.length : 0;
  const start = Math.max(0, Math.min(off, total));
  const n = Math.max(0, Math.min(len, max, total - start));
  if (n === 0) return [];
  if (java.bytes !== undefined) {
    const b = java.bytes(arr, start, n);
    if (b !== null) return Array.from(b, (x) => x & 0xff);
  }
  // The bridge copies the whole array on every element read: copy once.
  const all: ArrayLike<number> = typeof arr.toJSON === 'function' ? arr.toJSON() : arr;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = (all[start + i] as number) & 0xff;
  return out;
}

/** Clipped strings of a String[]/List<String>, at most LIMITS.arrayItems. */
export function strings(call: { clip(s: string): string }, v: any): string[] {
  const out: string[] = [];
  for (const x of items(v).items) {
    const s = str(x);
    if (s !== null) out.push(call.clip(s));
  }
  return out;
}

/** Sets a detail field on the draft (drafts are typed per kind; extractors build them by hand). */
export function setDetail(call: { readonly draft: EventDraft }, detail: Record<string, unknown>): void {
  (call.draft as any).detail = detail;
}
