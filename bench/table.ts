// The readable table `npm run bench` prints.
export interface Row {
  section: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
}

const HEAD: Row = { section: 'section', figure: 'figure', value: 'measured', baseline: 'baseline (same run)', ratio: 'ratio', target: 'target / notes' };
const KEYS = Object.keys(HEAD) as (keyof Row)[];

export function table(rows: readonly Row[]): string {
  const all = [HEAD, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const widths = KEYS.map(width);
  const line = (r: Row) => KEYS.map((k, i) => r[k].padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(HEAD), rule, ...rows.map(line)].join('\n');
}
