// Resolves the wording of published lists to what sdktrace compares: a cell such as
// "设备标识符(IMEI、IMSI、Android ID)、MAC地址、网络信息" to data types, and a row's SDK name and
// company ("友盟统计SDK", "友盟同欣（北京）科技有限公司") to catalog SDK ids. Every phrase keeps its
// text beside what it resolved to, and what nothing resolves is returned as such: an importer
// lists it for the analyst instead of dropping it. The vocabulary is protocol/vocabulary.ts, the
// names are the catalog's (aliases, legal names, families): one home each.
import { DATA_TYPES, DATA_TYPE_NAMES, type DataType } from '../../protocol/constants.js';
import { DATA_TYPE_SYNONYMS, DATA_TYPE_UMBRELLAS, NOT_PERSONAL_WORDINGS } from '../../protocol/vocabulary.js';
import type { Catalog } from '../../attribution/index.js';

/** How one phrase of a data-type cell resolved. */
export interface PhraseResolution {
  /** The phrase as the list writes it. */
  text: string;
  /** 'type': named data types; 'umbrella': a group term standing for its members; 'not-personal':
   * recognised wording that names no device data type; 'unresolved': nothing matched. */
  kind: 'type' | 'umbrella' | 'not-personal' | 'unresolved';
  types: DataType[];
  /** The umbrella wording that matched (kind 'umbrella'). */
  umbrella?: string;
}

export interface CellResolution {
  types: DataType[];
  phrases: PhraseResolution[];
}

/** NFKC, lower case, no spaces, no "的" (蓝牙的mac地址 = 蓝牙mac地址). */
export function normWording(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/的/g, '');
}

type Meaning = { kind: 'type'; types: DataType[] } | { kind: 'umbrella'; types: DataType[]; word: string } | { kind: 'not-personal' };

let lexicon: Map<string, Meaning> | null = null;
let maxWord = 0;

function buildLexicon(): Map<string, Meaning> {
  const m = new Map<string, Meaning>();
  const add = (w: string, meaning: Meaning) => {
    const k = normWording(w);
    if (k === '') return;
    const cur = m.get(k);
    // A word two types claim names both (rare; kept visible rather than picking one).
    if (cur !== undefined && cur.kind === 'type' && meaning.kind === 'type') {
      m.set(k, { kind: 'type', types: [...new Set([...cur.types, ...meaning.types])] });
      return;
    }
    if (cur === undefined || meaning.kind === 'type') m.set(k, meaning);
  };
  for (const w of NOT_PERSONAL_WORDINGS) add(w, { kind: 'not-personal' });
  for (const u of DATA_TYPE_UMBRELLAS) for (const w of u.words) add(w, { kind: 'umbrella', types: [...u.members], word: w });
  for (const t of DATA_TYPE_NAMES) {
    for (const w of [t, DATA_TYPES[t].en, ...DATA_TYPE_SYNONYMS[t]]) add(w, { kind: 'type', types: [t] });
    // The Chinese label, and each of its "/"-separated parts ("相册/媒体文件").
    for (const w of [DATA_TYPES[t].zh, ...DATA_TYPES[t].zh.split('/')]) add(w, { kind: 'type', types: [t] });
  }
  maxWord = Math.max(...[...m.keys()].map((k) => k.length));
  return m;
}

function lex(): Map<string, Meaning> {
  return (lexicon ??= buildLexicon());
}

const ASCII_WORD = /^[a-z0-9_&-]+$/;
const isAsciiAlnum = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);

/** Leading words that only say how or which ("如", "获取", "【仅Android】"). */
const LEAD = /^(?:【[^】]*】|\[[^\]]*\]|仅\s*android|仅\s*ios|android\s*端|ios\s*端|android\s*如|ios\s*如|双端|必选信息|可选信息|例如|比如|包括|包含|含|如|即|获取|读取|读写|收集|访问|查看|查询|使用|调用|您的|用户的|手机的|本机|以及|及|和|或|\d+\s*[.、．])[:：]?/i;
/** Trailing words that only say "and so on" or "permission". */
const TRAIL = /(?:等等|等相关信息|等信息|等|相关信息|的权限|权限)$/;

