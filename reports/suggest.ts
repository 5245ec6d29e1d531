// "Did you mean …?" for names a person typed: data types and SDK ids in declared lists.
import { DATA_TYPES, DATA_TYPE_NAMES, type DataType } from '../protocol/constants.js';
import type { Catalog } from '../attribution/index.js';
import { searchCatalog } from '../attribution/search.js';
import { dataTypesOfWording, resolveSdk } from './lists/resolve.js';

/** Damerau-Levenshtein distance (optimal string alignment), bounded: returns max+1 once exceeded. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-./()（）]+/g, '');

/** Closest candidates by edit distance (relative to length), best first. */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const q = norm(input);
  if (q === '') return [];
  const max = Math.max(1, Math.floor(q.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const n = norm(c);
    let d = editDistance(q, n, max);
    if (d > max && (n.includes(q) || q.includes(n)) && Math.min(n.length, q.length) >= 3) d = max; // prefix/containment
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.length - y.c.length || x.c.localeCompare(y.c));
  return [...new Set(scored.map((s) => s.c))].slice(0, limit);
}

/** Data types whose wire name, English/Chinese label or a common alias is close to `input`. */
export function suggestDataTypes(input: string, limit = 3): DataType[] {
  // The vocabulary published lists use (protocol/vocabulary.ts) first: "CMEI" is cmei, not imei.
  const named = dataTypesOfWording(input);
  if (named.length > 0) return named.slice(0, limit);
  const byLabel = new Map<string, DataType>();
  for (const name of DATA_TYPE_NAMES) {
    byLabel.set(name, name);
    byLabel.set(DATA_TYPES[name].en, name);
    byLabel.set(DATA_TYPES[name].zh, name);
  }
  const out: DataType[] = [];
  for (const hit of closest(input, [...byLabel.keys()], limit * 3)) {
    const dt = byLabel.get(hit)!;
    if (!out.includes(dt)) out.push(dt);
  }
  return out.slice(0, limit);
}

/** Catalog SDK ids close to `input`: edit distance over ids and names, then the catalog search. */
export function suggestSdkIds(catalog: Catalog, input: string, limit = 5): { id: string; name: string }[] {
  // A name as published lists write it ("VIVO推送", "高德地图", a legal company name) first.
  const named = resolveSdk(catalog, input, undefined).sdks;
  const byKey = new Map<string, string>();
  for (const s of catalog.sdks) {
    byKey.set(s.entry.id, s.entry.id);
    if (!byKey.has(s.entry.name)) byKey.set(s.entry.name, s.entry.id);
    if (s.entry.nameZh !== undefined && !byKey.has(s.entry.nameZh)) byKey.set(s.entry.nameZh, s.entry.id);
  }
  const ids: string[] = [...named];
  for (const hit of closest(input, [...byKey.keys()], limit * 2)) {
    const id = byKey.get(hit)!;
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length < limit) {
    for (const h of searchCatalog(catalog, input)) {
      if (ids.length >= limit) break;
      if (!ids.includes(h.entry.id)) ids.push(h.entry.id);
    }
  }
  return ids.slice(0, limit).map((id) => ({ id, name: catalog.byId.get(id)!.entry.name }));
}
