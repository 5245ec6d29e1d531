// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network
// resources; a CSP forbids both) that a regulator can open anywhere and print. Every value is
// escaped: strings come from an adversarial app. Its size depends on the aggregates (SDKs,
// findings, destinations), never on the number of events.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import type { Finding, RuleOutcome } from '../engine.js';
import type { Evidence, StackEvidence } from '../evidence.js';
import type { ReportModel } from '../model.js';
import type { SdkSummary } from '../summary.js';
import { SEVERITIES, severityRank, type Severity } from '../severity.js';
import { esc, escShort } from './escape.js';
import { PHASE_LEGEND, launchGraphSvg, timelineSvg } from './svg.js';
import { clockSentence, formatTime, hostToDevice, hostZone, runClock, type RunClock } from '../../analysis/clock.js';
import { dataTypeWord, labels, phaseWord, sdkWord, severityWord, type Lang } from './i18n.js';
import type { VerdictRow } from '../verdict.js';

/** How a report is shown: the zone its times are in (`--tz`) and the reader's language (`--lang`). */
export interface HtmlOptions {
  tz?: string;
  lang?: Lang;
}

// One render at a time (rendering is synchronous): the zone, language and run clock of the report
// being rendered, so that every helper shows times and words the same way.
let TZ = 'UTC';
let LANG: Lang = 'en';
let CLOCK: RunClock | null = null;

const CSS = `
:root{--bd:#d0d7de;--mut:#57606a}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--bd);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0;table-layout:auto}th,td{border:1px solid var(--bd);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;font-weight:600;overflow-wrap:normal;word-break:keep-all;hyphens:none}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:var(--mut)}.tag{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 2px;font-size:12px;background:#eaeef2;white-space:nowrap}
.launch{background:#d0d7de}.pre-consent{background:#ffcecb}.refused{background:#ffd8b5}.background{background:#e8d5f5}.post-consent{background:#ccf2d6}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.sev-critical{background:#82071e}.sev-high{background:#cf222e}.sev-medium{background:#bc4c00}.sev-low{background:#9a6700}.sev-info{background:#57606a}
.bad{color:#cf222e;font-weight:600}.ok{color:#1a7f37;font-weight:600}.warn{color:#9a6700;font-weight:600}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dt{color:var(--mut)}dd{margin:0;overflow-wrap:anywhere}
code,.mono{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere;white-space:pre-wrap}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}.card{border:1px solid var(--bd);border-radius:8px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:22px}
details.finding{border:1px solid var(--bd);border-radius:8px;margin:8px 0;padding:0 12px}details.finding>summary{cursor:pointer;padding:8px 0;list-style-position:outside}
details.finding[open]>summary{border-bottom:1px solid var(--bd);margin-bottom:8px}
ol.stack{margin:4px 0 8px;padding-left:3.2em;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
ol.stack li{overflow-wrap:anywhere}ol.stack li.platform{color:var(--mut)}ol.stack li.api{background:#ddf4ff}
ol.stack li.decisive{background:#fff8c5;font-weight:700;outline:2px solid #d4a72c}
.why{border-left:3px solid #d4a72c;padding-left:8px;margin:4px 0}
svg.chart{display:block;border:1px solid var(--bd);border-radius:6px;margin:8px 0;font:11px system-ui,sans-serif;background:#fff}
svg .label{font-size:11px;fill:#1b1f24}svg .axis{font-size:10px;fill:#57606a}svg .grid{stroke:#eaeef2}svg .bar{fill:#0969da}svg .mark{font-size:11px;font-weight:700}
svg .edge{font-size:10px;fill:#57606a}svg .node{fill:#fff4e5;stroke:#bc4c00}svg .node-hot{fill:#ffebe9;stroke:#cf222e;stroke-width:2}svg .node-app{fill:#ddf4ff;stroke:#0969da}
.legend span{display:inline-block;padding:0 8px;margin-right:6px;border-radius:3px;font-size:12px}
nav.toc a{margin-right:12px}
table.verdict{table-layout:fixed}.nw{white-space:nowrap}table.verdict .tag{white-space:normal}table.verdict td{font-size:13px;overflow-wrap:break-word}table.verdict td.t{font-variant-numeric:tabular-nums}table.verdict code{white-space:normal;overflow-wrap:break-word}table.verdict tr.sev-row-critical td:first-child,table.verdict tr.sev-row-high td:first-child{border-left:4px solid #cf222e}
table.verdict a{color:inherit}.ev a{color:#0969da}
details.long>summary{cursor:pointer;color:#0969da;margin:6px 0}
footer.run{margin-top:24px;border-top:1px solid var(--bd);padding-top:6px;color:var(--mut);font-size:12px}
@media print{main{max-width:none;padding:0}details.finding{break-inside:avoid}nav.toc{display:none}body{font-size:11px}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}
table.verdict{break-inside:auto}table.verdict td,table.verdict th{font-size:9.5px;padding:3px 5px}table.verdict code{font-size:9px}table.verdict .tag{font-size:9px;padding:0 4px}footer.run{display:none}}
`;

