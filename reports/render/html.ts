// The HTML report: one self-contained file (inline CSS, no scripts, no network resources) a
// regulator can open anywhere. Every value is escaped: strings come from an adversarial app.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import type { ReportModel } from '../model.js';
import { esc } from './escape.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#57606a}.tag{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 2px;font-size:12px;background:#eaeef2}
.pre-consent,.launch{background:#ffebe9}.refused{background:#fff1e5}.background{background:#fbefff}.post-consent{background:#dafbe1}
.bad{color:#cf222e;font-weight:600}.ok{color:#1a7f37}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dt{color:#57606a}dd{margin:0;word-break:break-all}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
`;

function time(t: number | null): string {
  return t === null ? '—' : new Date(t).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function dataTypeLabel(dt: string): string {
  const info = DATA_TYPES[dt as DataType];
  return info === undefined ? dt : `${info.en} / ${info.zh}`;
}

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  if (rows.length === 0) return '<p class="muted">None recorded.</p>';
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function renderHtml(m: ReportModel): string {
  const r = m.run;
  const sdkRows = m.sdks.map((s) => [
    `<strong>${esc(s.name)}</strong><br><span class="muted">${esc(s.id)}${s.vendor !== null ? ` · ${esc(s.vendor)}` : ''}</span>`,
    esc(s.category ?? s.party),
    String(s.events),
    s.dataTypes
      .map((d) => `${esc(dataTypeLabel(d.dataType))} <span class="muted">×${d.count}</span> ${Object.entries(d.phases).map(([p, n]) => `<span class="tag ${esc(p)}">${esc(p)} ${n}</span>`).join('')}`)
      .join('<br>'),
  ]);
  const netRows = m.network.map((n) => [
    `<code>${esc(n.host ?? n.ip ?? '?')}${n.port !== null ? `:${n.port}` : ''}</code>`,
    esc(n.proto),
    n.tls ? '<span class="ok">TLS</span>' : '<span class="bad">plaintext</span>',
    esc(n.sdk ?? '—'),
    esc(n.domainSdk ?? '—'),
    String(n.count),
    String(n.bytes),
  ]);
  const launchRows = m.launches.map((l) => [
    esc(l.via),
    `<code>${esc(l.component ?? l.action ?? '')}</code>`,
    `${esc(l.targetPackage ?? '?')}${l.otherApp ? ' <span class="bad">other app</span>' : ''}`,
    esc(l.sdk ?? '—'),
    l.confirmed ? '<span class="bad">process started</span>' : '',
    String(l.count),
  ]);
  const procRows = m.processes.map((p) => [
    `<code>${esc(p.name)}</code>`,
    String(p.pid),
    esc(p.spawnedBy ?? ''),
    esc(p.startReason ?? ''),
    esc(time(p.startedAt)),
    esc(p.endReason ?? ''),
    String(p.events),
    p.seqGaps === 0 ? '0' : `<span class="bad">${p.seqGaps}</span>`,
  ]);
  const hookRows = m.hooks.entries.map((h) => [`<code>${esc(h.hook)}</code>`, `<code>${esc(h.class)}.${esc(h.method)}</code>`, esc(h.state), String(h.overloads), String(h.calls), esc(h.reason ?? '')]);
  const errRows = m.protocolErrors.map((e) => [`<code>${esc(e.location)}</code>`, esc(e.error), String(e.count)]);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>sdktrace report · ${esc(r.app.package ?? 'run ' + r.id)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>sdktrace report: ${esc(r.app.package ?? '?')}</h1>
<p class="muted">Run ${r.id} (${esc(r.mode)}) · ${esc(time(r.startedAt))} → ${esc(time(r.endedAt))} · ${esc(r.endReason ?? 'not ended')}</p>
<dl>
<dt>App</dt><dd>${esc(r.app.package ?? '?')} ${esc(r.app.version ?? '')}${r.app.versionCode !== null ? ` (${r.app.versionCode})` : ''}</dd>
<dt>Signing certificate SHA-256</dt><dd><code>${esc(r.app.signingSha256 ?? 'unknown')}</code></dd>
<dt>Device</dt><dd>${esc(r.device.name ?? r.device.id ?? '?')} (${esc(r.device.kind ?? '?')}), Android ${esc(r.device.osVersion ?? '?')}, API ${esc(r.device.apiLevel ?? '?')}</dd>
<dt>Versions</dt><dd>sdktrace ${esc(r.versions.tool)} · agent ${esc(r.versions.agent ?? '?')} · hook catalog ${esc(r.versions.hookCatalog ?? '?')} · SDK catalog ${esc(r.versions.sdkCatalog ?? '?')}</dd>
<dt>Events</dt><dd>${m.totals.agentEvents} from the app, ${m.totals.hostEvents} device events, ${m.totals.protocolErrors === 0 ? '0 protocol errors' : `<span class="bad">${m.totals.protocolErrors} protocol errors</span>`}, ${m.totals.seqGaps === 0 ? 'no events lost' : `<span class="bad">${m.totals.seqGaps} events lost</span>`}</dd>
<dt>Evidence chain head</dt><dd><code>${esc(r.chainHead ?? '—')}</code></dd>
</dl>
<h2>Per SDK</h2>
${table(['SDK', 'Category', 'Events', 'Personal information (by phase)'], sdkRows, [2])}
<h2>Network destinations</h2>
${table(['Destination', 'Protocol', 'Transport', 'SDK (stack)', 'SDK (domain)', 'Sends', 'Bytes'], netRows, [5, 6])}
<h2>Launches and other apps</h2>
${table(['Via', 'Component / action', 'Target', 'SDK', 'Confirmed', 'Count'], launchRows, [5])}
<h2>Processes</h2>
${table(['Process', 'PID', 'Spawned by', 'Start reason', 'Started', 'Ended', 'Events', 'Lost'], procRows, [1, 6, 7])}
<h2>Hook coverage</h2>
<p>${Object.entries(m.hooks.byState).map(([s, n]) => `<span class="tag">${esc(s)} ${n}</span>`).join(' ')}</p>
${table(['Hook', 'Method', 'State', 'Overloads', 'Calls', 'Reason'], hookRows, [3, 4])}
${m.protocolErrors.length > 0 ? `<h2>Protocol errors</h2>\n${table(['Where', 'Error', 'Count'], errRows, [2])}` : ''}
<p class="muted">Generated by sdktrace ${esc(m.tool.version)} at ${esc(m.generatedAt)}.</p>
</main></body></html>
`;
}
