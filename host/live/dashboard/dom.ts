// DOM helpers for the dashboard page. Every string may come from the app under test, which is
// hostile: text only ever goes in through text nodes (textContent), never innerHTML, and
// attributes are set one by one with names chosen here, never from data.
import { formatTime } from '../../../analysis/clock.js';

type Child = Node | string | number | null | undefined | false;

/** Creates an element; string children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | null | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | null | undefined> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`missing #${id}`);
  return el as T;
}

/**
 * App strings can carry control characters, bidirectional overrides that reorder what is shown
 * around them, zero-width characters that make one name look like another, and lone surrogates:
 * make those visible as \uXXXX (as the HTML report does).
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function shown(s: string | null | undefined, max = 500): string {
  if (s === null || s === undefined) return '';
  const clean = s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** "android.telephony.TelephonyManager.getDeviceId(int)" -> "TelephonyManager.getDeviceId(int)" */
export function shortApi(api: string | null): string {
  if (api === null) return '';
  const paren = api.indexOf('(');
  const head = paren < 0 ? api : api.slice(0, paren);
  const tail = head.split('.').slice(-2).join('.');
  return paren < 0 ? tail : tail + api.slice(paren);
}

/** "+12.345 s" relative to the run's first event, or the clock time when that is unknown. */
export function relTime(t: number, base: number | null): string {
  if (base === null) return formatTime(t, zone).slice(11, 23);
  const d = (t - base) / 1000;
  if (Math.abs(d) < 600) return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)} s`;
  const s = Math.abs(Math.round(d));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${d >= 0 ? '+' : '−'}${hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}` : mm}:${String(ss).padStart(2, '0')}`;
}

// The zone the server says times are shown in (its --tz, default the host's): the same clock as
// the reports, 24-hour ISO-8601 with the offset.
let zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function setZone(tz: string | undefined): void {
  if (tz !== undefined) zone = tz;
}

export function isoTime(t: number): string {
  return formatTime(t, zone);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export const PHASE_LABELS: Record<string, string> = {
  launch: 'Launch',
  'pre-consent': 'Before consent',
  'post-consent': 'After consent',
  refused: 'Consent refused',
  background: 'Background',
};