/** A4 pages with the run id and evidence chain head in the footer, and page numbers (CSS page-margin boxes). */
function pageCss(m: ReportModel): string {
  const L = labels(LANG);
  const str = (v: string) => `"${v.replace(/[\\"\n\r<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
  const left = `sdktrace · ${L.run} ${m.run.id} · ${L.chainHead} ${m.run.chainHead ?? '—'}`;
  const pages = `${str(`${L.page} `)} counter(page) " / " counter(pages)${LANG === 'zh' ? ' " 页"' : ''}`;
  return `@page{size:A4;margin:14mm 12mm 16mm 12mm;@bottom-left{content:${str(left)};font:9px ui-monospace,monospace;color:#57606a}@bottom-right{content:${pages};font:9px system-ui,sans-serif;color:#57606a}}`;
}

const HOST_FROM: Record<string, string> = { 'http-host': 'the HTTP Host header', url: 'the URL', dns: 'a DNS answer', 'tls-record': 'the socket that carried its TLS record', thread: 'inferred: the connection before on the same thread' };

const PLATFORM = /^(android\.|java\.|javax\.|dalvik\.|libcore\.|com\.android\.|kotlin\.|sun\.|okhttp3\.|okio\.)/;

/** A device time (what events carry), in the report's zone. */
function time(t: number | null | undefined): string {
  return t === null || t === undefined ? '—' : formatTime(t, TZ);
}

/** A host time (the run's start and end), put on the device clock when its offset was measured. */
function hostTime(t: number | null | undefined): string {
  return t === null || t === undefined ? '—' : formatTime(hostToDevice(t, CLOCK), TZ);
}

/** Absolute paths of the analyst's machine are nobody else's business: only the file name is shown. */
function withoutDirs(s: string): string {
  return s.replace(/(^|[\s(])(?:\/|[A-Za-z]:\\)(?:[^\s()/\\]+[/\\])*([^\s()/\\]+)/g, '$1$2');
}

/** Keys of a finding's extra details, as a reader says them (never the code's own names). */
const DETAIL_LABELS: Record<string, string> = {
  targets: 'Distinct targets',
  maxCount: 'Most apps in one answer',
  targetPackage: 'Target app',
  via: 'Via',
  component: 'Component',
  actions: 'Actions',
  target: 'Target',
  interval: 'Interval (ms)',
};

function detailLabel(k: string): string {
  const known = DETAIL_LABELS[k];
  if (known !== undefined) return known;
  const words = k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function rel(t: number | null | undefined, start: number | null): string {
  if (t === null || t === undefined || start === null) return '';
  const s = (t - start) / 1000;
  return `+${s < 100 ? s.toFixed(1) : Math.round(s)} s`;
}

function dtLabel(dt: string | null): string {
  if (dt === null) return '—';
  const info = DATA_TYPES[dt as DataType];
  if (info === undefined) return esc(dt);
  return LANG === 'zh' ? `${esc(info.zh)} <span class="muted">/ ${esc(info.en)}</span>` : `${esc(info.en)} <span class="muted">/ ${esc(info.zh)}</span>`;
}

function sev(s: Severity): string {
  return `<span class="sev sev-${s}">${esc(severityWord(s, LANG))}</span>`;
}

function phaseTag(p: string, n?: number): string {
  return `<span class="tag ${esc(p)}">${esc(phaseWord(p, LANG))}${n !== undefined ? ` ${n}` : ''}</span>`;
}

/** Column names in Chinese (`--lang zh`); a name missing here stays English. */
const ZH_COLUMNS: Record<string, string> = {
  Rule: '规则', Severity: '严重程度', Result: '结果', Reflects: '对应法规',
  'SDK / party': 'SDK / 主体', Category: '类别', 'In the lists': '是否在清单中', 'Personal information (by phase)': '个人信息（按阶段）',
  Destinations: '目的地', Events: '事件', Findings: '发现',
  Destination: '目的地', Protocol: '协议', Transport: '传输', 'Code (stack)': '代码（调用栈）', 'SDK (domain)': 'SDK（域名）',
  'Personal information seen': '发现的个人信息', Declared: '是否声明', Sends: '发送次数', Bytes: '字节',
  'Data type': '数据类型', Value: '值', 'Found as': '发现形式', 'Sent by': '发送方', 'Read by': '读取方',
  Via: '方式', 'Component / action': '组件 / 动作', Target: '目标', SDK: 'SDK', 'Process started': '进程已启动', Count: '次数',
  Process: '进程', PID: 'PID', 'Spawned by': '启动者', 'Start reason': '启动原因', Started: '开始', Ended: '结束', Lost: '丢失',
  Hook: 'Hook', Method: '方法', State: '状态', Overloads: '重载', Calls: '调用', Reason: '原因',
  Event: '事件', Time: '时间', 'PID / thread': 'PID / 线程', Kind: '类型', API: 'API', Phase: '阶段', URL: 'URL',
  Permission: '权限', Requests: '请求次数', 'Denials before': '此前拒绝次数', Where: '位置', Error: '错误',
  Read: '读取', 'Sent to': '发送到', 'Value seen by the hook': 'Hook 读到的值', 'Excerpt of what was sent': '发送内容摘录', 'Read by (event)': '读取方（事件）',
};

/** Field names of the definition lists and the summary cards in Chinese (`--lang zh`). */
const ZH_FIELDS: Record<string, string> = {
  Action: '动作', App: '应用', 'Called by': '调用方', Component: '组件', Consent: '同意', Count: '次数', 'Data type': '数据类型',
  'Declared lists': '声明清单', Device: '设备', Event: '事件', Events: '事件', 'Evidence chain head': '证据哈希链头', 'First / last': '首次 / 末次',
  'Launch event': '启动事件', 'Personal information by phase': '各阶段的个人信息', Phase: '阶段', 'Process seen starting': '观察到进程启动',
  Process: '进程', Reason: '原因', Rule: '规则', SDK: 'SDK', 'Sent by': '发送方', 'Signing certificate SHA-256': '签名证书 SHA-256',
  'Spawned by': '启动者', 'Target app': '目标应用', Versions: '版本', Via: '方式',
  'SDKs and parties': 'SDK 与主体', 'Data types read': '读取的数据类型', Destinations: '目的地', 'Other apps reached': '涉及的其他应用', 'PI flows found': '发现的个人信息外传',
};

/** Puts the fixed field names of the page in the reader's language (only names this file writes). */
function localizeFields(html: string): string {
  if (LANG !== 'zh') return html;
  return html
    .replace(/<dt>([A-Za-z][A-Za-z0-9 /-]*)<\/dt>/g, (all, k: string) => (ZH_FIELDS[k] !== undefined ? `<dt>${ZH_FIELDS[k]}</dt>` : all))
    .replace(/<div class="card">([A-Za-z][A-Za-z ]*)<b>/g, (all, k: string) => (ZH_FIELDS[k] !== undefined ? `<div class="card">${ZH_FIELDS[k]}<b>` : all));
}

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  if (rows.length === 0) return `<p class="muted">${LANG === 'zh' ? '无记录。' : 'None recorded.'}</p>`;
  const head = headers.map((h) => `<th scope="col">${esc(LANG === 'zh' ? (ZH_COLUMNS[h] ?? h) : h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function sdkName(m: ReportModel, id: string | null): string {
  if (id === null) return '—';
  const s = m.sdks.find((x) => x.id === id);
  if (s === undefined) return `<code>${esc(id)}</code>`;
  const other = LANG === 'zh' ? s.name : s.nameZh;
  const main = sdkWord(s, LANG);
  return `${esc(main)}${other && other !== main ? ` <span class="muted">${esc(other)}</span>` : ''}`;
}

function frameText(f: readonly unknown[]): string {
  const [cls, method, file, line] = f as [string, string, string | null, number];
  const loc = line === -2 ? 'Native Method' : file !== null ? `${file}${line >= 0 ? `:${line}` : ''}` : 'Unknown Source';
  return `${cls}.${method}(${loc})`;
}

function stackHtml(s: StackEvidence): string {
  const MAX = 60;
  const decisive = s.decisive ?? -1;
  // Show the frames up to a little past the decisive one; long stacks are cut in the middle.
  let idx = s.frames.map((_, i) => i);
  if (idx.length > MAX) {
    const keep = new Set<number>();
    for (let i = 0; i < 20; i++) keep.add(i);
    for (let i = Math.max(0, decisive - 10); i <= Math.min(s.frames.length - 1, decisive + 10); i++) keep.add(i);
    for (let i = s.frames.length - 10; i < s.frames.length; i++) keep.add(i);
    idx = [...keep].sort((a, b) => a - b);
  }
  const items: string[] = [];
  let prev = -1;
  for (const i of idx) {
    if (i !== prev + 1) items.push(`<li class="platform" value="${i + 1}">… ${i - prev - 1} frame(s) not shown …</li>`);
    const f = s.frames[i]!;
    const cls = i === decisive ? 'decisive' : i === s.api ? 'api' : PLATFORM.test(String(f[0])) ? 'platform' : '';
    const marker = i === decisive ? ' ◀ decisive frame' : i === s.api ? ' ◀ API' : '';
    items.push(`<li value="${i + 1}"${cls ? ` class="${cls}"` : ''}>${escShort(frameText(f), 400)}${marker ? `<strong>${esc(marker)}</strong>` : ''}</li>`);
    prev = i;
  }
  return `<p class="muted">${s.source === 'origin' ? 'Stack of the code that submitted this asynchronous work' : 'Call stack'} (stack <code>${esc(s.id)}</code>, event #${s.eventId}), innermost first:</p>
${s.reason !== null ? `<p class="why">${escShort(s.reason, 600)}</p>` : ''}<ol class="stack">${items.join('')}</ol>`;
}

function evidenceHtml(m: ReportModel, f: Finding): string {
  const e: Evidence = f.evidence;
  const start = m.timeline.start;
  const out: string[] = [];
  if (e.processStart !== undefined) {
    const p = e.processStart;
    out.push(`<h4>Process start</h4><dl><dt>Process</dt><dd><code>${esc(p.name ?? '?')}</code> pid ${esc(p.pid ?? '?')}</dd><dt>Reason</dt><dd>${esc(p.reason ?? 'not reported')}</dd>${p.component ? `<dt>Component</dt><dd><code>${escShort(p.component)}</code></dd>` : ''}${p.action ? `<dt>Action</dt><dd><code>${escShort(p.action)}</code></dd>` : ''}${p.caller ? `<dt>Sent by</dt><dd><code>${escShort(p.caller)}</code></dd>` : ''}<dt>Spawned by</dt><dd>${esc(p.spawnedBy ?? '—')}</dd>${p.cause ? `<dt>Caused by</dt><dd>${esc(p.cause.via)} set by ${esc(p.cause.actor)}, event #${p.cause.eventId}</dd>` : ''}${p.eventId !== null ? `<dt>Event</dt><dd>#${p.eventId}</dd>` : ''}</dl>`);
  }
  if (e.launch !== undefined) {
    const l = e.launch;
    out.push(`<h4>Launch</h4><dl><dt>Via</dt><dd>${esc(l.via)}</dd><dt>Target app</dt><dd><code>${escShort(l.targetPackage ?? '(unresolved)')}</code></dd>${l.component ? `<dt>Component</dt><dd><code>${escShort(l.component)}</code></dd>` : ''}${l.action ? `<dt>Action</dt><dd><code>${escShort(l.action)}</code></dd>` : ''}<dt>Launch event</dt><dd>#${l.eventId}</dd><dt>Process seen starting</dt><dd>${l.confirmedEventId !== null ? `<span class="bad">yes</span>, device event #${l.confirmedEventId}` : 'no'}</dd></dl>`);
  }
  if (e.window !== undefined) {
    const w = e.window;
    out.push(`<h4>Busiest window</h4><p>${w.count} reads between ${esc(time(w.start))} and ${esc(time(w.end))} (${w.windowMs / 1000} s window; limit ${w.limit}).</p>`);
  }
  if (e.consent !== undefined) {
    out.push(
      e.consent === null
        ? `<p>Consent in force: <span class="bad">none</span>${f.evidence.details?.consentGrantedAt ? ` (the user agreed later, at ${esc(time(f.evidence.details.consentGrantedAt as number))}, event #${esc(f.evidence.details.consentEventId)})` : m.consent.detected ? '' : ' (no consent decision was detected in this run)'}.</p>`
        : `<p>Consent in force: <strong>${esc(e.consent.state)}</strong> by ${esc(e.consent.source)}${e.consent.text ? ` (“${escShort(e.consent.text, 80)}”)` : ''} at ${esc(time(e.consent.t))}, event #${e.consent.eventId}.</p>`,
    );
  }
  if (e.declared !== undefined) {
    const what = e.declared.about === 'destination' ? 'the destination' : 'the collector';
    out.push(`<p>Declared lists: ${e.declared.ref !== null ? `declared by <code>${esc(e.declared.ref)}</code>` : e.declared.listed ? `${what} has entries, but not for this data type` : `no entry names ${what}`}.</p>`);
  }
  if (e.matches !== undefined && e.matches.length > 0) {
    out.push(
      `<h4>Personal information found in the payload</h4>${table(
        ['Value seen by the hook', 'Found as', 'Where', 'Excerpt of what was sent', 'Read by (event)'],
        e.matches.map((x) => [`<code>${escShort(x.value, 120)}</code><br><span class="muted">${dtLabel(x.dataType)}</span>`, esc(x.encoding), esc(x.where), `<code>${escShort(x.excerpt, 240)}</code>`, `${sdkName(m, x.readBy)} (#${x.piEventId})`]),
      )}`,
    );
  }
  if (e.flows !== undefined && e.flows.length > 0) {
    out.push(
      `<h4>Network events</h4>${table(
        ['Event', 'Destination', 'Protocol', 'Transport', 'URL'],
        e.flows.map((x) => [`#${x.eventId}`, `<code>${esc(x.host ?? x.ip ?? '?')}${x.port !== null ? `:${x.port}` : ''}</code>${x.hostFrom !== undefined && x.hostFrom !== 'event' && x.hostFrom !== 'none' ? ` <span class="muted">(host from ${esc(HOST_FROM[x.hostFrom] ?? x.hostFrom)})</span>` : ''}`, esc(x.proto), x.tls ? '<span class="ok">TLS</span>' : '<span class="bad">plaintext</span>', x.url ? `<code>${escShort(x.url, 300)}</code>` : '—']),
      )}`,
    );
  }
  if (e.permissions !== undefined && e.permissions.length > 0) {
    out.push(`<h4>Permissions</h4>${table(['Permission', 'Requests', 'Denials before'], e.permissions.map((p) => [`<code>${escShort(p.permission)}</code>`, String(p.requests), String(p.denials)]), [1, 2])}`);
  }
  if (e.details !== undefined) {
    const entries = Object.entries(e.details).filter(([k, v]) => v !== null && v !== undefined && !['consentGrantedAt', 'consentEventId'].includes(k) && !(Array.isArray(v) && v.length === 0));
    if (entries.length > 0) out.push(`<dl>${entries.map(([k, v]) => `<dt>${esc(detailLabel(k))}</dt><dd><code>${escShort(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v), 600)}</code></dd>`).join('')}</dl>`);
  }
  if (e.events.length > 0) {
    out.push(
      `<h4>Events</h4>${table(
        ['Event', 'Time', 'PID / thread', 'Kind', 'API', 'Phase'],
        e.events.map((x) => [`#${x.id}`, `${esc(time(x.t))} <span class="muted">${esc(rel(x.t, start))}</span>`, `${esc(x.pid ?? '—')} / ${escShort(x.thread ?? '—', 60)}`, esc(x.kind), `<code>${escShort(x.api ?? '—', 200)}</code>`, x.phase !== null ? phaseTag(x.phase) : '—']),
      )}`,
    );
  }
  if (e.stack) out.push(stackHtml(e.stack));
  return out.join('\n');
}

function findingHtml(m: ReportModel, f: Finding, open: boolean): string {
  const rule = m.rules.find((x) => x.id === f.rule);
  const who = f.sdk === null ? '—' : `${sdkName(m, f.sdk.id)} <span class="muted">(<code>${esc(f.sdk.id)}</code>${f.sdk.vendor ? `, ${esc(f.sdk.vendor)}` : ''}${f.sdk.category ? `, ${esc(f.sdk.category)}` : ''})</span>`;
  const chain = f.chain.length > 0 ? f.chain.map((c) => esc(c.name)).join(' ← called by ') : '—';
  return `<details class="finding" id="${esc(f.id.replace('#', '-'))}"${open ? ' open' : ''}>
<summary>${sev(f.severity)} <strong>${esc(LANG === 'zh' ? f.title.zh : f.title.en)}</strong> <span class="muted">${esc(LANG === 'zh' ? f.title.en : f.title.zh)}</span> — ${f.sdk !== null ? esc(sdkWord(f.sdk, LANG)) : 'the run'}${f.dataType ? ` · ${dtLabel(f.dataType)}` : ''} <span class="muted">${esc(f.id)}</span></summary>
<p>${escShort(f.message, 2000)}</p>
<dl>
<dt>Rule</dt><dd><code>${esc(f.rule)}</code>${f.variant ? ` / ${esc(f.variant)}` : ''}${rule !== undefined && rule.regulation.length > 0 ? `<br><span class="muted">${rule.regulation.map((c) => `${esc(c.source)}${c.clause ? ` ${esc(c.clause)}` : ''}`).join('; ')}</span>` : ''}</dd>
<dt>SDK</dt><dd>${who}</dd>
<dt>Called by</dt><dd>${chain}</dd>
<dt>Data type</dt><dd>${dtLabel(f.dataType)}</dd>
<dt>Phase</dt><dd>${f.phase !== null ? phaseTag(f.phase) : '—'} ${Object.entries(f.phases).map(([p, n]) => phaseTag(p, n)).join('')}</dd>
<dt>First / last</dt><dd>${esc(time(f.firstT))} <span class="muted">${esc(rel(f.firstT, m.timeline.start))}</span> / ${esc(time(f.lastT))} <span class="muted">${esc(rel(f.lastT, m.timeline.start))}</span></dd>
<dt>Count</dt><dd>${f.count}</dd>
</dl>
${evidenceHtml(m, f)}
</details>`;
}

function ruleRow(m: ReportModel, r: RuleOutcome): string[] {
  const first = m.findings.find((f) => f.rule === r.id);
  const status = !r.evaluated ? `<span class="muted">not evaluated: ${esc(r.reason ?? '')}</span>` : r.findings === 0 || first === undefined ? '<span class="ok">no findings</span>' : `<a href="#${esc(anchor(first.id))}">${r.findings} finding(s)</a> ${r.highest !== null ? sev(r.highest) : ''}`;
  const cites = r.regulation.map((c) => `${esc(c.source)}${c.clause ? ` ${esc(c.clause)}` : ''}`).join('<br>');
  return [`<code>${esc(r.id)}</code><br>${esc(r.title.en)}<br><span class="muted">${esc(r.title.zh)}</span>`, sev(r.severity), status, `<span class="muted">${cites}</span>`];
}

function sdkRow(m: ReportModel, s: SdkSummary, index: number): string[] {
  const listed = s.listed === null ? '<span class="muted">no lists</span>' : s.party === 'first-party' ? '—' : s.listed ? '<span class="ok">listed</span>' : '<span class="bad">not listed</span>';
  return [
    `<strong id="sdk-${index}">${esc(sdkWord(s, LANG))}</strong>${s.nameZh && s.nameZh !== s.name ? `<br>${esc(LANG === 'zh' ? s.name : s.nameZh)}` : ''}<br><span class="muted"><code>${esc(s.id)}</code>${s.vendor ? ` · ${esc(s.vendor)}` : ''}</span>`,
    esc(s.category ?? s.party),
    listed,
    s.dataTypes.length === 0
      ? '<span class="muted">—</span>'
      : s.dataTypes
          .map((d) => {
            const decl = d.declared === null ? '' : d.declared ? ' <span class="ok" title="declared">✓ declared</span>' : ' <span class="bad">✗ undeclared</span>';
            return `${dtLabel(d.dataType)} <span class="muted">×${d.count}</span>${decl}<br>${Object.entries(d.phases).map(([p, n]) => phaseTag(p, n)).join('')}`;
          })
          .join('<br>'),
    s.hosts.length === 0 ? '—' : s.hosts.slice(0, 8).map((h) => `<code>${escShort(h, 80)}</code>`).join('<br>') + (s.hosts.length > 8 ? `<br><span class="muted">+${s.hosts.length - 8} more</span>` : ''),
    String(s.events),
    s.findings === 0 ? '0' : `<span class="bad">${s.findings}</span>`,
  ];
}

function anchor(findingId: string): string {
  return findingId.replace('#', '-');
}

function shortApi(api: string): string {
  const paren = api.indexOf('(');
  const head = paren < 0 ? api : api.slice(0, paren);
  return head.split('.').slice(-2).join('.') + (paren < 0 ? '' : '()');
}

/** The verdict table: one row per SDK, each cell linked to the evidence behind it. */
function verdictHtml(m: ReportModel): string {
  const L = labels(LANG);
  if (m.verdict.length === 0) return `<p class="ok">${esc(L.noVerdict)}</p>`;
  const rows = m.verdict.map((v: VerdictRow) => {
    // Anchors are positions, not ids: an id can be an app-chosen package prefix, kept out of attributes.
    const sdkIndex = m.sdks.findIndex((s) => s.id === v.sdk);
    const actor = sdkIndex < 0 ? undefined : m.sdks[sdkIndex];
    const name = sdkWord(v, LANG);
    const other = LANG === 'zh' ? v.name : v.nameZh;
    const who = `<strong>${esc(name)}</strong>${other && other !== name ? `<br><span class="muted">${esc(other)}</span>` : ''}${v.vendor ? `<br><span class="muted">${esc(v.vendor)}</span>` : ''}${v.severity !== null ? `<br>${sev(v.severity)}` : ''}`;
    const data = v.dataTypes.length === 0
      ? '—'
      : v.dataTypes
          .slice(0, 12)
          .map((d) => `${esc(dataTypeWord(d.dataType, LANG))}${d.declared === false ? ` <span class="bad">(${esc(L.undeclared)})</span>` : ''}`)
          .join('<br>') + (v.dataTypes.length > 12 ? `<br><span class="muted">+${v.dataTypes.length - 12}</span>` : '');
    const phases = v.phases.length === 0 ? '—' : v.phases.map((p) => phaseTag(p)).join(' ');
    // Date and time may go on two lines: a narrow A4 column must not cut a timestamp mid-number.
    const iso = time(v.firstT);
    const at = /^(\S+)T(\d\d:\d\d:\d\d\.\d+)(\S+)$/.exec(iso);
    const first = at === null ? esc(iso) : `<span class="nw">${esc(at[1]!)}</span><wbr><span class="nw">T${esc(at[2]!)}</span><wbr><span class="nw">${esc(at[3]!)}</span>`;
    const apis = v.apis.length === 0 ? '—' : v.apis.slice(0, 4).map((a) => `<code>${escShort(shortApi(a), 80).replace(/\./g, '.<wbr>')}</code>`).join('<br>') + (v.apis.length > 4 ? `<br><span class="muted">+${v.apis.length - 4}</span>` : '');
    const dests = v.destinations.length === 0 ? '—' : v.destinations.slice(0, 5).map((h) => `<code>${escShort(h, 60)}</code>`).join('<br>') + (v.destinations.length > 5 ? `<br><span class="muted">+${v.destinations.length - 5}</span>` : '');
    const started = v.started.length === 0 ? '—' : v.started.slice(0, 5).map((x) => `<code>${escShort(x.target, 60)}</code> <span class="muted">(${esc(x.via)}${x.confirmed > 0 ? ', <span class="bad">started</span>' : ''})</span>`).join('<br>');
    const firstEvents = v.dataTypes.filter((d) => d.eventId !== null).slice(0, 3).map((d) => `${esc(L.event)} #${d.eventId}`);
    const ev = [
      ...v.findings.slice(0, 4).map((id) => `<a href="#${esc(anchor(id))}">${esc(id).replace('#', '<wbr>#')}</a>`),
      ...(v.findings.length > 4 ? [`<a href="#sdk-${sdkIndex}" class="muted">+${v.findings.length - 4}</a>`] : []),
      ...(v.findings.length === 0 && actor !== undefined ? [`<a href="#sdk-${sdkIndex}">${esc(L.perSdk)}</a>`] : []),
      ...(v.findings.length === 0 ? firstEvents.map((e) => `<span class="muted">${e}</span>`) : []),
    ].join('<br>');
    return `<tr class="${v.severity !== null ? `sev-row-${v.severity}` : ''}"><td>${who}</td><td>${data}</td><td>${phases}</td><td class="t">${first}</td><td>${apis}</td><td>${dests}</td><td>${started}</td><td class="ev">${ev}</td></tr>`;
  });
  const head = [L.sdk, L.dataRead, L.phase, L.firstTime, L.api, L.destinations, L.started, L.evidence].map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  return `<p class="muted">${esc(L.verdictIntro)}</p>
<table class="verdict" id="verdict-table"><colgroup><col style="width:14%"><col style="width:16%"><col style="width:10%"><col style="width:12%"><col style="width:16%"><col style="width:12%"><col style="width:8%"><col style="width:12%"></colgroup><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** A table that is long gets folded (the print and PDF keep the verdict and findings up front). */
function longTable(headers: string[], rows: string[][], numeric: number[] = [], fold = 15): string {
  const t = table(headers, rows, numeric);
  if (rows.length <= fold) return t;
  return `<details class="long"><summary>${rows.length} ${esc(labels(LANG).rows)} (${esc(labels(LANG).show)})</summary>\n${t}\n</details>`;
}

export function renderHtml(m: ReportModel, opts: HtmlOptions = {}): string {
  TZ = opts.tz ?? hostZone();
  LANG = opts.lang ?? 'en';
  CLOCK = runClock(m.run.options);
  const L = labels(LANG);
  const r = m.run;
  const start = m.timeline.start;
  const sevCards = SEVERITIES.slice()
    .reverse()
    .map((s) => `<div class="card">${sev(s)}<b>${m.summary.bySeverity[s]}</b></div>`)
    .join('');
  // Findings by severity, most severe first; within one severity by rule, then in order found.
  const findingsBySeverity = SEVERITIES.slice()
    .reverse()
    .map((level) => {
      const list = m.findings.filter((f) => f.severity === level);
      if (list.length === 0) return '';
      const sorted = list.slice().sort((a, b) => a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id, 'en', { numeric: true }));
      return `<h3 id="severity-${level}">${sev(level)} <span class="muted">${list.length}</span></h3>
${sorted.map((f) => findingHtml(m, f, m.findings.length <= 60 || severityRank(f.severity) >= severityRank('high'))).join('\n')}`;
    })
    .join('\n');
  const consent = m.consent;
  const consentText = consent.detected
    ? consent.marks.map((c) => `${c.state === 'granted' ? '<span class="ok">granted</span>' : '<span class="bad">refused</span>'} by ${esc(c.source)}${c.text ? ` (“${escShort(c.text, 60)}”)` : ''} at ${esc(time(c.t))} <span class="muted">${esc(rel(c.t, start))}, event #${c.eventId}</span>`).join('<br>')
    : '<span class="bad">No consent decision was detected in this run</span>: every read counts as before consent. If the app has a privacy dialog, check the consent words, configure its consent API (--consent-api) or mark the decision during the run.';
  const netRows = m.network.map((n) => [
    `<code>${escShort(n.host ?? n.ip ?? '(not recorded)', 120)}${n.port !== null ? `:${n.port}` : ''}</code>${n.host !== null && n.ip !== null ? `<br><span class="muted">${esc(n.ip)}${n.hostFrom === 'dns' ? ' (name from DNS)' : n.hostFrom === 'thread' ? ' (inferred from the connection before on the same thread)' : ''}</span>` : ''}`,
    esc(n.protos.join(', ')),
    n.tls === true ? '<span class="ok">TLS</span>' : n.tls === false ? '<span class="bad">plaintext</span>' : n.sends === 0 ? '<span class="muted">no data sent</span>' : '<span class="warn">mixed</span>',
    n.actors.map((a) => sdkName(m, a)).join('<br>') || '—',
    n.domainSdk !== null ? `<code>${esc(n.domainSdk)}</code>` : '—',
    n.piTypes.length === 0 ? '—' : n.piTypes.map((d) => `<span class="bad">${dtLabel(d)}</span>`).join('<br>'),
    n.declared === null ? '<span class="muted">no lists</span>' : n.declared ? '<span class="ok">declared</span>' : '<span class="bad">not declared</span>',
    String(n.sends),
    String(n.bytes),
  ]);
  const flowRows = m.dataFlows.map((f) => [
    dtLabel(f.dataType),
    `<code>${escShort(f.value, 80)}</code>`,
    esc(f.encoding),
    `<code>${escShort(f.host ?? f.ip ?? '?', 100)}${f.port !== null ? `:${f.port}` : ''}</code>`,
    f.tls ? '<span class="ok">TLS</span>' : '<span class="bad">plaintext</span>',
    sdkName(m, f.actor),
    sdkName(m, f.readBy),
    String(f.count),
  ]);
  // Values that reached a send only through gzip / cipher / Base64: the chain, step by step, with events.
  const hiddenRows = m.encryptedFlows.map((f) => [
    dtLabel(f.dataType),
    `<code>${escShort(f.value, 80)}</code>`,
    [`read #${f.readEventId}`, ...f.steps.map((s) => `${esc(s.label)} #${s.eventId}`), `send #${f.sendEventId}`].join(' &rarr; '),
    `<code>${escShort(f.host ?? f.ip ?? '?', 100)}${f.port !== null ? `:${f.port}` : ''}</code>`,
    `${f.tls ? '<span class="ok">TLS</span>' : '<span class="bad">plaintext</span>'}${f.appEncrypted ? ' + app-layer encrypted' : ''}${f.hashed !== null ? ` + hashed (${esc(f.hashed)})` : ''}`,
    sdkName(m, f.actor),
    sdkName(m, f.readBy),
  ]);
  const launchRows = m.launches.map((l) => [
    esc(l.via),
    `<code>${escShort(l.component ?? l.action ?? '', 200)}</code>`,
    `<code>${escShort(l.targetPackage ?? '?', 100)}</code>${l.otherApp ? ' <span class="bad">other app</span>' : ''}`,
    sdkName(m, l.actor),
    l.confirmed > 0 ? `<span class="bad">started ×${l.confirmed}</span>` : '—',
    String(l.count),
  ]);
  const procRows = m.processes.map((p) => [
    `<code>${escShort(p.name, 120)}</code>`,
    String(p.pid),
    esc(p.spawnedBy ?? ''),
    esc(p.startReason ?? ''),
    `${esc(time(p.startedAt))}`,
    escShort(p.endReason ?? '', 200),
    String(p.events),
    p.seqGaps === 0 ? '0' : `<span class="bad">${p.seqGaps}</span>`,
  ]);
  const hookRows = m.hooks.entries.map((h) => [`<code>${esc(h.hook)}</code>`, `<code>${escShort(`${h.class}.${h.method}`, 200)}</code>`, h.state === 'installed' ? esc(h.state) : `<span class="warn">${esc(h.state)}</span>`, String(h.overloads), String(h.calls), String(h.emitted), escShort(h.reason ?? '', 300)]);
  const errRows = m.protocolErrors.map((e) => [`<code>${escShort(e.location, 200)}</code>`, escShort(e.error, 500), String(e.count)]);
  const policy = m.policy;
  const legend = Object.entries(PHASE_LEGEND)
    .map(([p, c]) => `<span style="background:${c}">${esc(p)}</span>`)
    .join('');

  return localizeFields(`<!doctype html>
<html lang="${LANG === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>sdktrace report · ${esc(r.app.package ?? 'run ' + r.id)}</title>
<style>${CSS}${pageCss(m)}</style></head>
<body><main>
<h1>${esc(L.reportTitle)}: ${esc(r.app.package ?? '?')}</h1>
<p class="muted">sdktrace ${esc(m.tool.version)} · ${esc(L.run)} ${r.id} (${esc(r.mode)}) · ${esc(hostTime(r.startedAt))} → ${esc(hostTime(r.endedAt))} · ${esc(r.endReason ?? 'not ended')}</p>
<p class="muted" id="clock">${esc(clockSentence(CLOCK, TZ, LANG))}</p>
<nav class="toc"><a href="#verdict">${esc(L.verdict)}</a><a href="#findings">${esc(L.findings)}</a><a href="#summary">${esc(L.summary)}</a>${m.audit === undefined ? '' : `<a href="#audit">${esc(L.audit)}</a>`}<a href="#sdks">SDKs</a><a href="#timeline">Timeline</a><a href="#network">Network</a><a href="#flows">Data leaving the device</a><a href="#launches">Other apps</a><a href="#processes">Processes</a><a href="#coverage">Hook coverage</a><a href="#method">Method</a></nav>

<h2 id="verdict">${esc(L.verdict)}</h2>
${verdictHtml(m)}

<h2 id="findings">${esc(L.findingsBySeverity)}</h2>
${m.findings.length === 0 ? `<p class="ok">${esc(L.noFindings)}</p>` : findingsBySeverity}

<h2 id="summary">${esc(L.summary)}</h2>
<div class="cards">${sevCards}<div class="card">SDKs and parties<b>${m.summary.sdks}</b></div><div class="card">Data types read<b>${m.summary.dataTypes.length}</b></div><div class="card">Destinations<b>${m.summary.destinations}</b></div><div class="card">Other apps reached<b>${m.summary.otherApps.length}</b></div><div class="card">PI flows found<b>${m.summary.piFlows}</b></div></div>
<dl>
<dt>App</dt><dd>${esc(r.app.package ?? '?')} ${esc(r.app.version ?? '')}${r.app.versionCode !== null ? ` (${esc(r.app.versionCode)})` : ''}</dd>
<dt>Signing certificate SHA-256</dt><dd><code>${esc(r.app.signingSha256 ?? 'unknown')}</code></dd>
<dt>Device</dt><dd>${esc(r.device.name ?? r.device.id ?? '?')} (${esc(r.device.kind ?? '?')}), Android ${esc(r.device.osVersion ?? '?')}, API ${esc(r.device.apiLevel ?? '?')}</dd>
<dt>Versions</dt><dd>sdktrace ${esc(r.versions.tool)} · agent ${esc(r.versions.agent ?? '?')} · hook catalog ${esc(r.versions.hookCatalog ?? '?')} · SDK catalog ${esc(r.versions.sdkCatalog ?? '?')}${r.versions.sdkCatalogUsed !== r.versions.sdkCatalog ? ` (report used ${esc(r.versions.sdkCatalogUsed)})` : ''}</dd>
<dt>Consent</dt><dd>${consentText}</dd>
<dt>Declared lists</dt><dd>${policy === null ? `<span class="warn">none given</span>: rules that compare against the lists were not evaluated (use --policy FILE)${m.policyNote !== null ? `<br><span class="warn">${escShort(withoutDirs(m.policyNote), 600)}</span>` : ''}` : `${policy.note !== null ? `<span class="muted">${escShort(withoutDirs(policy.note), 600)}</span><br>` : ''}${esc(policy.file === null ? '(inline)' : withoutDirs(policy.file))} <span class="muted">SHA-256 <code>${esc(policy.sha256)}</code></span> · ${policy.collected} collected entries, ${policy.sharing} sharing entries${policy.packageMatches ? '' : ` · <span class="bad">written for ${esc(policy.app.package ?? '?')}, not this app</span>`}${policy.notObservable.length > 0 ? `<br><span class="muted">not observable on the device, neither satisfied nor violated: ${policy.notObservable.map((n) => `<code>${esc(n.ref)}</code> ${esc(n.label)} (${n.why === 'server' ? 'shared from the app’s servers' : 'other platforms only'})`).join('; ')}</span>` : ''}${policy.warnings.length > 0 ? `<br><span class="warn">${policy.warnings.length} warning(s)</span>: ${policy.warnings.map((w) => `<code>${esc(w.path)}</code> ${esc(w.message)}`).join('; ')}` : ''}`}</dd>
<dt>Personal information by phase</dt><dd>${Object.entries(m.phases).map(([p, n]) => phaseTag(p, n)).join(' ')}</dd>
<dt>Events</dt><dd>${m.totals.agentEvents} from the app, ${m.totals.hostEvents} device events, ${m.totals.protocolErrors === 0 ? '0 protocol errors' : `<span class="bad">${m.totals.protocolErrors} protocol errors</span>`}, ${m.totals.seqGaps === 0 ? 'no events lost' : `<span class="bad">${m.totals.seqGaps} events lost</span>`}</dd>
<dt>Evidence chain head</dt><dd><code>${esc(r.chainHead ?? '—')}</code></dd>
</dl>
<h3>Rules</h3>
${table(['Rule', 'Severity', 'Result', 'Reflects'], m.rules.map((x) => ruleRow(m, x)))}

${m.audit === undefined ? '' : auditSection(m)}

<h2 id="sdks">${esc(L.perSdk)}</h2>
${table(['SDK / party', 'Category', 'In the lists', 'Personal information (by phase)', 'Destinations', 'Events', 'Findings'], m.sdks.map((s, i) => sdkRow(m, s, i)), [5, 6])}

<h2 id="timeline">${esc(L.timeline)}</h2>
<p class="legend">Phases: ${legend} <span style="color:#1a7f37">✓ consent granted</span> <span style="color:#cf222e">✗ refused</span></p>
${timelineSvg(m, TZ)}
${consent.dialogs.length > 0 ? `<p class="muted">Dialogs shown: ${consent.dialogs.slice(0, 10).map((d) => `“${escShort(d.text ?? '', 60)}” ${esc(rel(d.t, start))}`).join(' · ')}</p>` : ''}

<h2 id="network">${esc(L.network)}</h2>
${longTable(['Destination', 'Protocol', 'Transport', 'Code (stack)', 'SDK (domain)', 'Personal information seen', 'Declared', 'Sends', 'Bytes'], netRows, [7, 8])}

<h2 id="flows">${esc(L.flows)}</h2>
<p class="muted">${m.flowScan.values} distinct values seen by the hooks, searched in ${m.flowScan.eventsScanned} network events as ${m.flowScan.needles} encoded forms (raw, MD5/SHA-1/SHA-256, Base64, hex, URL-encoded, upper/lower case; gzip and Base64 payloads opened).${m.flowScan.truncated ? ' Only the first flows are listed.' : ''}</p>
${longTable(['Data type', 'Value', 'Found as', 'Destination', 'Transport', 'Sent by', 'Read by', 'Events'], flowRows, [7])}
${hiddenRows.length === 0 ? '' : `<h3 id="hidden-flows">Through compression, encryption and encoding</h3>
<p class="muted">Values an SDK read, followed through the gzip, cipher and Base64 calls the hooks saw (each step's input contained the previous output) into the send that carried the last output. The transport column says TLS when the connection was TLS; app-layer encrypted means a cipher step encrypted the value before that.</p>
${table(['Data type', 'Value', 'Chain (event ids)', 'Destination', 'Transport', 'Sent by', 'Read by'], hiddenRows)}`}

<h2 id="launches">${esc(L.launches)}</h2>
${launchGraphSvg(m)}
${longTable(['Via', 'Component / action', 'Target', 'SDK', 'Process started', 'Count'], launchRows, [5])}

<h2 id="processes">${esc(L.processes)}</h2>
${longTable(['Process', 'PID', 'Spawned by', 'Start reason', 'Started', 'Ended', 'Events', 'Lost'], procRows, [1, 6, 7])}

<h2 id="coverage">${esc(L.coverage)}</h2>
<p>${Object.entries(m.hooks.byState).map(([s, n]) => `<span class="tag">${esc(s)} ${n}</span>`).join(' ') || '<span class="muted">No hook status was reported.</span>'}</p>
<details><summary>${m.hooks.entries.length} hooks</summary>
${table(['Hook', 'Method', 'State', 'Overloads', 'Calls', 'Events', 'Reason'], hookRows, [3, 4, 5])}
</details>
${m.protocolErrors.length > 0 ? `<h3>Protocol errors</h3>\n${table(['Where', 'Error', 'Count'], errRows, [2])}` : ''}

<h2 id="method">${esc(L.method)}</h2>
<p>Phases are recomputed over the whole run (all processes, in time order): <em>launch</em> until the first screen, <em>pre-consent</em> while a screen is shown and no decision was made, <em>post-consent</em> or <em>refused</em> after the decision, <em>background</em> while no screen of the app is in the foreground. Consent comes from clicks on controls whose text matches the agree/refuse words (agree: ${consent.words.agree.map((w) => `“${esc(w)}”`).join(', ')}; refuse: ${consent.words.refuse.map((w) => `“${esc(w)}”`).join(', ')}), from configured consent APIs (${consent.apis.length === 0 ? 'none' : consent.apis.map((a) => `<code>${esc(a.api)}</code>`).join(', ')}), and from the analyst's markers. Each event is attributed to the code that caused it by its call stack (the decisive frame is highlighted in the evidence). Findings state what was observed during this run; the regulations cited are the questions they relate to, not a legal conclusion.</p>
<p class="muted">Generated by sdktrace ${esc(m.tool.version)} at ${esc(formatTime(Date.parse(m.generatedAt), TZ))} (host clock) · report schema ${esc(m.schema)}.</p>
<footer class="run">sdktrace · ${esc(L.run)} ${r.id} · ${esc(L.chainHead)} <code>${esc(r.chainHead ?? '—')}</code></footer>
</main></body></html>
`);
}

/** `sdktrace audit` runs: one block per protocol stage, per SDK what it read, sent and started. */
function auditSection(m: ReportModel): string {
  const blocks = (m.audit ?? []).map((st, i) => {
    const rows = st.sdks.map((s) => [
      esc(s.sdk),
      esc(Object.entries(s.collected).map(([k, n]) => `${k}${n > 1 ? ` ×${n}` : ''}`).join(', ')),
      s.sends.map((x) => (x.tls ? esc(x.host) : `<span class="bad">${esc(x.host)} (plaintext)</span>`)).join(', '),
      esc(s.launches.join(', ')),
    ]);
    const notes = [
      ...st.selfStarts.map((p) => `<span class="bad">self-start</span> ${esc(p.process)} (${esc(p.reason ?? 'reason unknown')}${p.component !== null ? `: ${esc(p.component)}` : ''})`),
      ...(st.otherApps.length > 0 ? [`other apps started: ${esc(st.otherApps.join(', '))}`] : []),
      ...st.pauses.map((p) => `<span class="warn">paused for the analyst</span> (${esc(p.wanted)}): ${esc(p.answer)}`),
      ...st.ops.map((o) => `${o.ok ? '' : '<span class="warn">not done:</span> '}${esc(o.op)}: ${escShort(o.detail, 300)}`),
      ...(st.findings.length > 0 ? [`findings: ${st.findings.map((f) => `${esc(f.rule)}${f.sdk !== null ? ` (${esc(f.sdk)}${f.dataType !== null ? `, ${esc(f.dataType)}` : ''})` : ''}`).join('; ')}`] : []),
    ];
    return `<h3>${i + 1}. ${esc(st.title)}${st.aborted ? ' <span class="bad">aborted</span>' : ''}</h3>
${rows.length === 0 ? '<p class="muted">Nothing collected, sent or started.</p>' : table(['SDK / party', 'Read', 'Sent to', 'Started'], rows)}
${notes.length === 0 ? '' : `<ul>${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`}`;
  });
  return `<h2 id="audit">Audit stages</h2>\n${blocks.join('\n')}\n`;
}
