#!/usr/bin/env node
// Builds data/catalog/sdks.json, the one SDK catalog sdktrace ships, from the raw public sources
// in data/sdk-sources (Exodus, LibChecker, LibRadar, v2fly; see NOTICE) plus the
// hand-curated data/catalog/curated.json. Run with `npm run catalog`.
//
// Plain .mjs so Node 20 runs it without a TypeScript step; scripts/build-catalog.d.mts types it
// for the tests. Output is deterministic (sorted, no timestamps): rebuilding from the same inputs
// gives the same bytes and the same catalog version.
//
// Merge policy, in order (docs/attribution.md explains each step):
//   1. read each source into records: name, category, prefixes, libs, lib patterns, components,
//      actions, domains, website;
//   2. drop over-broad prefixes (curated `rejectPrefixes`, bare top-level domains);
//   3. merge records into SDKs: a curated entry absorbs every record whose name is one of its
//      aliases; records with the same normalised name merge (case, punctuation, a trailing "SDK"
//      and a parenthesised remark do not count; "(... Proxy)" does);
//   4. give every key (prefix, lib, component, action, domain) exactly one owner: curated first,
//      then Exodus, LibChecker, LibRadar; a domain several SDKs of one vendor claim becomes a
//      vendor-level claim; an SDK left with no keys is folded into the SDK that took them.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SOURCES = join(root, 'data', 'sdk-sources');
export const DEFAULT_CURATED = join(root, 'data', 'catalog', 'curated.json');
export const DEFAULT_OUT = join(root, 'data', 'catalog', 'sdks.json');

/** Where each raw source comes from; copied into the catalog so a run records its provenance. */
export const SOURCES = [
  { id: 'exodus', name: 'Exodus Privacy tracker list', repository: 'TrackerControl/tracker-control-android', commit: '8c119b04ae2e', path: 'app/src/main/assets/trackers.json', licence: 'ODbL-1.0 (database), DbCL-1.0 (contents)' },
  { id: 'libchecker', name: 'LibChecker rules (bundle v42, cloud v36, metadata)', repository: 'LibChecker/LibChecker-Rules-Bundle, LibChecker/LibChecker-Rules', commit: '6d9deafe8bfd, 3ec8753a0bb5', path: 'lcrules/rules.db, cloud/rules/v3/rules.db, *-libs/*.json', licence: 'Apache-2.0' },
  { id: 'libradar', name: 'LibRadar library tags', repository: 'pkumza/LibRadar', commit: '2fa38911', path: 'LibRadar/Data/IntermediateData/tag_rules.csv', licence: 'Apache-2.0' },
  { id: 'v2fly', name: 'v2fly domain-list-community vendor lists', repository: 'v2fly/domain-list-community', commit: 'c975ccef9c19', path: 'data/<vendor>', licence: 'MIT' },
  { id: 'curated', name: 'sdktrace curated entries (vendor integration guides)', repository: 'this repository', commit: '', path: 'data/catalog/curated.json', licence: 'MIT (facts cited per entry)' },
];
const RANK = { curated: 0, exodus: 1, libchecker: 2, libradar: 3 };

