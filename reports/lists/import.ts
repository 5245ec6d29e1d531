// Reads declared lists as apps publish them and writes sdktrace's format: text copied from the
// page (field-per-line blocks such as "第三方名称：… 使用目的：… 收集个人信息类型：…", or tables
// copied with "|"), HTML saved from the page (tables, with merged cells; else its text), CSV and
// XLSX. Every row is kept: what its SDK name, company and data-type wording resolved to sits
// beside the original text of every cell, and wording nothing resolved is listed for the analyst
// (per entry and in `imported.unresolved`), never dropped. Parsing is htmlparser2 (HTML) and
// exceljs (CSV/XLSX): real parsers for the broken markup saved pages have.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { Parser } from 'htmlparser2';
import type { Catalog } from '../../attribution/index.js';
import { UserError } from '../../protocol/errors.js';
import { resolveCompany, resolveDataTypes, resolveSdk } from './resolve.js';
import { LISTS_FORMAT, LISTS_SCHEMA_ID, type CollectedEntry, type DeclaredLists, type SharedEntry } from './schema.js';

export type ImportKind = 'text' | 'html' | 'csv' | 'xlsx';

/** One row as published: where it is, its cells by field name, and the list it was under. */
export interface PublishedRow {
  location: string;
  cells: [string, string][];
  /** From the nearest heading: "collected" (个人信息收集清单) or "sharing" (第三方/SDK清单). */
  section: 'collected' | 'sharing' | null;
  /** A heading line right above a field-per-line block ("1、个推推送SDK"): the SDK name when no field gives one. */
  title?: string;
}

// ---------------------------------------------------------------------------------------------
// Field names

type Role = 'name' | 'company' | 'dataTypes' | 'purpose' | 'scenario' | 'transfer' | 'policyUrl' | 'website' | 'count' | 'platform' | 'category' | 'recipient' | 'note';

/** Field names as lists print them, per role; matched exactly first, then by the longest contained. */
const FIELD_WORDS: readonly [Role, readonly string[]][] = [
  ['name', ['sdk名称', '第三方sdk名称', 'sdk', '产品/类型', '产品名称', '插件名称', '服务名称', '合作方产品', '第三方sdk', 'sdk/api名称', '第三方服务名称', '名称', 'sdk服务名称', '产品', '功能类型']],
  ['company', ['接收方名称', '第三方名称', '第三方公司名称', '所属公司名称', '公司主体', 'sdk厂商', '运营方', 'sdk提供方', '提供方', '合作方名称', '第三方主体', '开发者', '公司名称', '第三方运营方', 'sdk开发者', '第三方机构名称', '合作方主体', '主体名称', '所属公司', '厂商', '第三方']],
  [
    'dataTypes',
    ['收集个人信息类型', '个人信息字段', '共享信息', '共享信息名称', '涉及的个人信息', '个人信息收集范围', 'sdk收集的个人信息字段', '数据类型', '收集的个人信息', '信息名称', '个人信息种类', '共享个人信息', '处理的个人信息', '收集信息', '使用的个人信息', '共享的个人信息', '个人信息类型', '收集的信息', '收集个人信息', '个人信息', '共享信息类型', '收集个人信息字段', '收集数据类型', '涉及个人信息', '处理个人信息类型', '个人信息范围', '数据字段', '权限'],
  ],
  ['purpose', ['使用目的', '收集目的', '用途和目的', '处理目的', '目的', '共享目的', '用途', '使用目的及用途']],
  ['scenario', ['使用场景', '场景描述', '业务场景', '功能场景', '业务功能', '功能描述', '频次或者时机', '收集场景', '功能', '应用场景', '场景']],
  ['transfer', ['共享方式', '收集方式', '处理方式', '传输方式', '共享/收集方式', '提供方式', '采集方式', '数据传输方式']],
  ['policyUrl', ['隐私政策', '第三方隐私政策链接', '隐私政策链接', '第三方个人信息处理规则', '隐私权政策', '第三方隐私政策或官网链接', '第三方隐私连接', '第三方隐私链接', '隐私政策地址', '个人信息处理规则', '第三方隐私政策']],
  ['website', ['官网链接', '官方链接', '官网', '官网地址']],
  ['count', ['收集情况', '下载后累计收集次数', '已收集次数', '收集次数', '累计收集次数', '收集数量']],
  ['platform', ['客户端', '平台', '适用平台', '系统', '操作系统']],
  ['category', ['类型', '信息类型', '类别', '序号', '分类']],
  ['recipient', ['接收方', '共享对象', '信息接收方', '接收方类型']],
  ['note', ['备注', '说明', '数据是否去标识化传输', '第三方数据安全能力描述', '隐私简化声明', '去标识化', '是否去标识化']],
];

