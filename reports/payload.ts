// Finding personal-information values in what leaves the device. Each value a hook saw is turned
// into the forms SDKs send it in — raw (any case), MD5/SHA-1/SHA-256 of it (and of its lower and
// upper case), Base64 (standard and URL-safe), hex of its bytes, URL-encoded — and every form is
// searched in one pass over each payload sample and URL (Aho-Corasick; a form longer than
// TRIE_MAX_NEEDLE, which only a file that bypassed ingest holds, in a pass of its own). Payloads
// that are themselves gzip or Base64 blobs are opened and searched too.
// Coordinates are searched as pairs (coordinateHits): SDKs write a position with fewer decimals
// than the fix had (ll=31.24,121.48), rounded or cut, in either order and with any separator, so a
// number pair matches a known fix when each number is within the precision it was written with.
import { createHash } from 'node:crypto';
import { gunzipSync, constants as zc } from 'node:zlib';

/**
 * A personal-information value hooks saw (reports/flows.ts piValues): what the payload search
 * looks for, in the forms encodedForms gives, and what a hit in a send or a transform step names.
 */
export interface PiValue {
  value: string;
  dataType: string;
  /** First event that saw it, and who read it. */
  eventId: number;
  actor: string;
  /** Every actor that read it, and the first event of each. */
  readers: string[];
  readerEvents: Record<string, number>;
}

export interface Needle<V> {
  text: string;
  encoding: string;
  caseSensitive: boolean;
  value: V;
}

/** Placeholder values that identify nobody (Android's fixed answers, empty identifiers). */
const PLACEHOLDERS = new Set([
  '02:00:00:00:00:00',
  '00:00:00:00:00:00',
  'ff:ff:ff:ff:ff:ff',
  '000000000000000',
  '00000000000000',
  '0000000000000000',
  '00000000-0000-0000-0000-000000000000',
  'unknown',
  'null',
  'undefined',
  '<unknown ssid>',
  '0.0.0.0',
  '127.0.0.1',
  '::1',
  'android',
]);

/** Shortest raw value worth searching: shorter ones match by chance. */
export const MIN_VALUE_LENGTH = 5;
const MIN_NEEDLE = 6;

export function isSearchable(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_VALUE_LENGTH) return false;
  if (PLACEHOLDERS.has(v.toLowerCase())) return false;
  return !oneCharacterRepeated(v); // "0000000", "xxxxxx"
}

/**
 * What /^(.)\1*$/ matched in trimmed text, as a loop: that expression overflows V8's backtrack
 * stack (see forEachRun) on a value of millions of one character.
 */
function oneCharacterRepeated(v: string): boolean {
  const first = v.charCodeAt(0);
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) !== first) return false;
  return v.length > 0;
}

const hash = (alg: string, s: string) => createHash(alg).update(s, 'utf8').digest('hex');

