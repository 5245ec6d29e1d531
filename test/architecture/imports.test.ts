// The layout's rules, checked on every file's imports (static `from '...'` and dynamic
// `import('...')`, types included): what the host concludes (analysis/) is computed once and the
// reports read it; imports run one way (host -> reports -> analysis -> store, attribution ->
// protocol, install) and nothing below host/ imports host/; nothing in reports/ writes to a
// database; the emulator is a device like a phone, reached only through the device seam and the
// CLI's device choice, and inside it the VM (emulator/java) stays below the framework model; no
// import cycle crosses a top-level folder. A failure names the file and
// the import that broke the rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRODUCT = ['agent', 'protocol', 'install', 'store', 'attribution', 'host', 'analysis', 'reports', 'emulator'];

/** Files below dir whose names match `ext` (TypeScript sources by default). */
function walk(dir: string, ext = /(?<!\.d)\.ts$/, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = posix.join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) walk(rel, ext, out);
    else if (ext.test(name)) out.push(rel);
  }
  return out;
}

const FILES = PRODUCT.flatMap((d) => walk(d));
const SPEC = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;

/** Repository-relative .ts files each file imports (relative imports only). */
const GRAPH = new Map<string, string[]>(
  FILES.map((f) => {
    const src = readFileSync(join(ROOT, f), 'utf8');
    const deps = [...src.matchAll(SPEC)].map((m) => posix.normalize(posix.join(posix.dirname(f), m[1]!)).replace(/\.js$/, '.ts'));
    return [f, deps];
  }),
);

function violations(from: (f: string) => boolean, allowed: (dep: string, f: string) => boolean): string[] {
  const out: string[] = [];
  for (const [f, deps] of GRAPH) if (from(f)) for (const d of deps) if (!allowed(d, f)) out.push(`${f} imports ${d}`);
  return out;
}

const under = (...dirs: string[]) => (p: string) => dirs.some((d) => p === d || p.startsWith(`${d}/`));

describe('import rules', () => {
  it('finds the files it checks (a rule over no files cannot fail)', () => {
    expect(FILES.filter(under('reports')).length).toBeGreaterThan(20);
    expect(FILES.filter(under('analysis')).length).toBeGreaterThanOrEqual(4);
    expect(FILES.filter(under('store')).length).toBeGreaterThanOrEqual(5);
    expect(FILES.filter(under('attribution')).length).toBeGreaterThanOrEqual(5);
    expect([...GRAPH.values()].flat().length).toBeGreaterThan(500);
  });

  it('reports/ imports only reports/, analysis/, store/, attribution/, protocol/ and install/ (where its thread script is built)', () => {
    expect(violations(under('reports'), under('reports', 'analysis', 'store', 'attribution', 'protocol', 'install'))).toEqual([]);
  });

  it('analysis/ imports only analysis/, store/, attribution/ and protocol/', () => {
    expect(violations(under('analysis'), under('analysis', 'store', 'attribution', 'protocol'))).toEqual([]);
  });

  it('store/ imports only store/, protocol/ and install/ (the evidence knows no conclusion)', () => {
    expect(violations(under('store'), under('store', 'protocol', 'install'))).toEqual([]);
  });

  it("attribution/ imports only attribution/, protocol/, install/ and the agent's hook catalog (data)", () => {
    expect(violations(under('attribution'), under('attribution', 'protocol', 'install', 'agent/catalog'))).toEqual([]);
  });

  it('install/ imports nothing of the project', () => {
    expect(violations(under('install'), under('install'))).toEqual([]);
  });

  it('nothing below host/ imports host/ (the emulator only its device seam)', () => {
    expect(violations((f) => !under('host', 'emulator')(f), (d) => !under('host')(d))).toEqual([]);
  });

  it('protocol/ imports nothing of the project but itself (agent and host share it)', () => {
    expect(violations(under('protocol'), under('protocol'))).toEqual([]);
  });

  it('agent/ imports only agent/ and protocol/ (it runs inside the app)', () => {
    expect(violations(under('agent'), under('agent', 'protocol'))).toEqual([]);
  });

  it('the emulator is reached only through the device seam and the CLI device choice', () => {
    // host/device/open.ts opens a device by name; host/commands choose the bundled scenarios; the
    // audit's emulated operations (ops-emulated, clock) drive the emulated device as ops-adb drives adb.
    const gates = new Set(['host/device/open.ts', 'host/audit/ops-emulated.ts', 'host/audit/clock.ts']);
    expect(violations((f) => !under('emulator')(f), (d, f) => !under('emulator')(d) || gates.has(f) || under('host/commands')(f))).toEqual([]);
    // ...and the emulator itself sees the host only through the seam's types.
    expect(violations(under('emulator'), (d) => under('emulator', 'protocol')(d) || d === 'host/device/types.ts')).toEqual([]);
  });

  it("the emulator's VM (emulator/java/) imports nothing outside itself: the framework model above it says what c.env is", () => {
    expect(FILES.filter(under('emulator/java')).length).toBeGreaterThanOrEqual(6);
    expect(violations(under('emulator/java'), under('emulator/java'))).toEqual([]);
  });

  it('no import cycle crosses a top-level folder', () => {
    // Tarjan's strongly connected components over the file graph.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      on.add(v);
      for (const w of GRAPH.get(v) ?? []) {
        if (!GRAPH.has(w)) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1) cycles.push(scc.sort());
      }
    };
    for (const f of GRAPH.keys()) if (!idx.has(f)) visit(f);
    const top = (f: string) => f.split('/')[0];
    const crossing = cycles.filter((c) => new Set(c.map(top)).size > 1);
    expect(crossing).toEqual([]);
  });

  it('nothing in reports/ writes to a database', () => {
    const writes = /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|REPLACE\s+INTO|CREATE\s+TABLE|DROP\s+TABLE|ALTER\s+TABLE)\b/i;
    const offenders = FILES.filter(under('reports')).filter((f) => writes.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  it('no tracked file outside .ci needs the sibling folder the developers have (shared material)', () => {
    // Every text file a user's clone runs or reads: sources, scripts, docs, scenarios, policies.
    const text = /\.(ts|mjs|js|md|json|txt|html|csv|tsv)$/;
    const files = ['README.md', 'NOTICE', 'package.json', ...PRODUCT.flatMap((d) => walk(d, text)), ...['scripts', 'test', 'docs', 'bench', 'data/scenarios', 'data/policies'].flatMap((d) => walk(d, text))];
    // Built from parts so this file does not name the folder itself.
    const sibling = ['shared'][0]!;
    const re = new RegExp(`\\.\\./${sibling}\\b|['"]\\.\\.['"],\\s*['"]${sibling}['"]`);
    const self = relative(ROOT, fileURLToPath(import.meta.url)).split('\\').join('/');
    expect(files.filter((f) => f !== self && re.test(readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