const normField = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s*:：\-–—·•]+/g, '');

export function fieldRole(field: string): Role | null {
  const f = normField(field);
  if (f === '') return null;
  for (const [role, words] of FIELD_WORDS) if (words.some((w) => normField(w) === f)) return role;
  // A field name containing a known one ("第三方SDK名称及版本"): short, and mostly that name — not a
  // sentence or heading that happens to end in a colon ("我们接入的第三方SDK目录如下：").
  if (f.length > 12 || /清单|目录|如下|时间|更新|生效/.test(f)) return null;
  let best: { role: Role; len: number } | null = null;
  for (const [role, words] of FIELD_WORDS) {
    for (const w of words) {
      const n = normField(w);
      if (n.length >= 2 && f.includes(n) && n.length * 2 >= f.length && (best === null || n.length > best.len)) best = { role, len: n.length };
    }
  }
  return best?.role ?? null;
}

// ---------------------------------------------------------------------------------------------
// Readers: file -> rows

const SHARING_HEADING = /第三方|sdk|共享|合作|委托|接入/i;
const COLLECTED_HEADING = /收集.*清单|已收集|个人信息清单|收集个人信息/;

function headingSection(line: string): 'collected' | 'sharing' | null {
  if (line.length > 60) return null;
  if (SHARING_HEADING.test(line) && /清单|目录|列表|说明|名单/.test(line)) return 'sharing';
  if (COLLECTED_HEADING.test(line)) return 'collected';
  return null;
}

/** "第三方名称：每日互动" / "- 使用目的: 推送" -> [field, value]; a field name is short and has no sentence punctuation. */
const FIELD_LINE = /^\s*(?:[-*•·]\s*)?([^:：，。,;；()（）]{1,24}?)\s*[:：]\s*(.*)$/;

function isUrlLine(line: string): boolean {
  return /^\s*https?:\/\//i.test(line);
}

/** Field-per-line blocks and "|" tables from plain text. */
export function rowsFromText(text: string): PublishedRow[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  // Blank lines separate rows unless the page puts one between every field (then only headings
  // and repeated fields do): decided by how many field lines follow a blank line.
  const isField = (l: string) => {
    const m = FIELD_LINE.exec(l.trim());
    return m !== null && !isUrlLine(l) && fieldRole(m[1]!) !== null;
  };
  const fieldLines = lines.map((l, i) => ({ field: isField(l), afterBlank: i > 0 && lines[i - 1]!.trim() === '' })).filter((x) => x.field);
  const blankSeparates = fieldLines.filter((x) => x.afterBlank).length * 2 < fieldLines.length;
  let sawBlank = false;
  const rows: PublishedRow[] = [];
  let section: PublishedRow['section'] = null;
  let cur: PublishedRow | null = null;
  let lastField: [string, string] | null = null;
  let title: string | undefined;
  let header: string[] | null = null;
  const flush = () => {
    if (cur !== null && cur.cells.length > 0) rows.push(cur);
    cur = null;
    lastField = null;
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '') {
      header = null;
      sawBlank = true;
      return;
    }
    const afterBlank = sawBlank;
    sawBlank = false;
    // A "|" table row: the first one is the header.
    const bars = (line.match(/\|/g) ?? []).length;
    if (bars >= 2) {
      const cells = line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return;
      if (header === null) {
        flush();
        header = cells;
        return;
      }
      const h = header;
      rows.push({ location: `line ${lineNo}`, section, cells: cells.map((c, j) => [h[j] ?? `column ${j + 1}`, c] as [string, string]).filter(([, v]) => v !== '') });
      return;
    }
    header = null;
    const sec = headingSection(line);
    const m = FIELD_LINE.exec(line);
    if (m !== null && !isUrlLine(line) && fieldRole(m[1]!) !== null) {
      const field = m[1]!.trim();
      // A field seen again starts the next row (blocks without a heading line between them), and
      // so does a blank line where blank lines separate blocks.
      if (cur !== null && (cur as PublishedRow).cells.some(([f]) => normField(f) === normField(field))) flush();
      else if (cur !== null && afterBlank && blankSeparates && (cur as PublishedRow).cells.length >= 2) flush();
      if (cur === null) {
        cur = { location: `line ${lineNo}`, section, cells: [], ...(title !== undefined ? { title } : {}) };
        title = undefined;
      }
      lastField = [field, m[2]!.trim()];
      cur.cells.push(lastField);
      return;
    }
    // "联系地址：…", "敏感系统权限：…": a field sdktrace does not use, inside a block, stays in the row's cells.
    if (m !== null && cur !== null && sec === null && !isUrlLine(line) && m[1]!.trim().length <= 10) {
      lastField = [m[1]!.trim(), m[2]!.trim()];
      (cur as PublishedRow).cells.push(lastField);
      return;
    }
    if (sec !== null) {
      flush();
      section = sec;
      title = undefined;
      return;
    }
    // A URL or a continuation line belongs to the field above, and so does the line after a field
    // printed with its value below it ("使用目的：" then "一键登录"); any other short line is a heading.
    if (lastField !== null && (lastField[1] === '' || isUrlLine(line) || line.length > 40 || /^[、，,;；(（]/.test(line))) {
      lastField[1] = `${lastField[1]}${lastField[1] === '' ? '' : ' '}${line}`;
      return;
    }
    flush();
    title = line.replace(/^(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*/, '').replace(/^[（(]\d+[)）]\s*/, '').trim();
  });
  flush();
  return rows;
}

