// Terminal output helpers. Strings from the app are hostile: control characters (ANSI escapes
// that could rewrite the analyst's screen) are shown escaped, never interpreted.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Makes an app-supplied string safe to print on one terminal line. */
export function printable(s: string, max = 200): string {
  const clean = s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export interface Style {
  dim(s: string): string;
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const COLOR: Style = {
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  magenta: wrap(35, 39),
};

const id = (s: string) => s;
export const PLAIN: Style = { dim: id, bold: id, red: id, yellow: id, green: id, cyan: id, magenta: id };

/** Colour only for a terminal that wants it (NO_COLOR / FORCE_COLOR respected). */
export function styleFor(stream: NodeJS.WriteStream): Style {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return PLAIN;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return COLOR;
  return stream.isTTY ? COLOR : PLAIN;
}