function strip(s: string): string {
  let x = s.trim();
  for (let prev = ''; prev !== x; ) {
    prev = x;
    x = x.replace(LEAD, '').replace(TRAIL, '').replace(/^[\s:：,，.。;；、*]+|[\s:：,，.。;；、*]+$/g, '');
  }
  return x;
}

/** One phrase with no separators left: exact word, else the words found inside it (longest first, left to right). */
function resolveLeaf(text: string): PhraseResolution {
  const L = lex();
  const n = normWording(strip(text));
  const exact = L.get(n) ?? L.get(n.replace(/信息$/, '')) ?? L.get(`${n}信息`);
  const result = (meanings: Meaning[]): PhraseResolution => {
    const types = [...new Set(meanings.flatMap((m) => (m.kind === 'not-personal' ? [] : m.types)))];
    const typeHit = meanings.some((m) => m.kind === 'type');
    const umbrella = meanings.find((m): m is Extract<Meaning, { kind: 'umbrella' }> => m.kind === 'umbrella');
    if (typeHit) return { text, kind: 'type', types };
    if (umbrella !== undefined) return { text, kind: 'umbrella', types, umbrella: umbrella.word };
    if (meanings.length > 0) return { text, kind: 'not-personal', types: [] };
    return { text, kind: 'unresolved', types: [] };
  };
  if (exact !== undefined) return result([exact]);
  const found: Meaning[] = [];
  for (let i = 0; i < n.length; ) {
    let hit: { len: number; m: Meaning } | null = null;
    for (let len = Math.min(maxWord, n.length - i); len >= 2; len--) {
      const w = n.slice(i, i + len);
      const m = L.get(w);
      if (m === undefined) continue;
      // An ASCII word matches as a whole word only ("ip" not in "vip", "sn" not in "json").
      if (ASCII_WORD.test(w) && (isAsciiAlnum(n[i - 1]) || isAsciiAlnum(n[i + len]))) continue;
      hit = { len, m };
      break;
    }
    if (hit === null) i++;
    else {
      found.push(hit.m);
      i += hit.len;
    }
  }
  return result(found);
}

/** Splits at top-level separators; parentheses (ASCII or full width) and 【】 group. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if ('(（[【'.includes(c)) depth++;
    if (')）]】'.includes(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '、,，;；\n/|'.includes(c)) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

/** "A及B", "A和B", "A以及B" between two wordings: two phrases. */
function splitConjunctions(s: string): string[] {
  return s.split(/以及|及|和|与|或/).map((x) => x.trim()).filter((x) => x !== '');
}

/** Phrases that are filler ("其他设备相关信息", "等"): neither resolved nor unresolved. */
const FILLER = /^(?:其他|其它|其余|等|等等|以及其他|具体字段因.*|具体.*以.*为准.*|无|不涉及|n\/a|-|—|\/)/i;

function resolvePart(part: string, out: PhraseResolution[]): void {
  // "head(inner)tail": inner specifics narrow an umbrella head; a specific head counts too.
  const m = /^(.*?)[(（](.*)[)）]([^()（）]*)$/s.exec(part);
  if (m !== null) {
    const [, head, inner, tail] = m as unknown as [string, string, string, string];
    const innerOut: PhraseResolution[] = [];
    for (const p of splitTop(inner)) resolvePart(p, innerOut);
    const innerTyped = innerOut.some((p) => p.types.length > 0);
    const headText = `${head}${tail}`.trim();
    if (headText !== '' && !FILLER.test(strip(headText))) {
      const h = resolveLeaf(headText);
      if (!innerTyped || h.kind === 'type') out.push(h);
    }
    out.push(...innerOut.filter((p) => innerTyped || p.kind !== 'unresolved' || headText === ''));
    return;
  }
  const stripped = strip(part.replace(/[【\[][^】\]]*[】\]]/g, ''));
  if (stripped === '' || FILLER.test(stripped)) return;
  const whole = resolveLeaf(part);
  if (whole.kind === 'type' || whole.kind === 'umbrella') {
    // "A及B" where the whole already found A and B is one phrase; otherwise try the halves.
    const halves = splitConjunctions(stripped);
    if (halves.length > 1) {
      const rs = halves.filter((h) => !FILLER.test(strip(h))).map(resolveLeaf);
      if (rs.every((r) => r.kind !== 'unresolved') && rs.flatMap((r) => r.types).length > whole.types.length) {
        out.push(...rs);
        return;
      }
    }
    out.push(whole);
    return;
  }
  const halves = splitConjunctions(stripped);
  if (halves.length > 1) {
    for (const h of halves) if (!FILLER.test(strip(h))) out.push(resolveLeaf(h));
    return;
  }
  out.push(whole);
}