interface HtmlTable {
  rows: string[][];
  /** The text right before the table (its heading). */
  heading: string;
}

/** Tables (rowspan/colspan filled in) and the page's text with line breaks at block elements. */
export function parseHtml(html: string): { tables: HtmlTable[]; text: string } {
  type Span = { text: string; left: number; from: number };
  type T = { rows: string[][]; spans: Map<number, Span>; rowNo: number; row: string[] | null; cell: string | null; rowspan: number; colspan: number; heading: string };
  const tables: HtmlTable[] = [];
  const stack: T[] = [];
  let text = '';
  let skip = 0;
  const BLOCK = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'table', 'ul', 'ol', 'dt', 'dd', 'article', 'header', 'footer', 'blockquote', 'pre']);
  const lastLines = () => text.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-1).join(' ');
  // Columns still covered by a cell spanning down from a row above are filled with its text.
  const fillSpans = (t: T) => {
    while (t.row !== null && t.spans.has(t.row.length)) t.row.push(t.spans.get(t.row.length)!.text);
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style' || name === 'noscript') skip++;
        if (BLOCK.has(name)) text += '\n';
        const t = stack[stack.length - 1];
        if (name === 'table') stack.push({ rows: [], spans: new Map(), rowNo: 0, row: null, cell: null, rowspan: 1, colspan: 1, heading: lastLines() });
        else if (t === undefined) return;
        else if (name === 'tr') t.row = [];
        else if (name === 'td' || name === 'th') {
          t.row ??= [];
          fillSpans(t);
          t.cell = '';
          t.rowspan = Math.max(1, Math.min(500, Number(attrs.rowspan) || 1));
          t.colspan = Math.max(1, Math.min(50, Number(attrs.colspan) || 1));
        } else if (t.cell !== null && (name === 'br' || name === 'p' || name === 'div' || name === 'li')) t.cell += '\n';
      },
      ontext(data) {
        if (skip > 0) return;
        text += data;
        const t = stack[stack.length - 1];
        if (t !== undefined && t.cell !== null) t.cell += data;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'noscript') skip = Math.max(0, skip - 1);
        if (BLOCK.has(name)) text += '\n';
        const t = stack[stack.length - 1];
        if (t === undefined) return;
        if ((name === 'td' || name === 'th') && t.cell !== null && t.row !== null) {
          const v = t.cell.replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
          for (let c = 0; c < t.colspan; c++) {
            if (t.rowspan > 1) t.spans.set(t.row.length, { text: v, left: t.rowspan - 1, from: t.rowNo });
            t.row.push(v);
          }
          t.cell = null;
        } else if (name === 'tr' && t.row !== null) {
          fillSpans(t);
          for (const [col, sp] of [...t.spans]) {
            if (sp.from === t.rowNo) continue;
            if (--sp.left <= 0) t.spans.delete(col);
          }
          t.rowNo++;
          if (t.row.some((c) => c !== '')) t.rows.push(t.row);
          t.row = null;
        } else if (name === 'table') {
          stack.pop();
          tables.push({ rows: t.rows, heading: t.heading });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return { tables, text: text.replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n\n') };
}

/** Rows of one table whose first row names fields (or, for a two-column table, field-value pairs). */
function rowsFromTable(rows: string[][], where: (r: number) => string, section: PublishedRow['section']): PublishedRow[] {
  if (rows.length === 0) return [];
  // A two-column table of "field | value" pairs is one record per block.
  const pairs = rows.every((r) => r.length === 2 && fieldRole(r[0]!) !== null);
  if (pairs) {
    const out: PublishedRow[] = [];
    let cur: PublishedRow | null = null;
    rows.forEach((r, i) => {
      if (cur !== null && cur.cells.some(([f]) => normField(f) === normField(r[0]!))) {
        out.push(cur);
        cur = null;
      }
      cur ??= { location: where(i), section, cells: [] };
      cur.cells.push([r[0]!, r[1]!]);
    });
    if (cur !== null) out.push(cur);
    return out;
  }
  const headerAt = rows.findIndex((r) => r.filter((c) => fieldRole(c) !== null).length >= 2);
  if (headerAt < 0) return [];
  const header = rows[headerAt]!;
  const out: PublishedRow[] = [];
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.every((c, j) => c === header[j])) continue;
    const cells = r.map((c, j) => [header[j] ?? `column ${j + 1}`, c] as [string, string]).filter(([, v]) => v.trim() !== '');
    if (cells.length > 0) out.push({ location: where(i), section, cells });
  }
  return out;
}

