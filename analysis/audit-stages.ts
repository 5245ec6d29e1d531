// What the audit found, stage by stage and SDK by SDK, from what the run stored: the stage
// markers give each stage's span (device time); events, process starts and findings fall into
// the stage their time lies in. Shared by the console summary, the report section and batch mode.
import type { Db } from '../store/db.js';
import { actorSql } from './actor.js';

/** The stages of the test protocol, in order (host/audit runs them; their markers name them). */
export const STAGES = ['fresh', 'refuse', 'agree', 'background', 'stopped'] as const;
export type StageName = (typeof STAGES)[number];

export const STAGE_TITLES: Record<StageName, string> = {
  fresh: 'Fresh start, privacy dialog not answered (pre-consent)',
  refuse: 'Refused (collection after refusal)',
  agree: 'Restarted, agreed, app exercised (post-consent)',
  background: 'In the background (HOME)',
  stopped: 'Force-stopped: watching for self-starts',
};

/** A stage's time span in the run (device clock), from its markers. */
export interface StageSpan {
  stage: StageName;
  start: number;
  end: number | null;
}

export interface StageSdk {
  /** Actor: catalog SDK id, or "(app)" / "(unattributed)". */
  sdk: string;
  /** Data type -> reads. */
  collected: Record<string, number>;
  /** Data type -> reads made after the user refused (consent state refused): part of `collected`. */
  afterRefusal: Record<string, number>;
  /** Destinations it sent to; plaintext ones marked. */
  sends: { host: string; tls: boolean }[];
  /** Other apps it started, bound or broadcast to. */
  launches: string[];
}

export interface StageFinding {
  rule: string;
  severity: string;
  sdk: string | null;
  dataType: string | null;
  message: string;
}

export interface StageSummary {
  stage: StageName;
  title: string;
  start: number | null;
  end: number | null;
  aborted: boolean;
  sdks: StageSdk[];
  /** Processes of the app that started without sdktrace launching them. */
  selfStarts: { process: string; reason: string | null; component: string | null }[];
  /** Other apps' processes seen starting. */
  otherApps: string[];
  /** What the audit did (clear data, clicks, HOME, triggers...) and whether it worked. */
  ops: { op: string; ok: boolean; detail: string }[];
  pauses: { wanted: string; answer: string }[];
  findings: StageFinding[];
}

export interface FindingLike {
  rule: string;
  severity: string;
  sdk: { id: string } | null;
  dataType: string | null;
  message: string;
  firstT: number | null;
  evidence: { events: { t: number }[] };
}

interface MarkerRow {
  t: number;
  api: string;
  detail: string;
}

/** Stage spans from the run's markers, in protocol order (stages not reached are absent). */
export function stageSpans(db: Db, runId: number): (StageSpan & { aborted: boolean })[] {
  const rows = db.prepare(`SELECT t, api, detail FROM events WHERE run_id = ? AND kind = 'marker' AND api = 'audit.stage' ORDER BY id`).all(runId) as MarkerRow[];
  const out: (StageSpan & { aborted: boolean })[] = [];
  for (const r of rows) {
    const d = JSON.parse(r.detail) as { stage: StageName; state: string };
    if (d.state === 'begin') out.push({ stage: d.stage, start: r.t, end: null, aborted: false });
    const cur = out[out.length - 1];
    if (cur === undefined || cur.stage !== d.stage) continue;
    if (d.state === 'end') cur.end = r.t;
    if (d.state === 'aborted') {
      cur.end = r.t;
      cur.aborted = true;
    }
  }
  return out;
}

function within(span: StageSpan, t: number, runEnd: number): boolean {
  return t >= span.start && t < (span.end ?? runEnd);
}

