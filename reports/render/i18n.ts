// The reader's language for reports and the audit verdict (`--lang en|zh`): headings, column names,
// phase and severity words, and SDK names where the catalog has both. Rule titles and regulation
// citations are bilingual in the rules themselves; data-type labels in protocol/constants.ts. One
// table here so that a missing translation is a type error, not an English word in a Chinese report.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(s: string): s is Lang {
  return (LANGS as readonly string[]).includes(s);
}

const EN = {
  verdict: 'Verdict',
  verdictIntro: 'Per SDK: what it read, in which phase, first when and through which API, where it sent data and what it started. Each row links to its evidence.',
  sdk: 'SDK',
  dataRead: 'Personal information read',
  phase: 'Phase',
  firstTime: 'First time',
  api: 'API',
  destinations: 'Destinations',
  started: 'Started',
  evidence: 'Evidence',
  noVerdict: 'No SDK read personal information, sent data or started another app in this run.',
  findings: 'Findings',
  findingsBySeverity: 'Findings by severity',
  noFindings: 'No findings.',
  summary: 'Summary',
  rules: 'Rules',
  perSdk: 'Per SDK',
  timeline: 'Timeline',
  network: 'Network destinations',
  flows: 'Personal information leaving the device',
  launches: 'Other apps (launch graph)',
  processes: 'Processes',
  coverage: 'Hook coverage',
  method: 'Method',
  audit: 'Audit stages',
  reportTitle: 'SDK behaviour report',
  rows: 'rows',
  show: 'show',
  page: 'Page',
  run: 'run',
  chainHead: 'chain head',
  event: 'event',
  declared: 'declared',
  undeclared: 'undeclared',
  nothing: '—',
} as const;

type Labels = Record<keyof typeof EN, string>;

const ZH: Labels = {
  verdict: '结论',
  verdictIntro: '按 SDK 列出：读取了哪些个人信息、处于哪个阶段、首次读取时间与所用 API、数据发往何处、启动了什么。每行链接到其证据。',
  sdk: 'SDK',
  dataRead: '读取的个人信息',
  phase: '阶段',
  firstTime: '首次时间',
  api: 'API',
  destinations: '发送目的地',
  started: '启动',
  evidence: '证据',
  noVerdict: '本次运行中没有 SDK 读取个人信息、发送数据或启动其他应用。',
  findings: '发现',
  findingsBySeverity: '按严重程度列出的发现',
  noFindings: '无发现。',
  summary: '概要',
  rules: '规则',
  perSdk: '各 SDK',
  timeline: '时间线',
  network: '网络目的地',
  flows: '离开设备的个人信息',
  launches: '其他应用（启动关系图）',
  processes: '进程',
  coverage: 'Hook 覆盖',
  method: '方法',
  audit: '检测阶段',
  reportTitle: 'SDK 行为报告',
  rows: '行',
  show: '展开',
  page: '第',
  run: '运行',
  chainHead: '哈希链头',
  event: '事件',
  declared: '已声明',
  undeclared: '未声明',
  nothing: '—',
};

export function labels(lang: Lang): Labels {
  return lang === 'zh' ? ZH : EN;
}

const PHASE_ZH: Record<string, string> = { launch: '启动', 'pre-consent': '同意前', 'post-consent': '同意后', refused: '拒绝后', background: '后台' };
const SEVERITY_ZH: Record<string, string> = { critical: '严重', high: '高', medium: '中', low: '低', info: '提示' };

export function phaseWord(p: string, lang: Lang): string {
  return lang === 'zh' ? (PHASE_ZH[p] ?? p) : p;
}

export function severityWord(s: string, lang: Lang): string {
  return lang === 'zh' ? (SEVERITY_ZH[s] ?? s) : s;
}

/** A data type's label in the reader's language (the id when it is not a known type). */
export function dataTypeWord(dt: string, lang: Lang): string {
  const info = DATA_TYPES[dt as DataType];
  return info === undefined ? dt : lang === 'zh' ? info.zh : info.en;
}

/** An SDK's name in the reader's language where the catalog has both. */
export function sdkWord(a: { name: string; nameZh: string | null }, lang: Lang): string {
  return lang === 'zh' && a.nameZh !== null && a.nameZh !== '' ? a.nameZh : a.name;
}