/** The forms a value may take on the wire, each labelled with its encoding. */
export function encodedForms(value: string, dataType: string | null): { text: string; encoding: string; caseSensitive: boolean }[] {
  const out: { text: string; encoding: string; caseSensitive: boolean }[] = [];
  const seen = new Set<string>();
  const add = (text: string, encoding: string, caseSensitive: boolean) => {
    if (text.length < MIN_NEEDLE) return;
    const key = caseSensitive ? `s:${text}` : `i:${text.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ text, encoding, caseSensitive });
  };
  const bases: { f: string; label: string }[] = [{ f: value, label: '' }];
  if ((dataType === 'mac_address' || dataType === 'bluetooth_address' || dataType === 'wifi_info') && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(value)) {
    bases.push({ f: value.replace(/[:-]/g, ''), label: ' (no separators)' });
  }
  if (dataType === 'location' && /^-?\d+\.\d+$/.test(value)) {
    const trimmed = value.replace(/0+$/, '');
    if (trimmed !== value && /\.\d{4,}$/.test(trimmed)) bases.push({ f: trimmed, label: ' (trailing zeros dropped)' });
    const four = value.replace(/^(-?\d+\.\d{4})\d*$/, '$1');
    if (four !== value && four !== trimmed) bases.push({ f: four, label: ' (4 decimals)' });
  }
  for (const { f, label } of bases) {
    add(f, `raw${label}`, false);
    const cases = [...new Set([f, f.toLowerCase(), f.toUpperCase()])];
    for (const alg of ['md5', 'sha1', 'sha256'] as const) {
      for (const c of cases) add(hash(alg, c), `${alg}${c === f ? '' : c === f.toLowerCase() ? '(lower)' : '(upper)'}${label}`, false);
    }
    const b64 = Buffer.from(f, 'utf8').toString('base64').replace(/=+$/, '');
    // The unpadded form: a padded one contains it; drop the last character when it carries
    // padding bits that depend on what follows in a longer encoded string.
    const stable = f.length % 3 === 0 ? b64 : b64.slice(0, -1);
    add(stable, `base64${label}`, true);
    if (/[+/]/.test(stable)) add(stable.replace(/\+/g, '-').replace(/\//g, '_'), `base64url${label}`, true);
    add(Buffer.from(f, 'utf8').toString('hex'), `hex${label}`, false);
    const url = encodeURIComponent(f);
    if (url !== f) add(url, `url-encoded${label}`, false);
    if (f.includes(' ')) add(url.replace(/%20/g, '+'), `form-encoded${label}`, false);
  }
  return out;
}

const NO_CHILD = -1;
const MANY_CHILDREN = -2;
const NO_OUT: readonly number[] = [];

/**
 * Aho-Corasick over UTF-16 code units. The trie is parallel arrays, one slot per node: most
 * nodes of a trie of values have one child, so that child is two numbers and only a branching
 * node has a Map (one Map and one array per node made the matcher of a run's 5,000 values and
 * their encoded forms about 100 MB of live heap at 1M events, the largest share of the report's
 * peak RSS). Children are visited in insertion order, as a Map gives them. The arrays are typed
 * and the needle lists of all nodes are one (`outAt`, `outList`): as plain arrays (8 bytes a
 * slot) the matcher of a 1M-event run (about 900,000 nodes) was still 33 MB of the live heap
 * while the network was scanned, which V8 multiplies into the garbage it lets accumulate (the
 * report's peak RSS).
 */
export class MultiMatcher<V> {
  /** Per node: the only child's code unit, NO_CHILD, or MANY_CHILDREN (then see `many`). */
  private readonly unit: Int32Array;
  private readonly only: Int32Array;
  private readonly many = new Map<number, Map<number, number>>();
  private readonly fail: Int32Array;
  /** Node s's needles (including through fail links) are outList[outAt[s]] up to outList[outAt[s + 1]]. */
  private readonly outAt: Int32Array;
  private readonly outList: Int32Array;
  /**
   * The root's child for every UTF-16 code unit (0: none, stay at the root), 256 KB: most steps of
   * a scan start from the root (payloads mostly hold no needle), and a Map look-up there was most
   * of the scan's time.
   */
  private readonly rootNext = new Int32Array(0x10000);

  constructor(readonly needles: readonly { text: string }[], private readonly lower: boolean) {
    // A trie has at most one node per needle character (plus the root): the arrays are sized for
    // that, filled, and cut to the nodes made. What is built stays typed throughout (the build
    // as plain arrays was itself the live heap's peak when a full collection fell on it).
    let bound = 1;
    for (const n of needles) bound += n.text.length;
    let unit = new Int32Array(bound).fill(NO_CHILD);
    let only = new Int32Array(bound);
    let fail = new Int32Array(bound);
    this.unit = unit;
    this.only = only;
    this.fail = fail;
    /** Needles ending at a node, for the nodes that have any. */
    const out = new Map<number, number[]>();
    let nodes = 1;
    needles.forEach((n, i) => {
      const t = lower ? n.text.toLowerCase() : n.text;
      let s = 0;
      for (let k = 0; k < t.length; k++) {
        const c = t.charCodeAt(k);
        let nx = this.child(s, c);
        if (nx === undefined) {
          nx = nodes++;
          this.addChild(s, c, nx);
        }
        s = nx;
      }
      out.set(s, [...(out.get(s) ?? NO_OUT), i]);
    });
    const queue = new Int32Array(nodes);
    let queued = 0;
    for (const [, child] of this.children(0)) queue[queued++] = child;
    for (let qi = 0; qi < queued; qi++) {
      const s = queue[qi]!;
      for (const [c, child] of this.children(s)) {
        queue[queued++] = child;
        let f = fail[s]!;
        while (f !== 0 && this.child(f, c) === undefined) f = fail[f]!;
        const g = this.child(f, c);
        fail[child] = g !== undefined && g !== child ? g : 0;
        const inherited = out.get(fail[child]!);
        if (inherited !== undefined) out.set(child, [...(out.get(child) ?? NO_OUT), ...inherited]);
      }
    }
    if (nodes < bound) {
      unit = unit.slice(0, nodes);
      only = only.slice(0, nodes);
      fail = fail.slice(0, nodes);
    }
    this.unit = unit;
    this.only = only;
    this.fail = fail;
    const at = new Int32Array(nodes + 1);
    let total = 0;
    for (let s = 0; s < nodes; s++) {
      at[s] = total;
      total += out.get(s)?.length ?? 0;
    }
    at[nodes] = total;
    const list = new Int32Array(total);
    for (const [s, needlesAt] of out) list.set(needlesAt, at[s]!);
    this.outAt = at;
    this.outList = list;
    for (const [c, child] of this.children(0)) this.rootNext[c] = child;
  }

  private child(s: number, c: number): number | undefined {
    const u = this.unit[s]!;
    if (u === c) return this.only[s];
    return u === MANY_CHILDREN ? this.many.get(s)!.get(c) : undefined;
  }

  private addChild(s: number, c: number, child: number): void {
    const u = this.unit[s]!;
    if (u === NO_CHILD) {
      this.unit[s] = c;
      this.only[s] = child;
      return;
    }
    if (u !== MANY_CHILDREN) {
      this.many.set(s, new Map([[u, this.only[s]!]]));
      this.unit[s] = MANY_CHILDREN;
    }
    this.many.get(s)!.set(c, child);
  }

  private children(s: number): Iterable<[number, number]> {
    const u = this.unit[s]!;
    if (u === NO_CHILD) return [];
    return u === MANY_CHILDREN ? this.many.get(s)!.entries() : [[u, this.only[s]!]];
  }

  /** Nodes of the trie, the root included: what building it cost (tests bound it). */
  get nodes(): number {
    return this.unit.length;
  }

  /** Calls `hit(needleIndex, endOffset)` for every occurrence. */
  scan(text: string, hit: (needle: number, end: number) => void): void {
    const h = this.lower ? text.toLowerCase() : text;
    const root = this.rootNext;
    let s = 0;
    for (let k = 0; k < h.length; k++) {
      const c = h.charCodeAt(k);
      // Follow fail links until a node has a child for c; the root always answers (0: none).
      for (;;) {
        if (s === 0) {
          s = root[c]!;
          break;
        }
        const nx = this.child(s, c);
        if (nx !== undefined) {
          s = nx;
          break;
        }
        s = this.fail[s]!;
      }
      for (let o = this.outAt[s]!, end = this.outAt[s + 1]!; o < end; o++) hit(this.outList[o]!, k + 1);
    }
  }
}

export interface PayloadHit<V> {
  needle: Needle<V>;
  /** Offsets of the match in the searched text. */
  start: number;
  end: number;
  /** Where: 'url', 'sample', 'sample (gzip)', 'sample (base64 blob)'. */
  where: string;
  /** The matched text with some context, as found. */
  excerpt: string;
  /** How the matched text's case compared to the value ('raw' needles only). */
  encoding: string;
}

/** Printable share of a string (to tell decoded text from noise). */
function printable(s: string): number {
  if (s.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13 || c >= 0xa0) n++;
  }
  return n / s.length;
}

const MAX_BLOBS = 64;
/** Shortest run of Base64 characters taken for a blob. */
const MIN_BLOB = 16;

/** Membership of the code units below 128 (an ASCII character class), for forEachRun. */
function asciiUnits(chars: string): Uint8Array {
  const units = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) units[chars.charCodeAt(i)] = 1;
  return units;
}

export const HEX_UNITS = asciiUnits('0123456789abcdefABCDEF');

/** The value of a lower-case hex digit's code unit. */
const hexDigit = (c: number) => (c <= 0x39 ? c - 0x30 : c - 0x57);
export const BASE64_UNITS = asciiUnits('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-');

/**
 * Calls `found(start, end)` for each whole run of `units` (from a character not in them, or the
 * text's start, to the next such character, or its end) at least `minLength` long, in text order,
 * until `found` returns false. The runs `/(?<![c])[c]{n,}/g` matches, without its limit: V8's
 * irregexp keeps a backtrack entry (12 bytes, measured) for every character a greedy `[c]{n,}`
 * takes, on a stack it caps at 64 MB (RegExpStack::kMaximumStackSize, v8/src/regexp/regexp-stack.h),
 * so a run of about 5.6 million characters threw "Maximum call stack size exceeded" and a stored
 * payload of that size failed the report. A loop holds nothing per character.
 */
export function forEachRun(text: string, units: Uint8Array, minLength: number, found: (start: number, end: number) => boolean | void): void {
  const n = text.length;
  let k = 0;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c >= 128 || units[c] === 0) {
      k++;
      continue;
    }
    const start = k;
    for (k++; k < n; k++) {
      const d = text.charCodeAt(k);
      if (d >= 128 || units[d] === 0) break;
    }
    if (k - start >= minLength && found(start, k) === false) return;
  }
}

/**
 * Characters of memoized search keys PayloadSearch keeps before it starts over. Repeats come close
 * together (at 1M events 39% of the searches hit with this bound); a memo of 4M characters hit
 * hardly more, and its entries live long enough to be promoted, so each emptied memo is
 * old-generation garbage (its effect on peak RSS was within the spread between runs).
 */
const MEMO_CHARS = 256_000;

/** A location fix (latitude, longitude as read) whose coordinates are searched as a pair. */
export interface CoordinatePair<V> {
  lat: number;
  lng: number;
  /** What a hit reports (the latitude's value). */
  value: V;
  /** The values of both coordinates: a pair hit covers their single hits inside it. */
  covers?: readonly V[];
}

/** A number with 2-7 decimals, as SDKs write coordinates (not part of a longer number). */
const COORD_NUMBER = /(?<![\d.])-?\d{1,3}\.\d{2,7}(?![\d])/g;
/** What may stand between the two numbers: separators and a key ("," ";" "|" "_" "/" " " `,"lng":` "&lon="). */
const COORD_GAP = /^[^\d\n]{1,24}$/;

/** Written with k decimals: true when it is the value rounded or cut to k decimals (the fix itself kept 6). */
function within(written: string, actual: number): boolean {
  const k = written.length - written.indexOf('.') - 1;
  return Math.abs(Number(written) - actual) <= 10 ** -k + 1e-6 + 1e-9;
}

/**
 * Adjacent numbers in `text` that are a known fix at the precision they were written with, in
 * either order. Each pair is reported once per text, at its first occurrence.
 */
export function coordinateHits<V>(text: string, pairs: readonly CoordinatePair<V>[]): { pair: CoordinatePair<V>; start: number; end: number; decimals: number; order: 'lat,lng' | 'lng,lat' }[] {
  const out: { pair: CoordinatePair<V>; start: number; end: number; decimals: number; order: 'lat,lng' | 'lng,lat' }[] = [];
  if (pairs.length === 0) return out;
  const nums: { text: string; start: number; end: number }[] = [];
  COORD_NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COORD_NUMBER.exec(text)) !== null) nums.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  const found = new Set<CoordinatePair<V>>();
  for (let i = 0; i + 1 < nums.length; i++) {
    const a = nums[i]!;
    const b = nums[i + 1]!;
    if (!COORD_GAP.test(text.slice(a.end, b.start))) continue;
    for (const p of pairs) {
      if (found.has(p)) continue;
      const order = within(a.text, p.lat) && within(b.text, p.lng) ? 'lat,lng' : within(a.text, p.lng) && within(b.text, p.lat) ? 'lng,lat' : null;
      if (order === null) continue;
      found.add(p);
      const dec = (s: string) => s.length - s.indexOf('.') - 1;
      out.push({ pair: p, start: a.start, end: b.end, decimals: Math.min(dec(a.text), dec(b.text)), order });
    }
  }
  return out;
}

/**
 * Needles longer than this are not put in the trie: each is searched on its own (LongNeedle), one
 * linear pass per needle and text. Building the trie costs one node per needle character, several
 * microseconds each, and a hostile value of 8 MB gives needles of about 36 M characters (raw,
 * Base64, hex): building the report of a handful of such events took 44 s (docs/benchmarks.md
 * "Hostile field sizes in reports"). No needle ingest lets through is this long (PI values are at
 * most LIMITS.string characters, so their hex is at most 6 x 4096), so every normal run keeps the
 * trie it always had.
 */
export const TRIE_MAX_NEEDLE = 65_536;

/**
 * One needle searched by Knuth-Morris-Pratt over UTF-16 code units: linear in the text and the
 * needle whatever they hold. Not String.prototype.indexOf: V8's Boyer-Moore builds its shift tables
 * for a pattern's last 250 characters only (kBMMaxShift, src/strings/string-search.h), and a needle
 * of a^500,000 b a^500,000 in a text of 8 M a's ran for over a minute (a scratch script,
 * 2026-12-08). The border table (4 bytes a character) is made on the first search that could
 * match, so a needle longer than every text costs nothing.
 */
class LongNeedle<V> {
  private border: Int32Array | null = null;
  /** The needle as searched: its lower case when the search ignores case, as in the trie. */
  readonly searched: string;

  constructor(readonly needle: Needle<V>, lower: boolean) {
    this.searched = lower ? needle.text.toLowerCase() : needle.text;
  }

  /** End offset of the first occurrence in `h`, or -1. */
  firstEnd(h: string): number {
    const p = this.searched;
    const m = p.length;
    if (h.length < m) return -1;
    const border = (this.border ??= borders(p));
    let k = 0;
    for (let i = 0; i < h.length; i++) {
      const c = h.charCodeAt(i);
      while (k > 0 && p.charCodeAt(k) !== c) k = border[k - 1]!;
      if (p.charCodeAt(k) === c && ++k === m) return i + 1;
    }
    return -1;
  }
}

/** border[i]: length of the longest proper prefix of p[0..i] that is also its suffix. */
function borders(p: string): Int32Array {
  const border = new Int32Array(p.length);
  let k = 0;
  for (let i = 1; i < p.length; i++) {
    const c = p.charCodeAt(i);
    while (k > 0 && p.charCodeAt(k) !== c) k = border[k - 1]!;
    if (p.charCodeAt(k) === c) k++;
    border[i] = k;
  }
  return border;
}

/**
 * The end of the first occurrence of each long needle in a text, in the order the trie would have
 * reported them among its own hits: by end, and at one end the longer needle first (a trie node's
 * needles come before those of its fail links, which are shorter), then the earlier needle.
 */
function firstOccurrences<V>(needles: readonly LongNeedle<V>[], text: string, lower: boolean): { needle: Needle<V>; end: number }[] {
  if (needles.length === 0) return [];
  const h = lower ? text.toLowerCase() : text;
  const found: { needle: Needle<V>; end: number; length: number; index: number }[] = [];
  needles.forEach((long, index) => {
    // As in the trie: offsets are in the text as searched (lowered when the search ignores case).
    const end = long.firstEnd(h);
    if (end >= 0) found.push({ needle: long.needle, end, length: long.searched.length, index });
  });
  return found.sort((a, b) => a.end - b.end || b.length - a.length || a.index - b.index);
}

/** Compiled needles for a set of values; `find` searches one network event's URL and sample. */
export class PayloadSearch<V> {
  private readonly ci: MultiMatcher<V>;
  private readonly cs: MultiMatcher<V>;
  private readonly ciNeedles: Needle<V>[];
  private readonly csNeedles: Needle<V>[];
  /** Needles longer than `trieMaxNeedle`, each searched on its own (TRIE_MAX_NEEDLE says why). */
  private readonly ciLong: LongNeedle<V>[];
  private readonly csLong: LongNeedle<V>[];
  /**
   * Hex digests (MD5/SHA-1/SHA-256) are fixed-length hex: found by scanning the text's hex runs
   * and looking them up, which keeps the automaton small (most needles are digests).
   */
  private readonly digests = new Map<string, Needle<V>[]>();
  private readonly digestLengths: number[];
  /** Hex runs shorter than the shortest digest hold none. */
  private readonly shortestDigest: number;
  /**
   * The first `digestPrefixLength` hex digits of every digest, as a number. Most places in a hex
   * run start no digest, and looking a number up there is cheaper than cutting and hashing 32 to
   * 64 characters: the search of a hex run of 8 MB took 4.8 s that way.
   */
  private readonly digestPrefixes = new Set<number>();
  private readonly digestPrefixLength: number;
  /** One needle per coordinate pair, so a pair is reported once per event like any needle. */
  private readonly pairNeedles = new Map<CoordinatePair<V>, Needle<V>>();
  private readonly pairOf = new Map<Needle<V>, CoordinatePair<V>>();
  /**
   * Hits per distinct (URL, sample, encoding): a run's payloads repeat (the same beacon sent every
   * few seconds), and a search is a pure function of its texts. Bounded by the characters of the
   * keys held (MEMO_CHARS), emptied when full, so memory follows neither the run nor its payloads.
   */
  private readonly memo = new Map<string, PayloadHit<V>[]>();
  private memoChars = 0;

  constructor(
    needles: readonly Needle<V>[],
    private readonly pairs: readonly CoordinatePair<V>[] = [],
    /** Tests lower it to compare the long-needle path with the trie on small texts. */
    trieMaxNeedle = TRIE_MAX_NEEDLE,
  ) {
    for (const p of pairs) {
      const needle: Needle<V> = { text: `${p.lat},${p.lng}`, encoding: 'coordinates', caseSensitive: true, value: p.value };
      this.pairNeedles.set(p, needle);
      this.pairOf.set(needle, p);
    }
    const rest: Needle<V>[] = [];
    for (const n of needles) {
      if (/^(md5|sha1|sha256)/.test(n.encoding) && /^[0-9a-f]+$/.test(n.text)) {
        const list = this.digests.get(n.text);
        if (list === undefined) this.digests.set(n.text, [n]);
        else list.push(n);
      } else rest.push(n);
    }
    this.digestLengths = [...new Set([...this.digests.keys()].map((k) => k.length))];
    this.shortestDigest = this.digests.size > 0 ? Math.min(...this.digestLengths) : 1;
    // Seven digits: 28 bits, a small integer for V8 (a Set of larger numbers hashes heap numbers).
    this.digestPrefixLength = Math.min(7, this.shortestDigest);
    for (const d of this.digests.keys()) this.digestPrefixes.add(Number.parseInt(d.slice(0, this.digestPrefixLength), 16));
    const inTrie = (n: Needle<V>) => n.text.length <= trieMaxNeedle;
    this.ciNeedles = rest.filter((n) => !n.caseSensitive && inTrie(n));
    this.csNeedles = rest.filter((n) => n.caseSensitive && inTrie(n));
    this.ciLong = rest.filter((n) => !n.caseSensitive && !inTrie(n)).map((n) => new LongNeedle(n, true));
    this.csLong = rest.filter((n) => n.caseSensitive && !inTrie(n)).map((n) => new LongNeedle(n, false));
    this.ci = new MultiMatcher(this.ciNeedles, true);
    this.cs = new MultiMatcher(this.csNeedles, false);
  }

  get size(): number {
    return this.pairs.length + this.ciNeedles.length + this.csNeedles.length + this.ciLong.length + this.csLong.length + [...this.digests.values()].reduce((a, l) => a + l.length, 0);
  }

  /** Nodes of both tries: the search's building cost, which must not follow the values' lengths past TRIE_MAX_NEEDLE. */
  get trieNodes(): number {
    return this.ci.nodes + this.cs.nodes;
  }

  /** One matcher's hits with its long needles' first occurrences merged in, in the trie's order. */
  private scanMatcher(matcher: MultiMatcher<V>, needles: readonly Needle<V>[], long: readonly LongNeedle<V>[], lower: boolean, text: string, take: (needle: Needle<V>, end: number) => void): void {
    const found = firstOccurrences(long, text, lower);
    let next = 0;
    matcher.scan(text, (i, end) => {
      for (; next < found.length && found[next]!.end <= end; next++) take(found[next]!.needle, found[next]!.end);
      take(needles[i]!, end);
    });
    for (; next < found.length; next++) take(found[next]!.needle, found[next]!.end);
  }

  private scanText(text: string, where: string, out: PayloadHit<V>[], seen: Set<Needle<V>>): void {
    const take = (needle: Needle<V>, end: number) => {
      if (seen.has(needle)) return;
      seen.add(needle);
      const start = end - needle.text.length;
      const found = text.slice(start, end);
      let encoding = needle.encoding;
      if (encoding.startsWith('raw')) {
        const rest = encoding.slice(3);
        if (found === needle.text) encoding = `raw${rest}`;
        else if (found === needle.text.toUpperCase()) encoding = `upper-case${rest}`;
        else if (found === needle.text.toLowerCase()) encoding = `lower-case${rest}`;
        else encoding = `raw, other case${rest}`;
      } else if (/^(md5|sha1|sha256)/.test(encoding) && found !== found.toLowerCase()) {
        encoding = `${encoding}, upper-case hex`;
      }
      out.push({ needle, start, end, where, excerpt: text.slice(Math.max(0, start - 40), Math.min(text.length, end + 40)), encoding });
    };
    for (const h of coordinateHits(text, this.pairs)) {
      const needle = this.pairNeedles.get(h.pair)!;
      if (seen.has(needle)) continue;
      seen.add(needle);
      out.push({ needle, start: h.start, end: h.end, where, excerpt: text.slice(Math.max(0, h.start - 40), Math.min(text.length, h.end + 40)), encoding: `raw (coordinates ${h.order}, ${h.decimals} decimals)` });
    }
    this.scanMatcher(this.ci, this.ciNeedles, this.ciLong, true, text, take);
    this.scanMatcher(this.cs, this.csNeedles, this.csLong, false, text, take);
    if (this.digests.size > 0) {
      const p = this.digestPrefixLength;
      const mask = 2 ** (4 * p) - 1;
      forEachRun(text, HEX_UNITS, this.shortestDigest, (start, end) => {
        const run = text.slice(start, end).toLowerCase();
        for (const len of this.digestLengths) {
          // `prefix` holds the p digits from k on (shifted in one digit a step).
          let prefix = 0;
          for (let i = 0; i < p - 1; i++) prefix = (prefix << 4) | hexDigit(run.charCodeAt(i));
          for (let k = 0; k + len <= run.length; k++) {
            prefix = ((prefix << 4) | hexDigit(run.charCodeAt(k + p - 1))) & mask;
            if (!this.digestPrefixes.has(prefix)) continue;
            const list = this.digests.get(run.slice(k, k + len));
            if (list !== undefined) for (const n of list) take(n, start + k + len);
          }
        }
      });
    }
  }

  /**
   * Every needle found in the URL or the sample (each needle reported once per event). A match
   * inside a longer match of the same value (a coordinate's 4-decimal form inside the full one,
   * or inside the coordinate pair it belongs to) is dropped.
   */
  find(url: string | null, sample: string | null, sampleEncoding: string | null): readonly PayloadHit<V>[] {
    // null and '' differ: each part is tagged with whether it is present.
    const key = `${sampleEncoding ?? '\u0000'}\u0001${url === null ? '\u0000' : `u${url}`}\u0001${sample === null ? '\u0000' : `s${sample}`}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const hits = this.searchOnce(url, sample, sampleEncoding);
    if (this.memoChars + key.length > MEMO_CHARS) {
      this.memo.clear();
      this.memoChars = 0;
    }
    this.memo.set(key, hits);
    this.memoChars += key.length;
    return hits;
  }

  private searchOnce(url: string | null, sample: string | null, sampleEncoding: string | null): PayloadHit<V>[] {
    const hits = this.findAll(url, sample, sampleEncoding);
    const same = (o: PayloadHit<V>, h: PayloadHit<V>) => o.needle.value === h.needle.value || (this.pairOf.get(o.needle)?.covers?.includes(h.needle.value) ?? false);
    return hits.filter((h) => !hits.some((o) => o !== h && same(o, h) && o.where === h.where && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  }

  private findAll(url: string | null, sample: string | null, sampleEncoding: string | null): PayloadHit<V>[] {
    const out: PayloadHit<V>[] = [];
    const seen = new Set<Needle<V>>();
    if (url !== null) {
      this.scanText(url, 'url', out, seen);
      try {
        const decoded = decodeURIComponent(url);
        if (decoded !== url) this.scanText(decoded, 'url (decoded)', out, seen);
      } catch {
        // Malformed escapes: the raw URL was searched.
      }
    }
    if (sample === null) return out;
    let bytes: Buffer;
    let text: string;
    if (sampleEncoding === 'base64') {
      bytes = Buffer.from(sample, 'base64');
      text = bytes.toString('latin1');
    } else {
      text = sample;
      bytes = Buffer.from(sample, 'utf8');
    }
    this.scanText(text, 'sample', out, seen);
    // A form-encoded body ("ll=31.24%2C121.48"): its separators are escaped.
    if (/%[0-9A-Fa-f]{2}/.test(text)) {
      try {
        const decoded = decodeURIComponent(text.replace(/\+/g, ' '));
        if (decoded !== text) this.scanText(decoded, 'sample (url-decoded)', out, seen);
      } catch {
        // Malformed escapes: the raw sample was searched.
      }
    }
    // A gzip body (whole sample, or after HTTP headers).
    const gz = bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08]));
    if (gz >= 0) {
      try {
        const inflated = gunzipSync(bytes.subarray(gz), { finishFlush: zc.Z_SYNC_FLUSH });
        this.scanText(inflated.toString('latin1'), 'sample (gzip)', out, seen);
        this.scanText(inflated.toString('utf8'), 'sample (gzip)', out, seen);
      } catch {
        // Not gzip after all, or cut too early.
      }
    }
    // Base64 blobs inside the payload (whole JSON bodies encoded by SDKs): each whole run of 16 or
    // more Base64 characters (either alphabet) with the padding after it.
    let blobs = 0;
    forEachRun(text, BASE64_UNITS, MIN_BLOB, (start, runEnd) => {
      let end = runEnd;
      while (end < text.length && end - runEnd < 2 && text.charCodeAt(end) === 0x3d /* = */) end++;
      const blob = text.slice(start, end);
      if (!/[A-Z]/.test(blob) || !/[a-z]/.test(blob)) return true; // hex and plain words are not Base64 blobs
      blobs++;
      const decoded = Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
      if (printable(decoded) >= 0.85) this.scanText(decoded, 'sample (base64 blob)', out, seen);
      return blobs < MAX_BLOBS;
    });
    return out;
  }
}