export function summarizeAudit(db: Db, runId: number, findings: readonly FindingLike[]): StageSummary[] {
  const spans = stageSpans(db, runId);
  const last = db.prepare('SELECT MAX(t) AS t FROM events WHERE run_id = ?').get(runId) as { t: number | null };
  const runEnd = (last.t ?? 0) + 1;
  const rows = db
    .prepare(
      `SELECT e.t, e.kind, e.api, e.data_type, e.consent, ${actorSql('e')} AS actor, e.detail, n.host, n.tls, l.target_package, l.other_app
       FROM events e LEFT JOIN net_flows n ON n.event_id = e.id LEFT JOIN launches l ON l.event_id = e.id
       WHERE e.run_id = ? AND e.kind IN ('pi', 'net', 'launch', 'marker', 'device') ORDER BY e.t, e.id`,
    )
    .all(runId) as { t: number; kind: string; api: string | null; data_type: string | null; consent: string | null; actor: string; detail: string | null; host: string | null; tls: number | null; target_package: string | null; other_app: number | null }[];
  const procs = db.prepare(`SELECT name, started_at, spawned_by, start_reason, start_detail FROM processes WHERE run_id = ? AND target = 1 ORDER BY id`).all(runId) as {
    name: string;
    started_at: number;
    spawned_by: string | null;
    start_reason: string | null;
    start_detail: string | null;
  }[];
  const out: StageSummary[] = [];
  for (const span of spans) {
    const sdks = new Map<string, StageSdk>();
    const sdkOf = (r: { actor: string }) => {
      const id = r.actor;
      let s = sdks.get(id);
      if (s === undefined) {
        s = { sdk: id, collected: {}, afterRefusal: {}, sends: [], launches: [] };
        sdks.set(id, s);
      }
      return s;
    };
    const st: StageSummary = { stage: span.stage, title: STAGE_TITLES[span.stage], start: span.start, end: span.end, aborted: span.aborted, sdks: [], selfStarts: [], otherApps: [], ops: [], pauses: [], findings: [] };
    for (const r of rows) {
      if (!within(span, r.t, runEnd)) continue;
      const d = r.detail === null ? {} : (JSON.parse(r.detail) as Record<string, any>);
      if (r.kind === 'pi' && r.data_type !== null) {
        const s = sdkOf(r);
        s.collected[r.data_type] = (s.collected[r.data_type] ?? 0) + 1;
        // The phase algorithm's stored consent state (analysis/phase.ts), not re-derived here.
        if (r.consent === 'refused') s.afterRefusal[r.data_type] = (s.afterRefusal[r.data_type] ?? 0) + 1;
      } else if (r.kind === 'net' && r.host !== null && (d.op === undefined || d.op === 'send' || d.op === 'request')) {
        const s = sdkOf(r);
        if (!s.sends.some((x) => x.host === r.host && x.tls === (r.tls === 1))) s.sends.push({ host: r.host, tls: r.tls === 1 });
      } else if (r.kind === 'launch' && r.other_app === 1 && r.target_package !== null) {
        const s = sdkOf(r);
        if (!s.launches.includes(r.target_package)) s.launches.push(r.target_package);
      } else if (r.kind === 'device' && r.api === 'device.spawnAdded' && d.other === true && typeof d.package === 'string') {
        if (!st.otherApps.includes(d.package)) st.otherApps.push(d.package);
      } else if (r.kind === 'marker' && r.api === 'audit.op') {
        st.ops.push({ op: String(d.op), ok: d.ok === true, detail: String(d.detail ?? '') });
      } else if (r.kind === 'marker' && r.api === 'audit.click') {
        st.ops.push({ op: `click "${String(d.text)}"${d.by === 'analyst' ? ' (analyst)' : ''}`, ok: d.ok === true, detail: d.ok === true ? 'performClick' : String(d.error ?? '') });
      } else if (r.kind === 'marker' && r.api === 'audit.pause' && d.state === 'end') {
        const a = d.answer as { action: string; text?: string; via?: string };
        st.pauses.push({ wanted: String(d.wanted), answer: a.action === 'click' ? `click "${a.text}"` : a.action === 'done' ? `done by the analyst${a.via === 'dashboard' ? ' (marked on the dashboard)' : ''}` : 'skipped' });
      }
    }
    for (const p of procs) {
      if (p.spawned_by !== 'device' || !within(span, p.started_at, runEnd)) continue;
      const detail = p.start_detail === null ? {} : (JSON.parse(p.start_detail) as { component?: string });
      st.selfStarts.push({ process: p.name, reason: p.start_reason, component: detail.component ?? null });
    }
    for (const f of findings) {
      const times = f.evidence.events.map((e) => e.t);
      if (f.firstT !== null) times.push(f.firstT);
      if (!times.some((t) => within(span, t, runEnd))) continue;
      st.findings.push({ rule: f.rule, severity: f.severity, sdk: f.sdk?.id ?? null, dataType: f.dataType, message: f.message });
    }
    st.sdks = [...sdks.values()].sort((a, b) => a.sdk.localeCompare(b.sdk));
    out.push(st);
  }
  return out;
}

/** The one-screen console summary: per stage, per SDK, what was found. */
/** Stage titles in Chinese, for `--lang zh`. */
export const STAGE_TITLES_ZH: Record<StageName, string> = {
  fresh: '全新启动，未处理隐私弹窗（同意前）',
  refuse: '拒绝（拒绝后的收集）',
  agree: '重启，同意并使用应用（同意后）',
  background: '退到后台（HOME）',
  stopped: '强制停止：观察自启动',
};

