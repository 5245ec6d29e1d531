// Compact, bounded summaries of Java arguments and return values. Apps are adversarial: a value
// may be huge or its toString() may have side effects, so only strings, numbers, arrays and a
// short list of value classes are rendered; everything else is reported by class name only.
import type { Summary } from '../../protocol/messages.js';

export interface SummaryLimits {
  /** Strings longer than this are sent as head + length + SHA-256. */
  maxString: number;
  /** Items kept from arrays and lists. */
  maxItems: number;
  /** Bytes of a byte[] kept as hex. */
  maxHexBytes: number;
}

export const DEFAULT_LIMITS: SummaryLimits = { maxString: 512, maxItems: 16, maxHexBytes: 64 };

type Sha256 = (data: string | number[]) => string;

/** Classes whose toString() is a pure rendering of their value (no I/O, no unparcelling of foreign data). */
const SAFE_TO_STRING = [
  'java.lang.Integer',
  'java.lang.Long',
  'java.lang.Boolean',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Float',
  'java.lang.Double',
  'java.lang.Character',
  'java.lang.StringBuilder',
  'java.lang.StringBuffer',
  'android.net.Uri',
  'android.content.ComponentName',
  'android.content.Intent',
  'android.location.Location',
  'android.text.',
  'java.net.URL',
  'java.net.URI',
  'java.net.Inet',
  'java.net.InetSocketAddress',
];

function safeToString(cls: string): boolean {
  for (const prefix of SAFE_TO_STRING) if (cls.startsWith(prefix)) return true;
  return false;
}

export function summarizeString(s: string, limits: SummaryLimits, sha256: Sha256): Summary {
  if (s.length <= limits.maxString) return s;
  return { $: 'trunc', head: s.slice(0, limits.maxString), len: s.length, sha256: sha256(s) };
}

function isWrapper(v: any): boolean {
  return typeof v.$className === 'string';
}

function hexOf(bytes: ArrayLike<number>, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ((bytes[i] as number) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/** Unboxed scalar summary; never recurses into containers. */
function scalar(v: any, typeName: string | undefined, limits: SummaryLimits, sha256: Sha256): Summary {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return summarizeString(v, limits, sha256);
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
  }
  // Int64/UInt64 (Java long): exact as a number when safe, otherwise as a decimal string.
  if (typeof v.toNumber === 'function' && typeof v.compare === 'function') {
    const n = v.toNumber();
    return Number.isSafeInteger(n) ? n : v.toString();
  }
  if (isWrapper(v)) {
    const cls: string = v.$className;
    if (cls === 'java.lang.String' || typeName === 'java.lang.CharSequence' || safeToString(cls)) {
      try {
        return { $: 'obj', cls, str: summarizeString(String(v.toString()), limits, sha256) as string };
      } catch {
        return { $: 'obj', cls };
      }
    }
    return { $: 'obj', cls };
  }
  return { $: 'obj', cls: typeName ?? 'unknown' };
}

function bytesSummary(v: ArrayLike<number>, limits: SummaryLimits, sha256: Sha256): Summary {
  // frida-java-bridge's primitive arrays copy the whole array on every element read; toJSON() copies once.
  const src: ArrayLike<number> = typeof (v as any).toJSON === 'function' ? (v as any).toJSON() : v;
  const n = src.length;
  const arr: number[] = new Array(n);
  for (let i = 0; i < n; i++) arr[i] = (src[i] as number) & 0xff;
  return { $: 'bytes', len: n, sha256: sha256(arr), hex: hexOf(arr, Math.min(n, limits.maxHexBytes)) };
}

/**
 * Summarises one value. `typeName` is the declared Java type when known ('[B', 'java.util.List', ...):
 * frida-java-bridge hands primitive arrays over as array-like proxies that do not say their type.
 */
export function summarize(v: unknown, typeName: string | undefined, limits: SummaryLimits, sha256: Sha256): Summary {
  if (v === null || v === undefined) return null;
  if (typeName === '[B' && typeof (v as any).length === 'number') return bytesSummary(v as ArrayLike<number>, limits, sha256);
  if (Array.isArray(v) || (typeof v === 'object' && !isWrapper(v) && typeof (v as any).length === 'number')) {
    const a = v as ArrayLike<unknown>;
    const n = Math.min(a.length, limits.maxItems);
    const items = new Array<any>(n);
    for (let i = 0; i < n; i++) items[i] = scalar(a[i], undefined, limits, sha256);
    return { $: 'arr', cls: typeName, len: a.length, items };
  }
  return scalar(v, typeName, limits, sha256);
}