export function rowsFromHtml(html: string): PublishedRow[] {
  const { tables, text } = parseHtml(html);
  const rows: PublishedRow[] = [];
  tables.forEach((t, ti) => rows.push(...rowsFromTable(t.rows, (r) => `table ${ti + 1}, row ${r + 1}`, headingSection(t.heading) ?? (/收集/.test(t.heading) && !/第三方|sdk/i.test(t.heading) ? 'collected' : null))));
  if (rows.length > 0) return rows;
  // No usable table: the page writes field-per-line blocks.
  return rowsFromText(text);
}

/** CSV and XLSX through exceljs (the project's spreadsheet library). */
export async function rowsFromSheet(path: string, kind: 'csv' | 'xlsx'): Promise<PublishedRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  if (kind === 'csv') await wb.csv.readFile(path);
  else await wb.xlsx.readFile(path);
  const out: PublishedRow[] = [];
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    const rowNos: number[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        cells.push((cell.text ?? '').toString().trim());
      }
      rows.push(cells);
      rowNos.push(n);
    });
    const section = headingSection(ws.name);
    out.push(...rowsFromTable(rows, (r) => (kind === 'csv' ? `row ${rowNos[r]}` : `sheet ${ws.name}, row ${rowNos[r]}`), section));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rows -> entries

/** "SDK本机采集" -> sdk; "后台接口传输" -> server (both named: the SDK part is observable, so sdk). */
function transferOf(text: string | undefined): SharedEntry['transfer'] | undefined {
  if (text === undefined) return undefined;
  if (/sdk|本机|嵌入|客户端|采集/i.test(text)) return 'sdk';
  if (/后台|服务器|服务端|接口传输|\bapi\b|云端传输|server/i.test(text)) return 'server';
  // "通过去标识化、加密传输和处理" says how it is protected, not who transfers: the cell stays in source.
  return undefined;
}

function platformsOf(texts: string[]): ('android' | 'ios' | 'harmonyos')[] | undefined {
  const t = texts.join(' ').normalize('NFKC').toLowerCase();
  if (/仅\s*ios|ios\s*端?\s*(?:专用|独有)|only\s*ios/.test(t) && !/android|安卓/.test(t.replace(/仅\s*ios/g, ''))) return ['ios'];
  if (/仅\s*(?:android|安卓)|only\s*android/.test(t)) return ['android'];
  return undefined;
}

const url = (s: string | undefined) => (s === undefined ? undefined : /https?:\/\/\S+/.exec(s)?.[0]);

export interface ImportedLists {
  lists: DeclaredLists;
  stats: ImportStats;
}