/** Resolves a data-type cell ("设备标识符(IMEI、OAID)、网络信息、外部存储") phrase by phrase. */
export function resolveDataTypes(cell: string): CellResolution {
  const phrases: PhraseResolution[] = [];
  const text = cell.normalize('NFKC').replace(/\r/g, '');
  for (const part of splitTop(text)) resolvePart(part, phrases);
  const types = [...new Set(phrases.flatMap((p) => p.types))].sort((a, b) => DATA_TYPE_NAMES.indexOf(a) - DATA_TYPE_NAMES.indexOf(b));
  return { types, phrases };
}

/** Data types a single wording names, for "did you mean" (empty when it names none). */
export function dataTypesOfWording(wording: string): DataType[] {
  const r = resolveDataTypes(wording);
  return r.phrases.some((p) => p.kind === 'unresolved') ? [] : r.types;
}

// ---------------------------------------------------------------------------------------------
// SDK names and companies

export interface SdkResolution {
  /** Catalog SDK ids (several when the row names a product family or a one-SDK vendor's company). */
  sdks: string[];
  /** What decided: the row's name (exact or contained), a family, or the company's legal name. */
  via: 'name' | 'family' | 'company' | null;
  /** The catalog name or legal name that matched. */
  matched: string | null;
  /** The catalog vendor the company names, when it resolved. */
  vendor: string | null;
}

