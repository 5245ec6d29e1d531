// Every string in a report may come from the app, and apps are adversarial: escape all of it.
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Control characters other than tab/newline, line/paragraph separators, and the Unicode
 * bidirectional controls (an RTL override would visually reorder the text around it) and the
 * zero-width characters (a class name with one looks like another) are shown as \uXXXX code
 * points, never passed through. Also lone surrogates, which are not valid text.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes text for HTML element content and quoted attribute values (and SVG text inside HTML). */
export function esc(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return showInvisible(s).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]!);
}

/** Escaped and shortened: very long app strings keep their start and say how much was left out. */
export function escShort(v: unknown, max = 300): string {
  const s = v === null || v === undefined ? '' : String(v);
  if (s.length <= max) return esc(s);
  return `${esc(s.slice(0, max))}<span class="muted">… (${s.length - max} more characters)</span>`;
}

/** JSON for embedding inside a <script type="application/json"> element. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