const SUMMARY_WORDS = {
  en: { auditOf: 'audit of', notFresh: ' (NOT a fresh start: the app data could not be cleared)', aborted: ' [ABORTED]', nothing: 'nothing collected or sent', afterRefusal: 'COLLECTS AFTER REFUSAL', alsoReads: 'also reads', reads: 'reads', sends: 'sends to', plaintext: ' (plaintext)', starts: 'starts', selfStart: 'SELF-START', reasonUnknown: 'reason unknown', otherApps: 'other apps started:', paused: 'paused for the analyst', notDone: 'not done:', findings: 'findings:', pausedTimes: (n: number) => `the audit paused ${n} time(s) for the analyst`, report: 'report:', pack: 'evidence pack:' },
  zh: { auditOf: '检测应用', notFresh: '（不是全新启动：无法清除应用数据）', aborted: ' [已中止]', nothing: '未收集或发送任何数据', afterRefusal: '拒绝后仍收集', alsoReads: '另读取', reads: '读取', sends: '发送到', plaintext: '（明文）', starts: '启动', selfStart: '自启动', reasonUnknown: '原因未知', otherApps: '启动的其他应用：', paused: '暂停等待分析员', notDone: '未完成：', findings: '发现：', pausedTimes: (n: number) => `检测共暂停 ${n} 次等待分析员`, report: '报告：', pack: '证据包：' },
} as const;

export interface SummaryExtra {
  fresh: boolean;
  pauses: number;
  pack: string | null;
  /** The HTML report written next to the pack. */
  html?: string | null;
  /** An actor id's name for the reader (analysis/actor.ts); default: the id. */
  name?: (actor: string) => string;
  /** The reader's language (`--lang`). */
  lang?: 'en' | 'zh';
}

/** The one-screen audit summary: per stage, per SDK (by name) what it read, sent and started. */
export function renderSummary(pkg: string, stages: readonly StageSummary[], extra: SummaryExtra): string {
  const name = extra.name ?? ((id: string) => id);
  const zh = extra.lang === 'zh';
  const W = SUMMARY_WORDS[zh ? 'zh' : 'en'];
  const counted = (m: Record<string, number>) => Object.entries(m).filter(([, n]) => n > 0).map(([k, n]) => (n > 1 ? `${k} x${n}` : k));
  const lines: string[] = [`${W.auditOf} ${pkg}${extra.fresh ? '' : W.notFresh}`];
  for (const st of stages) {
    const idx = STAGES.indexOf(st.stage) + 1;
    lines.push(`${idx}. ${zh ? STAGE_TITLES_ZH[st.stage] : st.title}${st.aborted ? W.aborted : ''}`);
    if (st.sdks.length === 0) lines.push(`     ${W.nothing}`);
    const width = Math.min(36, Math.max(22, ...st.sdks.map((s) => name(s.sdk).length)));
    for (const s of st.sdks) {
      const parts: string[] = [];
      const before = Object.fromEntries(Object.entries(s.collected).map(([k, n]) => [k, n - (s.afterRefusal[k] ?? 0)]));
      const col = counted(before);
      const refused = counted(s.afterRefusal);
      if (refused.length > 0) parts.push(`${W.afterRefusal} ${refused.join(', ')}`);
      if (col.length > 0) parts.push(`${refused.length > 0 ? W.alsoReads : W.reads} ${col.join(', ')}`);
      if (s.sends.length > 0) parts.push(`${W.sends} ${s.sends.map((x) => `${x.host}${x.tls ? '' : W.plaintext}`).join(', ')}`);
      if (s.launches.length > 0) parts.push(`${W.starts} ${s.launches.join(', ')}`);
      if (parts.length > 0) lines.push(`     ${name(s.sdk).padEnd(width)} ${parts.join('; ')}`);
    }
    for (const p of st.selfStarts) lines.push(`     ${W.selfStart} ${p.process} (${p.reason ?? W.reasonUnknown}${p.component !== null ? `: ${p.component}` : ''})`);
    if (st.otherApps.length > 0) lines.push(`     ${W.otherApps} ${st.otherApps.join(', ')}`);
    for (const p of st.pauses) lines.push(`     ${W.paused} (${p.wanted}): ${p.answer}`);
    const failed = st.ops.filter((o) => !o.ok);
    for (const o of failed) lines.push(`     ${W.notDone} ${o.op}: ${o.detail}`);
    if (st.findings.length > 0) {
      const byRule = new Map<string, number>();
      for (const f of st.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      lines.push(`     ${W.findings} ${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')}`);
    }
  }
  if (extra.pauses > 0) lines.push(W.pausedTimes(extra.pauses));
  if (extra.html !== undefined && extra.html !== null) lines.push(`${W.report} ${extra.html}`);
  if (extra.pack !== null) lines.push(`${W.pack} ${extra.pack}`);
  return `${lines.join('\n')}\n`;
}