// ---------------------------------------------------------------------------------------------
// Small helpers

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Enough for the two CSV sources. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
function csvObjects(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
export const hasCjk = (s) => CJK.test(s);

/** Name key used to recognise the same SDK across sources: case, spacing, punctuation and a trailing "SDK" do not matter. */
export function normName(s) {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.·,:;'"’()（）/&+]+/g, '')
    .replace(/(sdk)+$/, '');
}

/**
 * Key for merging records by name: "Heyzap (bought by Fyber)" is LibRadar's "Heyzap", but
 * "MiPush(GeTui Proxy)" is not MiPush, and very short keys ("AD(X)" vs "AdSDK") prove nothing.
 */
export function nameKey(name) {
  const stripped = /proxy/i.test(name) ? '' : normName(name.replace(/\(.*?\)/g, ''));
  if (stripped.length >= 4) return stripped;
  const full = normName(name);
  return full.length >= 3 ? full : name.toLowerCase();
}

/** kebab-case ASCII id from a name; '' when the name has no ASCII letters. */
export function slug(s) {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

const JAVA_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const TOP_LEVEL = new Set(['com', 'org', 'net', 'cn', 'io', 'me', 'de', 'fr', 'uk', 'co', 'jp', 'kr', 'ru', 'in', 'us', 'tv', 'app', 'android', 'java', 'javax']);
/** A Java package or class prefix worth a trie entry: a valid name, not a bare top-level segment. */
export function validPrefix(p) {
  return JAVA_NAME.test(p) && !(p.indexOf('.') < 0 && TOP_LEVEL.has(p));
}

/**
 * `<literal>(.*)` regex rules (LibChecker writes `com\.kwad\.sdk\.api\.proxy\.(.*)`) describe a
 * name prefix; returns it without the trailing dot, or null for any other regex.
 */
export function regexPrefix(re) {
  const m = /^((?:[\w$]|\\\.|\.)+?)\\?\.?\(\.\*\)$/.exec(re);
  if (!m) return null;
  const p = m[1].replace(/\\\./g, '.').replace(/\.$/, '');
  return validPrefix(p) ? p : null;
}

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/;
/** Exodus network signatures are regexes; keep those that are plain domains after unescaping. */
export function domainFromSignature(sig) {
  const d = sig.trim().replace(/^\.\*\\?\./, '').replace(/\\/g, '').replace(/^\.+/, '').toLowerCase();
  return DOMAIN.test(d) ? d : null;
}

// Category vocabulary (docs/attribution.md). Sources without one get it from keywords, first match.
const KEYWORD_CATEGORIES = [
  ['oaid', /\boaid\b|\bmsa\b|移动安全联盟/],
  ['push', /push|推送|c2dm|cloud messaging|\bfcm\b|\bmcs\b|notification/],
  ['ads', /\bads?\b|广告|advert|admob|mobads|adsdk|ad network|audience network|mediation|\bdsp\b|offerwall|rewarded/],
  ['crash', /crash|bugly|崩溃|sentry|bugsnag|\bacra\b|breakpad|crashpad|exception/],
  ['apm', /\bapm\b|性能|performance|monitor|tracing|matrix|koom|leakcanary/],
  ['login', /login|登录|认证|\bauth|account|帐号|账号|oauth|sign-in|verif|身份|实人|核身/],
  ['payment', /\bpay|支付|billing|wallet|银联|\biap\b|purchase|commerce|电商/],
  ['location', /locat|定位|geofenc|beacon/],
  ['map', /\bmaps?\b|地图|导航|\bnavi|\blbs\b|mapbox/],
  ['social', /share|分享|social|weibo|wechat|微信|微博|\bqq\b|twitter|facebook|开放平台|douyin|抖音/],
  ['security', /安全|加固|security|guard|protect|anti|风控|指纹|fingerprint|captcha|验证|防护|shield|jiagu|\broot|反外挂|risk|易盾/],
  ['analytics', /analytic|统计|track|attribution|数据|增长|measure|\bstat|insight|event|growth|分析/],
  ['webview', /webview|\bx5\b|\btbs\b|浏览|内核|chromium|crosswalk|\bgeckoview|\bxul\b/],
  ['im', /\bim\b|chat|通信|云信|messag|客服|customer|rtc|实时音视频/],
  ['media', /player|video|audio|直播|音视频|视频|音频|媒体|ffmpeg|codec|voice|语音|camera|image|图片|\bgif|webp|美颜|特效|speech|\bopus|\blame|\bpng|\bjpeg|\bheif|\bavif|\bx264|sound/],
  ['ai', /tensorflow|litert|\bmnn\b|ncnn|ml kit|\bai\b|识别|\bocr|人脸|\bface|paddle|onnx|mindspore|mediapipe|\btnn\b|\bsnpe|大模型|\bllm/],
  ['game', /game|游戏|unity|unreal|cocos|godot|\bengine|libgdx|laya/],
  ['hotfix', /hotfix|热修复|tinker|andfix|\bpatch|replugin|virtualapk|virtualapp|插件化|qigsaw|neptune|\bmira\b/],
  ['network', /http|okhttp|cronet|network|网络|quic|\bdns|socket|netty|mqtt|download|retrofit|okio|volley|curl|\btls|\bssl|conscrypt|tunnel|vpn|proxy|\bp2p|torrent/],
  ['ui', /jetpack|material|layout|\bview|widget|\bui\b|recycler|compose|lottie|toast|dialog|picker|glide|fresco|picasso|drawable|animation|\bpopup|\bfloat/],
  ['framework', /flutter|react native|xamarin|cordova|uni-app|dcloud|\bqt[56]\b|framework|kotlin|support library|quick ?app|快应用|小程序|mini ?program|hermes|\bv8\b|quickjs|node\.js|lua|python/],
];
export function inferCategory(...texts) {
  const t = texts.filter(Boolean).join(' ').toLowerCase();
  for (const [cat, re] of KEYWORD_CATEGORIES) if (re.test(t)) return cat;
  return 'library';
}

const EXODUS_CATEGORIES = [['Advertisement', 'ads'], ['Crash reporting', 'crash'], ['Analytics', 'analytics'], ['Location', 'location'], ['Identification', 'identification'], ['Profiling', 'analytics']];
const LIBRADAR_TYPES = {
  Advertisement: 'ads', 'Mobile Analytics': 'analytics', 'Social Network': 'social', Payment: 'payment',
  'Map/LBS': 'map', 'Game Engine': 'game', 'GUI Component': 'ui', 'Development Framework': 'framework',
  'App Market': 'app-store', 'Digital Identity': 'identification',
};

/** Vendor from the first word of a tracker name, for the big vendors only (names like "Google AdMob"). */
const NAME_VENDORS = {
  google: 'Google', firebase: 'Google', facebook: 'Meta', meta: 'Meta', yandex: 'Yandex', amazon: 'Amazon',
  microsoft: 'Microsoft', huawei: 'Huawei', xiaomi: 'Xiaomi', tencent: 'Tencent', baidu: 'Baidu',
  alibaba: 'Alibaba', aliyun: 'Alibaba', umeng: 'Umeng (Alibaba)', adobe: 'Adobe', oracle: 'Oracle',
  salesforce: 'Salesforce', twitter: 'Twitter', verizon: 'Verizon', yahoo: 'Yahoo', unity: 'Unity',
  unity3d: 'Unity', samsung: 'Samsung', ibm: 'IBM', applovin: 'AppLovin', bytedance: 'ByteDance',
  jiguang: 'Jiguang (Aurora Mobile)', hms: 'Huawei', wechat: 'Tencent', kuaishou: 'Kuaishou', vivo: 'vivo', oppo: 'OPPO',
};
function vendorFromName(name) {
  const first = name.split(/[\s/(]+/)[0].toLowerCase();
  return NAME_VENDORS[first];
}
/** Vendor id used for vendor-level domain claims: the vendor name without its parenthesis. */
export function vendorId(vendor) {
  return slug(vendor.replace(/\(.*\)/, ''));
}

/** Team names LibChecker spells differently from the curated vendors. */
const VENDOR_CANON = {
  个推: 'Getui (Meiri Hudong)', 极光: 'Jiguang (Aurora Mobile)', Aliyun: 'Alibaba', HUAWEI: 'Huawei',
  Umeng: 'Umeng (Alibaba)', 快手: 'Kuaishou', KwaiAppTeam: 'Kuaishou', Netease: 'NetEase', Facebook: 'Meta',
  旷视: 'Megvii', 'Aurora 极光': 'Jiguang (Aurora Mobile)', 融云: 'RongCloud', '融云 RongCloud': 'RongCloud', 即构: 'Zego', 移动安全联盟: 'China Academy of Information and Communications Technology (MSA)',
};
const canonVendor = (v) => (v ? (VENDOR_CANON[v] ?? v) : v);

/** Platform packages LibRadar tags as libraries (android.widget): never a third party. */
const PLATFORM_PREFIX = /^(java|dalvik|libcore)(\.|$)|^android\.(?!support\.|arch\.)/;

function newRecord(source, key, name) {
  return {
    source, key, name, nameZh: undefined, vendor: undefined, category: undefined, website: undefined,
    prefixes: new Set(), libs: new Set(), libPatterns: new Set(), components: new Set(), actions: new Set(), domains: new Set(),
    aliases: new Set(), refs: [], note: undefined, transparent: false, id: undefined, hints: [],
  };
}
const KEY_KINDS = ['prefixes', 'libs', 'libPatterns', 'components', 'actions'];

// ---------------------------------------------------------------------------------------------
// Source readers. Each returns records plus counts of what it had to drop (reported in stats).

export function readExodus(json) {
  const dropped = { signatures: 0, domains: 0 };
  const records = [];
  for (const t of Object.values(json.trackers).sort((a, b) => a.id - b.id)) {
    const r = newRecord('exodus', String(t.id), t.name.trim());
    for (const raw of t.code_signature.split('|')) {
      const p = raw.trim().replace(/\.+$/, '');
      if (!p) continue;
      // A leading dot means "anywhere in the class name" (.sizmek.): not a prefix, so not exact.
      if (validPrefix(p)) r.prefixes.add(p);
      else dropped.signatures++;
    }
    for (const raw of t.network_signature.split('|')) {
      if (!raw.trim()) continue;
      const d = domainFromSignature(raw);
      if (d) r.domains.add(d);
      else dropped.domains++;
    }
    for (const [label, cat] of EXODUS_CATEGORIES) if (!r.category && t.categories.includes(label)) r.category = cat;
    r.category ??= inferCategory(t.name);
    r.website = t.website || undefined;
    r.vendor = vendorFromName(t.name);
    records.push(r);
  }
  return { records, dropped };
}

const LIBCHECKER_META = { 0: 'native-libs', 1: 'services-libs', 2: 'activities-libs', 3: 'receivers-libs', 4: 'providers-libs' };

export function readLibChecker(bundleCsv, cloudCsv, metadata) {
  const dropped = { regex: 0 };
  const bundle = csvObjects(bundleCsv);
  const cloud = csvObjects(cloudCsv);
  // The newer bundle relabels some rules ("C++ Shared" -> "C++ 共享库"): follow it, keep the old label as an alias.
  const bundleLabel = new Map(bundle.map((r) => [`${r.type}:${r.name}`, r.label]));
  const bundleLabels = new Set(bundle.map((r) => r.label));
  const renamed = new Map();
  for (const r of cloud) {
    const b = bundleLabel.get(`${r.type}:${r.name}`);
    if (b && b !== r.label && !bundleLabels.has(r.label) && !renamed.has(r.label)) renamed.set(r.label, b);
  }
  const rows = [...bundle, ...cloud.filter((r) => !bundleLabel.has(`${r.type}:${r.name}`))];
  const byLabel = new Map();
  for (const row of rows) {
    const label = renamed.get(row.label) ?? row.label;
    let r = byLabel.get(label);
    if (!r) {
      r = newRecord('libchecker', label, label);
      if (hasCjk(label)) r.nameZh = label;
      r.teams = new Map();
      byLabel.set(label, r);
    }
    if (row.label !== label) r.aliases.add(row.label);
    const regex = row.isRegexRule === '1';
    const type = Number(row.type);
    const name = row.name.trim();
    if (type === 0) {
      if (regex) r.libPatterns.add(name);
      else r.libs.add(name);
    } else if (type >= 1 && type <= 5) {
      if (regex) {
        const p = regexPrefix(name);
        if (p) r.prefixes.add(p);
        else dropped.regex++;
      } else if (type === 5) {
        if (validPrefix(name)) r.prefixes.add(name);
      } else if (JAVA_NAME.test(name)) r.components.add(name);
    } else if (type === 6 || type === 9) {
      r.actions.add(name);
    }
    if (row.regexName) r.hints.push(row.regexName.replace(/^regex_/, ''));
    const group = metadata[LIBCHECKER_META[type]] ?? {};
    const meta = group[regex ? `regex/${row.regexName}` : name] ?? group[name];
    if (meta) {
      if (meta.team) r.teams.set(meta.team, (r.teams.get(meta.team) ?? 0) + 1);
      if (!r.website && /^https?:\/\//.test(meta.relativeUrl ?? '')) r.website = meta.relativeUrl;
      if (!r.description && meta.description) r.description = meta.description;
    }
  }
  const records = [...byLabel.values()];
  for (const r of records) {
    const team = [...r.teams.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    r.vendor = canonVendor(team?.[0]) ?? vendorFromName(r.name);
    r.category = inferCategory(r.name, r.description);
    delete r.teams;
  }
  return { records, dropped, renamed: renamed.size };
}

export function readLibRadar(csvText) {
  const byName = new Map();
  for (const row of csvObjects(csvText)) {
    const name = row['Library Name'].trim();
    if (!name || name === 'no') continue;
    const pkg = row['Package Name'].replace(/^L/, '').replace(/\/+$/, '').replace(/\//g, '.');
    let r = byName.get(name);
    if (!r) {
      r = newRecord('libradar', name, name);
      byName.set(name, r);
    }
    if (validPrefix(pkg) && !PLATFORM_PREFIX.test(pkg)) r.prefixes.add(pkg);
    const type = row.Type.trim();
    if (!r.category && LIBRADAR_TYPES[type]) r.category = LIBRADAR_TYPES[type];
    const site = row['Official Website'].trim();
    if (!r.website && /^https?:\/\//.test(site)) r.website = site;
    else if (!r.website && DOMAIN.test(site.toLowerCase())) r.website = `http://${site}`;
  }
  const records = [...byName.values()];
  for (const r of records) {
    r.category ??= inferCategory(r.name);
    r.vendor = vendorFromName(r.name);
  }
  return { records };
}

/** v2fly files read as vendor-level domain lists; ids line up with vendorId() of SDK vendors. */
export const V2FLY_VENDORS = {
  alibaba: { id: 'alibaba', name: 'Alibaba', nameZh: '阿里巴巴' },
  alibabacloud: { id: 'alibaba', name: 'Alibaba', nameZh: '阿里巴巴' },
  amap: { id: 'amap', name: 'AMap (AutoNavi)', nameZh: '高德' },
  baidu: { id: 'baidu', name: 'Baidu', nameZh: '百度' },
  bytedance: { id: 'bytedance', name: 'ByteDance', nameZh: '字节跳动' },
  getui: { id: 'getui', name: 'Getui (Meiri Hudong)', nameZh: '个推（每日互动）' },
  growingio: { id: 'growingio', name: 'GrowingIO', nameZh: '北京易数科技' },
  huawei: { id: 'huawei', name: 'Huawei', nameZh: '华为' },
  jiguang: { id: 'jiguang', name: 'Jiguang (Aurora Mobile)', nameZh: '极光' },
  kuaishou: { id: 'kuaishou', name: 'Kuaishou', nameZh: '快手' },
  meizu: { id: 'meizu', name: 'Meizu', nameZh: '魅族' },
  oppo: { id: 'oppo', name: 'OPPO', nameZh: 'OPPO' },
  sina: { id: 'sina-weibo', name: 'Sina Weibo', nameZh: '新浪微博' },
  tencent: { id: 'tencent', name: 'Tencent', nameZh: '腾讯' },
  tendcloud: { id: 'talkingdata', name: 'TalkingData (Tendcloud)', nameZh: '腾云天下' },
  umeng: { id: 'umeng', name: 'Umeng (Alibaba)', nameZh: '友盟+' },
  vivo: { id: 'vivo', name: 'vivo', nameZh: 'vivo' },
  xiaomi: { id: 'xiaomi', name: 'Xiaomi', nameZh: '小米' },
  zhangtao: { id: 'mobtech', name: 'MobTech', nameZh: '掌淘科技 MobTech' },
};
/** Comment-headed sections of a file that belong to another company ("# 游昆" in zhangtao). */
const V2FLY_FOREIGN_SECTIONS = { zhangtao: ['游昆'] };

export function readV2fly(dir) {
  const missingIncludes = new Set();
  const read = (file, seen) => {
    const out = new Set();
    const path = join(dir, file);
    if (seen.has(file)) return out;
    seen.add(file);
    if (!existsSync(path)) { missingIncludes.add(file); return out; }
    let foreign = false;
    for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
      const line = raw.trim();
      if (line.startsWith('#')) {
        const header = line.slice(1).trim();
        if (header) foreign = (V2FLY_FOREIGN_SECTIONS[file] ?? []).some((f) => header.startsWith(f));
        continue;
      }
      const body = line.replace(/\s#.*$/, '').replace(/\s+@\S+/g, '').trim();
      if (!body || foreign) continue;
      if (body.startsWith('include:')) {
        for (const d of read(body.slice(8).trim(), seen)) out.add(d);
        continue;
      }
      if (/^(regexp|keyword):/.test(body)) continue;
      const d = body.replace(/^(full|domain):/, '').toLowerCase();
      if (DOMAIN.test(d)) out.add(d);
    }
    return out;
  };
  const vendors = new Map();
  for (const [file, v] of Object.entries(V2FLY_VENDORS)) {
    const entry = vendors.get(v.id) ?? { id: v.id, name: v.name, nameZh: v.nameZh, domains: new Set(), sources: new Set(['v2fly']) };
    for (const d of read(file, new Set())) entry.domains.add(d);
    vendors.set(v.id, entry);
  }
  return { vendors, missingIncludes: [...missingIncludes].sort() };
}

export function readCurated(json) {
  const records = json.sdks.map((e) => {
    const r = newRecord('curated', e.id, e.name);
    r.id = e.id;
    r.nameZh = e.nameZh;
    r.vendor = e.vendor;
    r.category = e.category;
    r.website = e.website;
    r.note = e.note;
    r.refs = e.refs ?? [];
    r.transparent = e.transparent === true;
    for (const k of [...KEY_KINDS, 'domains']) for (const v of e[k] ?? []) r[k].add(v);
    for (const a of e.aliases ?? []) r.aliases.add(a);
    // Legal names: the vendor's (companies table) and any the entry names itself.
    r.legalNames = [...new Set([...(json.companies ?? []).filter((c) => c.vendor === e.vendor).flatMap((c) => c.legalNames), ...(e.legalNames ?? [])])];
    return r;
  });
  return { records, rejectPrefixes: json.rejectPrefixes ?? [], families: json.families ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Merge

/** Domains that host many unrelated services: never an SDK-level claim, at most a vendor's. */
const BROAD_DOMAINS = new Set([
  'google.com', 'google.cn', 'googleapis.com', 'gstatic.com', 'facebook.com', 'facebook.net', 'fbcdn.net',
  'qq.com', 'tencent.com', 'baidu.com', 'alibaba.com', 'taobao.com', 'aliyun.com', 'aliyuncs.com',
  'amazonaws.com', 'cloudfront.net', 'akamaihd.net', 'akamaized.net', 'microsoft.com', 'azure.com',
  'apple.com', 'twitter.com', 'yandex.ru', 'yandex.net', 'herokudns.com', 'huawei.com', 'xiaomi.com',
]);

export function mergeCatalog({ curated, exodus, libchecker, libradar, vendors: v2flyVendors, rejectPrefixes }) {
  const stats = { rejectedPrefixes: 0, conflicts: { prefixes: 0, libs: 0, libPatterns: 0, components: 0, actions: 0, domains: 0 }, domainsToVendor: 0, folded: 0, droppedEmpty: 0 };
  const reject = new Set(rejectPrefixes.map((r) => r.prefix));
  const records = [...curated, ...exodus, ...libchecker, ...libradar];
  for (const r of records) {
    if (r.source === 'curated') continue;
    for (const p of [...r.prefixes]) if (reject.has(p)) { r.prefixes.delete(p); stats.rejectedPrefixes++; }
  }

  // Union-find over records; a cluster never holds two records of one source unless a curated alias put them there.
  const parent = records.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const members = records.map((r) => new Set([r.source]));
  const union = (a, b, force) => {
    const ra = find(a), rb = find(b);
    if (ra === rb) return;
    if (!force && [...members[rb]].some((s) => members[ra].has(s))) return;
    if (records[ra].source === 'curated' && records[rb].source === 'curated') return;
    const [keep, gone] = RANK[records[ra].source] <= RANK[records[rb].source] ? [ra, rb] : [rb, ra];
    parent[gone] = keep;
    for (const s of members[gone]) members[keep].add(s);
  };
  const curatedByName = new Map();
  records.forEach((r, i) => {
    if (r.source !== 'curated') return;
    for (const n of [r.name, r.nameZh, r.id, ...r.aliases]) if (n) curatedByName.set(normName(n), i);
  });
  records.forEach((r, i) => {
    if (r.source === 'curated') return;
    const c = curatedByName.get(normName(r.name)) ?? (r.nameZh ? curatedByName.get(normName(r.nameZh)) : undefined);
    if (c !== undefined) union(c, i, true);
  });
  const byName = new Map();
  records.forEach((r, i) => {
    if (r.source === 'curated') return;
    for (const n of [r.name, ...r.aliases]) {
      const k = nameKey(n);
      if (!k) continue;
      const j = byName.get(k);
      // Equal names are one SDK even within a source (LibChecker's "Realm" and "realm").
      if (j === undefined) byName.set(k, i);
      else union(j, i, true);
    }
  });

  // Clusters become entries; keys remember the best source rank that declared them.
  const clusters = new Map();
  records.forEach((r, i) => {
    const root = find(i);
    if (!clusters.has(root)) clusters.set(root, []);
    clusters.get(root).push(r);
  });
  const entries = [];
  for (const group of clusters.values()) {
    group.sort((a, b) => RANK[a.source] - RANK[b.source]);
    const primary = group[0];
    const english = group.find((r) => !hasCjk(r.name));
    const e = {
      id: primary.id,
      name: (primary.source === 'curated' ? primary : english ?? primary).name,
      nameZh: group.map((r) => r.nameZh).find(Boolean),
      vendor: group.map((r) => r.vendor).find(Boolean),
      category: primary.category,
      website: group.map((r) => r.website).find(Boolean),
      note: primary.note,
      refs: primary.refs,
      transparent: primary.transparent,
      legalNames: primary.legalNames ?? [],
      sources: new Set(group.map((r) => r.source)),
      aliases: new Set(),
      keys: Object.fromEntries([...KEY_KINDS, 'domains'].map((k) => [k, new Map()])),
      hints: group.flatMap((r) => r.hints),
      origin: primary,
    };
    // The catalog's category: curated, else the first source with a real one (not inferred "library").
    if (primary.source !== 'curated') e.category = group.map((r) => r.category).find((c) => c && c !== 'library') ?? 'library';
    for (const r of group) {
      for (const n of [r.name, r.nameZh, ...r.aliases]) if (n && n !== e.name && n !== e.nameZh) e.aliases.add(n);
      for (const k of [...KEY_KINDS, 'domains']) {
        for (const v of r[k]) {
          const prev = e.keys[k].get(v);
          if (prev === undefined || RANK[r.source] < prev) e.keys[k].set(v, RANK[r.source]);
        }
      }
    }
    entries.push(e);
  }

  // One owner per key. Ties between equal ranks go to the entry with fewer keys of that kind (the more specific SDK).
  const vendorClaims = new Map();
  const claimVendor = (vendor, d) => {
    const id = vendorId(vendor);
    const v = vendorClaims.get(id) ?? { id, name: vendor, domains: new Set(), sources: new Set() };
    v.domains.add(d);
    vendorClaims.set(id, v);
  };
  const originalKeys = new Map(entries.map((e) => [e, Object.fromEntries(Object.entries(e.keys).map(([k, m]) => [k, new Set(m.keys())]))]));
  for (const kind of [...KEY_KINDS, 'domains']) {
    const owners = new Map();
    for (const e of entries) for (const [v, rank] of e.keys[kind]) {
      if (!owners.has(v)) owners.set(v, []);
      owners.get(v).push({ e, rank });
    }
    for (const [v, claims] of owners) {
      if (kind === 'domains' && claims.every((c) => c.rank > 0)) {
        const vendors = new Set(claims.map((c) => c.e.vendor).filter(Boolean));
        const broad = BROAD_DOMAINS.has(v);
        if ((claims.length > 1 && vendors.size === 1 && claims.every((c) => c.e.vendor)) || broad) {
          for (const c of claims) c.e.keys.domains.delete(v);
          if (vendors.size === 1) claimVendor([...vendors][0], v);
          stats.domainsToVendor++;
          continue;
        }
      }
      if (claims.length < 2) continue;
      stats.conflicts[kind]++;
      claims.sort((a, b) => a.rank - b.rank || a.e.keys[kind].size - b.e.keys[kind].size || a.e.name.localeCompare(b.e.name));
      for (const c of claims.slice(1)) c.e.keys[kind].delete(v);
    }
  }

  // An entry whose every key went to other entries is the same SDK under another name: fold it into the one that took most.
  // One that never had a key (Exodus "Xiti") is dropped.
  const keyCount = (e) => Object.values(e.keys).reduce((n, m) => n + m.size, 0);
  const owner = new Map();
  for (const e of entries) for (const [k, m] of Object.entries(e.keys)) for (const v of m.keys()) owner.set(`${k}\0${v}`, e);
  const kept = [];
  for (const e of entries) {
    if (keyCount(e) > 0 || e.origin.source === 'curated') { kept.push(e); continue; }
    const votes = new Map();
    for (const [k, set] of Object.entries(originalKeys.get(e))) for (const v of set) {
      const o = owner.get(`${k}\0${v}`);
      if (o && o !== e) votes.set(o, (votes.get(o) ?? 0) + 1);
    }
    const target = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!target) {
      // Keys that became a vendor's claim (Exodus "Google DoubleClick" shares all its domains with AdMob): keep the name.
      if (Object.values(originalKeys.get(e)).some((set) => set.size > 0)) kept.push(e);
      else stats.droppedEmpty++;
      continue;
    }
    for (const n of [e.name, e.nameZh, ...e.aliases]) if (n && n !== target.name && n !== target.nameZh) target.aliases.add(n);
    for (const s of e.sources) target.sources.add(s);
    stats.folded++;
  }

  // Stable ids: curated ids as written; others from the English name, else a LibChecker rule name, else a package or library.
  const used = new Set(kept.filter((e) => e.id).map((e) => e.id));
  const ordered = [...kept].sort((a, b) => RANK[a.origin.source] - RANK[b.origin.source] || a.origin.key.localeCompare(b.origin.key, 'en'));
  for (const e of ordered) {
    if (e.id) continue;
    const firstKey = [...e.keys.prefixes.keys(), ...e.keys.components.keys()].sort()[0];
    const lib = [...e.keys.libs.keys(), ...e.keys.libPatterns.keys()].sort()[0];
    const pkg = firstKey?.split('.').slice(0, -1) ?? [];
    if (pkg.length > 1 && TOP_LEVEL.has(pkg[0])) pkg.shift();
    const noSdk = (n) => slug(n.replace(/\bsdk\b/gi, ' '));
    const short = noSdk(e.name.replace(/\(.*?\)/g, ' '));
    const fromName = [short.length >= 4 ? short : '', noSdk(e.name), slug(e.name)];
    const fromKeys = [
      pkg.length ? slug(pkg.slice(0, 3).join(' ')) : '',
      lib ? slug(lib.replace(/^lib/, '').replace(/\\?\.so$/, '').replace(/\(\.\*\)/g, '')) : '',
      e.hints[0] ? slug(e.hints[0]) : '',
    ];
    const vendorSuffixed = e.vendor && fromName[0] ? `${fromName[0]}-${vendorId(e.vendor)}` : '';
    // Chinese names carry only generic ASCII ("ID", "IM", "SDK"): their keys name them better.
    const candidates = (hasCjk(e.name) ? [...fromKeys, ...fromName] : [...fromName, vendorSuffixed, ...fromKeys])
      .filter((c) => c.length >= 2 && c !== 'sdk' && /[a-z]/.test(c));
    let id = candidates.find((c) => !used.has(c)) ?? candidates[0] ?? `sdk-${createHash('sha256').update(e.name).digest('hex').slice(0, 8)}`;
    for (let n = 2; used.has(id); n++) id = `${candidates[0]}-${n}`;
    used.add(id);
    e.id = id;
  }

  const sdks = kept
    .map((e) => {
      const list = (k) => [...e.keys[k].keys()].sort();
      const out = { id: e.id, name: e.name };
      if (e.nameZh && e.nameZh !== e.name) out.nameZh = e.nameZh;
      if (e.vendor) out.vendor = e.vendor;
      out.category = e.category;
      for (const k of [...KEY_KINDS, 'domains']) { const l = list(k); if (l.length) out[k] = l; }
      if (e.transparent) out.transparent = true;
      if (e.website) out.website = e.website;
      out.sources = [...e.sources].sort((a, b) => RANK[a] - RANK[b]);
      const aliases = [...e.aliases].sort();
      if (aliases.length) out.aliases = aliases;
      if (e.legalNames.length) out.legalNames = e.legalNames;
      if (e.note) out.note = e.note;
      if (e.refs?.length) out.refs = e.refs;
      return out;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Vendor-level domains: v2fly lists plus domains demoted above. An SDK-level claim always beats them at lookup.
  const vendorMap = new Map();
  for (const v of [...v2flyVendors.values(), ...vendorClaims.values()]) {
    const cur = vendorMap.get(v.id) ?? { id: v.id, name: v.name, nameZh: v.nameZh, domains: new Set(), sources: new Set() };
    for (const d of v.domains) cur.domains.add(d);
    for (const s of v.sources) cur.sources.add(s);
    if (v.sources.size === 0) cur.sources.add('exodus');
    vendorMap.set(v.id, cur);
  }
  // A domain in several vendor lists (v2fly's alibaba includes umeng) stays with the smallest list, the most specific vendor.
  const byDomain = new Map();
  for (const v of vendorMap.values()) for (const d of v.domains) {
    const cur = byDomain.get(d);
    if (!cur || v.domains.size < cur.domains.size || (v.domains.size === cur.domains.size && v.id < cur.id)) byDomain.set(d, v);
  }
  for (const v of vendorMap.values()) for (const d of [...v.domains]) if (byDomain.get(d) !== v) v.domains.delete(d);
  const vendors = [...vendorMap.values()]
    .map((v) => ({ id: v.id, name: v.name, ...(v.nameZh ? { nameZh: v.nameZh } : {}), domains: [...v.domains].sort(), sources: [...v.sources].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { sdks, vendors, stats };
}

// ---------------------------------------------------------------------------------------------
// Build, serialise, write

export function buildCatalog({ sourcesDir = DEFAULT_SOURCES, curatedPath = DEFAULT_CURATED } = {}) {
  const text = (p) => readFileSync(join(sourcesDir, p), 'utf8');
  const ex = readExodus(JSON.parse(text('exodus/trackers.json')));
  const lc = readLibChecker(
    text('libchecker/LibChecker-Rules-Bundle_lcrules_rules.csv'),
    text('libchecker/LibChecker-Rules_cloud_rules_v3_rules.csv'),
    JSON.parse(text('libchecker/LibChecker-Rules_component_and_nativelib_metadata.json')),
  );
  const lr = readLibRadar(text('libradar/tag_rules.csv'));
  const v2 = readV2fly(join(sourcesDir, 'v2fly'));
  const cu = readCurated(JSON.parse(readFileSync(curatedPath, 'utf8')));
  const merged = mergeCatalog({ curated: cu.records, exodus: ex.records, libchecker: lc.records, libradar: lr.records, vendors: v2.vendors, rejectPrefixes: cu.rejectPrefixes });

  const count = (k) => merged.sdks.reduce((n, s) => n + (s[k]?.length ?? 0), 0);
  const bySource = Object.fromEntries(['curated', 'exodus', 'libchecker', 'libradar'].map((s) => [s, merged.sdks.filter((x) => x.sources.includes(s)).length]));
  const stats = {
    sdks: merged.sdks.length,
    prefixes: count('prefixes'),
    libs: count('libs'),
    libPatterns: count('libPatterns'),
    components: count('components'),
    actions: count('actions'),
    domains: count('domains'),
    vendors: merged.vendors.length,
    vendorDomains: merged.vendors.reduce((n, v) => n + v.domains.length, 0),
    sdksBySource: bySource,
    records: { curated: cu.records.length, exodus: ex.records.length, libchecker: lc.records.length, libradar: lr.records.length },
    dropped: { exodusSignatures: ex.dropped.signatures, exodusDomains: ex.dropped.domains, libcheckerRegex: lc.dropped.regex, rejectedPrefixes: merged.stats.rejectedPrefixes, emptyRecords: merged.stats.droppedEmpty },
    folded: merged.stats.folded,
    conflicts: merged.stats.conflicts,
    domainsToVendor: merged.stats.domainsToVendor,
    v2flyMissingIncludes: v2.missingIncludes,
  };
  const ids = new Set(merged.sdks.map((s) => s.id));
  for (const f of cu.families) {
    const missing = f.sdks.filter((id) => !ids.has(id));
    if (missing.length > 0) throw new Error(`curated.json families: ${JSON.stringify(f.names[0])} names unknown SDK id(s) ${missing.join(', ')}`);
  }
  const families = cu.families.map((f) => ({ names: f.names, sdks: f.sdks, ...(f.note ? { note: f.note } : {}) }));
  const body = { vendors: merged.vendors, sdks: merged.sdks, families };
  const version = `c1-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12)}`;
  return { schema: 1, version, generatedBy: 'scripts/build-catalog.mjs', sources: SOURCES, stats, ...body };
}

/** JSON with one SDK or vendor per line: readable diffs when a source or a curated entry changes. */
export function serializeCatalog(catalog) {
  const { vendors, sdks, families, ...head } = catalog;
  const lines = (arr) => arr.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "vendors": [\n${lines(vendors)}\n  ],\n  "sdks": [\n${lines(sdks)}\n  ],\n  "families": [\n${lines(families ?? [])}\n  ]\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const catalog = buildCatalog({ sourcesDir: arg('--sources') ?? DEFAULT_SOURCES, curatedPath: arg('--curated') ?? DEFAULT_CURATED });
  const out = arg('--out') ?? DEFAULT_OUT;
  writeFileSync(out, serializeCatalog(catalog));
  const s = catalog.stats;
  process.stdout.write(`catalog ${catalog.version}: ${s.sdks} SDKs, ${s.prefixes} prefixes, ${s.libs} libs + ${s.libPatterns} lib patterns, ${s.components} components, ${s.actions} actions, ${s.domains} SDK domains, ${s.vendorDomains} vendor domains (${s.vendors} vendors) -> ${out}\n`);
}