export interface ImportStats {
  rows: number;
  collectedRows: number;
  sharingRows: number;
  /** Sharing rows that name an SDK or company (not a recipient class). */
  sdkRows: number;
  /** ...of which resolved to catalog SDK ids. */
  sdkRowsResolvedToIds: number;
  /** ...of which name no product and resolved to a catalog vendor through the company's legal name. */
  sdkRowsResolvedToVendor: number;
  phrases: number;
  phrasesResolved: number;
  /** Recognised wording that names no device data type (app version, SDK version...). */
  phrasesNotPersonal: number;
  unresolved: { path: string; field: string; text: string }[];
}

export function importRows(rows: PublishedRow[], opts: { catalog: Catalog; file: string; kind: ImportKind; sha256?: string; app?: string; by: string }): ImportedLists {
  const collected: CollectedEntry[] = [];
  const sharing: SharedEntry[] = [];
  const unresolved: ImportStats['unresolved'] = [];
  const stats: ImportStats = { rows: rows.length, collectedRows: 0, sharingRows: 0, sdkRows: 0, sdkRowsResolvedToIds: 0, sdkRowsResolvedToVendor: 0, phrases: 0, phrasesResolved: 0, phrasesNotPersonal: 0, unresolved };
  for (const row of rows) {
    const by = new Map<Role, string>();
    for (const [field, value] of row.cells) {
      const role = fieldRole(field);
      if (role === null || value.trim() === '') continue;
      by.set(role, by.has(role) ? `${by.get(role)!}\n${value}` : value);
    }
    // "共享类型：内嵌 SDK(高德地图 SDK)": a type cell naming the SDK stands in for a missing name.
    const category = by.get('category');
    const name = by.get('name') ?? row.title ?? (category !== undefined && /sdk/i.test(category) ? category : undefined);
    const company = by.get('company');
    const recipient = by.get('recipient');
    const typesText = by.get('dataTypes') ?? '';
    const isSharing = name !== undefined || company !== undefined || recipient !== undefined ? row.section !== 'collected' || company !== undefined : row.section === 'sharing';
    const dt = resolveDataTypes(typesText);
    const rowUnresolved = dt.phrases.filter((p) => p.kind === 'unresolved').map((p) => p.text);
    stats.phrases += dt.phrases.length;
    stats.phrasesResolved += dt.phrases.filter((p) => p.kind === 'type' || p.kind === 'umbrella').length;
    stats.phrasesNotPersonal += dt.phrases.filter((p) => p.kind === 'not-personal').length;
    const common = {
      source: { location: row.location, cells: Object.fromEntries(dedupeFields(row.title !== undefined ? [['(heading)', row.title], ...row.cells] : row.cells)) },
      phrases: dt.phrases.map((p) => ({ text: p.text, dataTypes: p.types, kind: p.kind })),
    };
    const purpose = (by.get('purpose') ?? '').trim() || '(not stated in the published list)';
    const scenario = by.get('scenario')?.trim() || undefined;
    // The row's platform column or name ("仅Android"); "【仅Android】" inside the type cell qualifies
    // single fields, not the row.
    const platforms = platformsOf([by.get('platform') ?? '', name ?? '']);
    const note = [by.get('category'), by.get('note')].filter((x) => x !== undefined && x.trim() !== '').join('; ') || undefined;
    if (isSharing) {
      stats.sharingRows++;
      const r = resolveSdk(opts.catalog, name, company);
      const vendorOnly = r.sdks.length === 0 && company !== undefined && resolveCompany(opts.catalog, company) !== null;
      const isRecipientClass = name === undefined && company === undefined;
      if (!isRecipientClass) {
        stats.sdkRows++;
        if (r.sdks.length > 0) stats.sdkRowsResolvedToIds++;
        else if (vendorOnly && name === undefined) stats.sdkRowsResolvedToVendor++;
      }
      // A product name the catalog lacks is listed even when its company resolved to a vendor.
      if (!isRecipientClass && r.sdks.length === 0 && (!vendorOnly || name !== undefined)) rowUnresolved.unshift(name ?? company!);
      const policy = by.get('policyUrl');
      const website = by.get('website');
      const entry: SharedEntry = {
        ...(r.sdks.length === 1 ? { sdk: r.sdks[0]! } : {}),
        ...(r.sdks.length > 1 ? { sdks: r.sdks } : {}),
        ...(company !== undefined ? { company: company.trim() } : {}),
        ...(name !== undefined ? { name: name.trim() } : {}),
        ...(isRecipientClass && recipient === undefined ? { name: '(no name in the published list)' } : {}),
        dataTypes: dt.types,
        purpose,
        ...(scenario !== undefined ? { scenario } : {}),
        ...(transferOf(by.get('transfer')) !== undefined ? { transfer: transferOf(by.get('transfer'))! } : {}),
        ...(platforms !== undefined ? { platforms } : {}),
        ...(recipient !== undefined ? { recipient: recipient.trim() } : {}),
        ...(url(policy) !== undefined ? { policyUrl: url(policy)! } : policy !== undefined && policy.trim() !== '' ? { policyUrl: policy.trim() } : {}),
        ...(url(website) !== undefined ? { website: url(website)! } : {}),
        ...(note !== undefined ? { note } : {}),
        ...common,
        ...(rowUnresolved.length > 0 ? { unresolved: rowUnresolved } : {}),
      };
      if (entry.sdk === undefined && entry.sdks === undefined && entry.company === undefined && entry.name === undefined) entry.name = recipient!.trim();
      const path = `$.sharing[${sharing.length}]`;
      sharing.push(entry);
      for (const t of rowUnresolved) unresolved.push({ path, field: t === (name ?? company) && r.sdks.length === 0 ? 'sdk' : 'dataTypes', text: t });
    } else {
      stats.collectedRows++;
      const count = /(\d+)\s*[次条]/.exec(by.get('count') ?? '');
      const entry: CollectedEntry = {
        dataTypes: dt.types,
        purpose,
        ...(scenario !== undefined ? { scenario } : {}),
        ...(platforms !== undefined ? { platforms } : {}),
        ...(count !== null ? { collectedCount: Number(count[1]) } : {}),
        ...(note !== undefined ? { note } : {}),
        ...common,
        ...(rowUnresolved.length > 0 ? { unresolved: rowUnresolved } : {}),
      };
      const path = `$.collected[${collected.length}]`;
      collected.push(entry);
      for (const t of rowUnresolved) unresolved.push({ path, field: 'dataTypes', text: t });
    }
  }
  const lists: DeclaredLists = {
    $schema: LISTS_SCHEMA_ID,
    format: LISTS_FORMAT,
    app: { ...(opts.app !== undefined ? { package: opts.app } : {}) },
    collected,
    sharing,
    imported: { by: opts.by, from: opts.file, kind: opts.kind, ...(opts.sha256 !== undefined ? { sha256: opts.sha256 } : {}), unresolved },
  };
  return { lists, stats };
}

