// A small reader for the Android SDK declarations of @nativescript/types-android: classes with their
// supertypes, @since levels and members (name, static, TypeScript parameter and return types).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface DtsMember {
  kind: 'method' | 'ctor' | 'field';
  name: string;
  isStatic: boolean;
  params: string[];
  ret: string;
  since: number | null;
}

export interface DtsClass {
  name: string; // dotted, nested classes with '.'
  since: number | null;
  isInterface: boolean;
  isAbstract: boolean;
  supers: string[]; // extends + implements, generics stripped
  members: DtsMember[];
}

/** Splits on commas outside <>, () and {}. */
export function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '<' || ch === '(' || ch === '{') depth++;
    if (ch === '>' || ch === ')' || ch === '}') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur);
  return out.map((x) => x.trim());
}

/** 'java.util.List<string> | null' -> 'java.util.List'; keeps androidNative.Array<T> with T normalised. */
export function normType(t: string): string {
  let s = t.replace(/\/\*.*?\*\//g, '').trim();
  s = splitTop(s, '|').filter((x) => x !== 'null' && x !== 'undefined').join('|').trim();
  const arr = /^androidNative\.Array<(.*)>$/.exec(s);
  if (arr !== null) return `androidNative.Array<${normType(arr[1]!)}>`;
  const lt = s.indexOf('<');
  return lt < 0 ? s : s.slice(0, lt);
}

const SINCE = /@since (\d+)/;

export function parseDts(path: string): Map<string, DtsClass> {
  const lines = readFileSync(path, 'utf8').split('\n');
  const classes = new Map<string, DtsClass>();
  const stack: { kind: 'mod' | 'cls'; name: string; indent: number; cls?: DtsClass }[] = [];
  let pendingSince: number | null = null;
  let inComment = false;
  let commentSince: number | null = null;
  let skipUntilIndent: number | null = null;
  for (const raw of lines) {
    const indent = raw.length - raw.replace(/^\t+/, '').length;
    const line = raw.trim();
    if (skipUntilIndent !== null) {
      if (line.startsWith('});') && indent === skipUntilIndent) skipUntilIndent = null;
      continue;
    }
    if (inComment) {
      const m = SINCE.exec(line);
      if (m !== null) commentSince = Number(m[1]);
      if (line.includes('*/')) {
        inComment = false;
        pendingSince = commentSince;
      }
      continue;
    }
    if (line.startsWith('/**')) {
      commentSince = null;
      const m = SINCE.exec(line);
      if (m !== null) commentSince = Number(m[1]);
      if (line.includes('*/')) pendingSince = commentSince;
      else inComment = true;
      continue;
    }
    if (line === '}') {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      pendingSince = null;
      continue;
    }
    const mod = /^(?:declare|export) module (\w+) \{$/.exec(line);
    if (mod !== null) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      stack.push({ kind: 'mod', name: mod[1]!, indent });
      pendingSince = null;
      continue;
    }
    const cl = /^export (abstract )?class (\w+)(<[^{]*?>)?\s*(?:extends ([^{]*?))?(?:implements ([^{]*))?\s*\{$/.exec(line);
    if (cl !== null) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const name = [...stack.map((s) => s.name), cl[2]!].join('.');
      const supers = [...(cl[4] ? splitTop(cl[4]) : []), ...(cl[5] ? splitTop(cl[5]) : [])].map(normType);
      const existing = classes.get(name);
      const c: DtsClass = existing ?? { name, since: pendingSince, isInterface: false, isAbstract: cl[1] !== undefined, supers, members: [] };
      if (existing !== undefined) for (const s of supers) if (!existing.supers.includes(s)) existing.supers.push(s);
      classes.set(name, c);
      stack.push({ kind: 'cls', name: cl[2]!, indent, cls: c });
      pendingSince = null;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.kind !== 'cls' || indent !== top.indent + 1) {
      pendingSince = null;
      continue;
    }
    const cls = top.cls!;
    if (line.startsWith('public constructor(implementation: {')) {
      cls.isInterface = true;
      skipUntilIndent = indent;
      pendingSince = null;
      continue;
    }
    const mem = /^public (static )?(?:abstract )?(constructor|[\w$]+)(?:<[^(]*>)?\((.*)\)(?:: (.*))?;$/.exec(line);
    if (mem !== null) {
      const params = splitTop(mem[3]!).map((p) => normType(p.slice(p.indexOf(':') + 1)));
      cls.members.push({ kind: mem[2] === 'constructor' ? 'ctor' : 'method', name: mem[2]!, isStatic: mem[1] !== undefined, params, ret: normType(mem[4] ?? 'void'), since: pendingSince });
      pendingSince = null;
      continue;
    }
    const fld = /^public (static )?(?:readonly )?([\w$]+): (.*);$/.exec(line);
    if (fld !== null && fld[2] !== 'class') {
      cls.members.push({ kind: 'field', name: fld[2]!, isStatic: fld[1] !== undefined, params: [], ret: normType(fld[3]!), since: pendingSince });
    }
    pendingSince = null;
  }
  return classes;
}

export function androidDtsPath(): string {
  const req = createRequire(import.meta.url);
  const pkg = req.resolve('@nativescript/types-android/package.json');
  return join(dirname(pkg), 'lib', 'android', 'android-platform-21-37-merged.d.ts');
}