/** Lower case, NFKC, without spaces, punctuation, "SDK" and platform words. */
export function normName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\((?:android|ios|安卓)[^)]*\)|(?:android|安卓)(?:端|版)?$/g, '')
    .replace(/sdk/g, '')
    .replace(/[\s\-_.·,:;'"’()/&+、，（）【】\[\]]+/g, '');
}

/** Company names without the legal-form words, for comparing "北京小米移动软件有限公司" and "小米移动软件有限公司". */
function normCompany(s: string): string {
  return normName(s).replace(/股份有限公司$|有限责任公司$|有限公司$|集团$|coltd$|inc$|llc$|limited$|gmbh$|corp$/, '');
}

interface NameIndex {
  names: Map<string, { ids: string[]; name: string; family: boolean }>;
  /** Longest first, for "contains" matching. */
  ordered: string[];
  companies: Map<string, { vendor: string; ids: string[]; name: string }>;
}

const indexes = new WeakMap<Catalog, NameIndex>();

function nameIndex(catalog: Catalog): NameIndex {
  let ix = indexes.get(catalog);
  if (ix !== undefined) return ix;
  const names = new Map<string, { ids: string[]; name: string; family: boolean }>();
  const companies = new Map<string, { vendor: string; ids: string[]; name: string }>();
  // Curated entries (they have a vendor) win names over raw-source entries that merely share them.
  const sdks = [...catalog.sdks].sort((a, b) => Number(b.entry.vendor !== undefined) - Number(a.entry.vendor !== undefined));
  for (const s of sdks) {
    const e = s.entry;
    for (const n of [e.id, e.name, e.nameZh, ...(e.aliases ?? [])]) {
      if (n === undefined) continue;
      const k = normName(n);
      if (k.length < 2 || names.has(k)) continue;
      names.set(k, { ids: [e.id], name: n, family: false });
    }
    for (const l of e.legalNames ?? []) {
      const k = normCompany(l);
      if (k.length < 2) continue;
      const cur = companies.get(k) ?? { vendor: e.vendor ?? l, ids: [], name: l };
      cur.ids.push(e.id);
      companies.set(k, cur);
    }
  }
  for (const f of catalog.families) for (const n of f.names) names.set(normName(n), { ids: [...f.sdks], name: n, family: true });
  const ordered = [...names.keys()].filter((k) => k.length >= 2).sort((a, b) => b.length - a.length);
  ix = { names, ordered, companies };
  indexes.set(catalog, ix);
  return ix;
}

/** The catalog vendor a company name (legal, Chinese or English) names, with its SDKs. */
export function resolveCompany(catalog: Catalog, company: string): { vendor: string; ids: string[]; name: string } | null {
  const ix = nameIndex(catalog);
  const k = normCompany(company);
  if (k.length < 2) return null;
  const exact = ix.companies.get(k);
  if (exact !== undefined) return exact;
  // "小米移动软件有限公司" for "北京小米移动软件有限公司": one contains the other (long enough to be a name).
  for (const [name, v] of ix.companies) if (Math.min(name.length, k.length) >= 4 && (name.includes(k) || k.includes(name))) return v;
  return null;
}

const ASCII_ONLY = /^[a-z0-9]+$/;

/**
 * The catalog SDKs a row names. The name decides (exact, family, then the longest catalog name it
 * contains, ASCII names as whole words); the company narrows a contained match to its vendor and,
 * for a vendor with one catalog SDK, names that SDK when the name does not.
 */
export function resolveSdk(catalog: Catalog, name: string | undefined, company: string | undefined): SdkResolution {
  const ix = nameIndex(catalog);
  const vendor = company !== undefined ? resolveCompany(catalog, company) : null;
  const none: SdkResolution = { sdks: [], via: null, matched: null, vendor: vendor?.vendor ?? null };
  const tryName = (raw: string): SdkResolution | null => {
    const k = normName(raw);
    if (k.length < 2) return null;
    const exact = ix.names.get(k);
    if (exact !== undefined) return { sdks: exact.ids, via: exact.family ? 'family' : 'name', matched: exact.name, vendor: vendor?.vendor ?? null };
    const inVendor = (ids: string[]) => vendor === null || ids.some((id) => vendor.ids.includes(id));
    for (const cand of ix.ordered) {
      if (cand.length < 2 || !k.includes(cand)) continue;
      if (ASCII_ONLY.test(cand)) {
        const at = k.indexOf(cand);
        if (/[a-z0-9]/.test(k[at - 1] ?? '') || /[a-z0-9]/.test(k[at + cand.length] ?? '')) continue;
        if (cand.length < 3) continue;
      } else if (cand.length < 2) continue;
      const hit = ix.names.get(cand)!;
      if (!inVendor(hit.ids)) continue;
      return { sdks: hit.ids, via: hit.family ? 'family' : 'name', matched: hit.name, vendor: vendor?.vendor ?? null };
    }
    return null;
  };
  if (name !== undefined && name.trim() !== '') {
    // "推送通知消息(OPPO推送SDK)": the bracketed product name first, then the whole.
    const inner = [...name.matchAll(/[(（]([^()（）]+)[)）]/g)].map((m) => m[1]!);
    for (const n of [...inner, name]) {
      const r = tryName(n);
      if (r !== null) return r;
    }
  }
  // Only a row without a product name is its company's single SDK: a named product the catalog
  // lacks ("流式语音识别SDK" from Volcengine) is not that vendor's other SDK.
  if ((name === undefined || name.trim() === '') && vendor !== null && vendor.ids.length === 1) return { sdks: [...vendor.ids], via: 'company', matched: vendor.name, vendor: vendor.vendor };
  return none;
}