/** Cells by field name; a field printed twice keeps both texts. */
function dedupeFields(cells: [string, string][]): [string, string][] {
  const m = new Map<string, string>();
  for (const [f, v] of cells) {
    const k = f.trim() || '(no field name)';
    m.set(k, m.has(k) ? `${m.get(k)!}\n${v}` : v);
  }
  return [...m];
}

export function importKindOf(path: string): ImportKind {
  const e = extname(path).toLowerCase();
  if (e === '.html' || e === '.htm' || e === '.xhtml') return 'html';
  if (e === '.csv') return 'csv';
  if (e === '.xlsx') return 'xlsx';
  return 'text';
}

/** Reads a published list from a file (kind from its extension). */
export async function importPublishedLists(path: string, bytes: Buffer, opts: { catalog: Catalog; app?: string; by: string; kind?: ImportKind }): Promise<ImportedLists> {
  const kind = opts.kind ?? importKindOf(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let rows: PublishedRow[];
  if (kind === 'csv' || kind === 'xlsx') {
    try {
      rows = await rowsFromSheet(path, kind);
    } catch (e) {
      throw new UserError(`${path}: cannot read as ${kind.toUpperCase()}: ${(e as Error).message}; save the list as UTF-8 CSV, XLSX, HTML or text`);
    }
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UserError(`${path}: not UTF-8 text; save the page or the copied text as UTF-8`);
    }
    rows = kind === 'html' ? rowsFromHtml(text) : rowsFromText(text);
  }
  if (rows.length === 0) {
    throw new UserError(`${path}: no list rows found: expected field-per-line blocks ("第三方名称：…", "使用目的：…", "收集个人信息类型：…"), a table whose header names such fields, or a "|" table`);
  }
  return importRows(rows, { catalog: opts.catalog, file: path, kind, sha256, ...(opts.app !== undefined ? { app: opts.app } : {}), by: opts.by });
}
