// The emulator's honesty rule: every class, constructor, method (with its exact parameter list)
// and field it exposes either exists in the Android SDK declarations of @nativescript/types-android
// at the API levels the emulator claims, or is listed in emulator/android/hidden.ts with the
// AOSP source that declares it.
import { beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORK } from '../../emulator/android/index.js';
import { HIDDEN, SDK_GAPS, isHidden, memberKey } from '../../emulator/android/hidden.js';
import type { ClassSpec, MethodSpec, FieldSpec } from '../../emulator/java/model.js';
import { ACC, isPrimitive } from '../../emulator/java/types.js';
import { androidDtsPath, parseDts, type DtsClass, type DtsMember } from './dts.js';

let dts: Map<string, DtsClass>;

beforeAll(() => {
  dts = parseDts(androidDtsPath());
});

const dotted = (binary: string) => binary.replace(/\$/g, '.');

/** Java type (Class.getName() spelling) as the d.ts spells it. */
function tsType(java: string): string {
  if (java.startsWith('[')) {
    const elem = java.slice(1);
    const inner = elem.startsWith('[') ? elem : elem.startsWith('L') ? elem.slice(1, -1) : { Z: 'boolean', B: 'byte', C: 'char', S: 'short', I: 'int', J: 'long', F: 'float', D: 'double' }[elem]!;
    return `androidNative.Array<${tsType(inner)}>`;
  }
  switch (java) {
    case 'boolean':
      return 'boolean';
    case 'char':
    case 'java.lang.String':
    case 'java.lang.CharSequence':
      return 'string';
    case 'byte':
    case 'short':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'void':
      return 'void';
    case 'java.lang.Object':
      return 'any';
    default:
      return dotted(java);
  }
}

/** Does the (lossy) d.ts type accept our Java type? Type variables and `any` stand for any object. */
function compatible(ts: string, java: string): boolean {
  const mine = tsType(java);
  if (ts === mine) return true;
  const objectLike = !isPrimitive(java) || java === 'void' ? java !== 'void' : false;
  if (ts === 'any' && objectLike) return true;
  if (/^[A-Z]$/.test(ts) && objectLike) return true; // a type variable (E, T, ...) erases to Object
  const a = /^androidNative\.Array<(.*)>$/.exec(ts);
  const b = /^androidNative\.Array<(.*)>$/.exec(mine);
  if (a !== null && b !== null) return a[1] === b[1] || a[1] === 'any' || /^[A-Z]$/.test(a[1]!);
  return false;
}

function since(x: { since?: number }, c: ClassSpec): number {
  return Math.max(x.since ?? 0, c.since ?? 0);
}

function dtsSince(m: DtsMember | null, c: DtsClass): number {
  return Math.max(m?.since ?? 0, c.since ?? 0);
}

function matchMethod(c: DtsClass, m: MethodSpec): DtsMember | null {
  const isStatic = (m.flags & ACC.STATIC) !== 0;
  const kind = m.name === '<init>' ? 'ctor' : 'method';
  const candidates = c.members.filter(
    (d) =>
      d.kind === kind &&
      (kind === 'ctor' || d.name === m.name) &&
      (kind === 'ctor' || d.isStatic === isStatic) &&
      d.params.length === m.params.length &&
      d.params.every((p, i) => compatible(p, m.params[i]!)) &&
      (kind === 'ctor' || compatible(d.ret, m.ret) || (d.ret === 'void') === (m.ret === 'void') && d.ret !== 'void' && !isPrimitive(m.ret)),
  );
  // A covariant override is declared twice (the bridge method with the supertype's return type):
  // the declaration with exactly our return type is the one whose @since applies.
  return candidates.find((d) => d.ret === tsType(m.ret)) ?? candidates[0] ?? null;
}

/** Enums: the declarations drop `extends java.lang.Enum`; they still have the static values(). */
function isDtsEnum(d: DtsClass): boolean {
  return d.members.some((x) => x.kind === 'method' && x.name === 'values' && x.isStatic && x.params.length === 0);
}

function matchField(c: DtsClass, f: FieldSpec): DtsMember | null {
  const isStatic = (f.flags & ACC.STATIC) !== 0;
  return c.members.find((d) => d.kind === 'field' && d.name === f.name && d.isStatic === isStatic) ?? null;
}

/** Every supertype reachable in the d.ts from `name`. */
function ancestors(name: string): Set<string> {
  const out = new Set<string>();
  const todo = [name];
  while (todo.length > 0) {
    const n = todo.pop()!;
    for (const s of dts.get(n)?.supers ?? []) {
      if (!out.has(s)) {
        out.add(s);
        todo.push(s);
      }
    }
  }
  return out;
}

describe('honesty: the emulated framework against the Android SDK declarations', () => {
  it('parses the SDK declarations (sanity)', () => {
    const tm = dts.get('android.telephony.TelephonyManager')!;
    expect(tm).toBeDefined();
    const getImei = tm.members.filter((m) => m.name === 'getImei');
    expect(getImei.map((m) => [m.params, m.since])).toEqual([
      [[], 26],
      [['number'], 26],
    ]);
    expect(dts.get('java.lang.Runnable')!.isInterface).toBe(true);
    expect(dts.get('android.content.pm.PackageManager.PackageInfoFlags')!.since).toBe(33);
  });

  it('exposes public classes only as the SDK declares them (kind, @since, supertypes)', () => {
    const problems: string[] = [];
    for (const c of FRAMEWORK) {
      const d = dts.get(dotted(c.name));
      const hiddenWhole = HIDDEN.some((h) => h.class === c.name && h.members === undefined);
      const gap = SDK_GAPS.find((g) => g.class === c.name);
      if (d === undefined) {
        if (gap !== undefined) {
          if (Math.max(since(c, c), 21) < gap.since) problems.push(`${c.name}: exposed from API ${c.since ?? 'any'} but added in API ${gap.since} (SDK_GAPS)`);
          continue;
        }
        if (!hiddenWhole) problems.push(`${c.name}: not in the SDK and not listed in hidden.ts`);
        continue;
      }
      if (hiddenWhole) problems.push(`${c.name}: listed as hidden but the SDK declares it`);
      if (gap !== undefined) problems.push(`${c.name}: listed in SDK_GAPS but the SDK declares it`);
      if (((c.flags & ACC.INTERFACE) !== 0) !== d.isInterface) problems.push(`${c.name}: interface/class mismatch`);
      if (since(c, c) < (d.since ?? 0)) problems.push(`${c.name}: exposed from API ${c.since ?? 'any'} but added in API ${d.since}`);
      const anc = ancestors(d.name);
      const enumBase = c.superName === 'java.lang.Enum' && d.supers.length === 0 && isDtsEnum(d);
      if (c.superName !== null && c.superName !== 'java.lang.Object' && !enumBase && !anc.has(dotted(c.superName))) problems.push(`${c.name}: superclass ${c.superName} is not among its SDK supertypes`);
      // The declarations drop most generic `implements` clauses (String implements no CharSequence
      // there), so an interface is checked only when the SDK lists some for the class.
      const listed = d.supers.filter((s) => s !== 'java.lang.Object' && dts.get(s)?.isInterface === true);
      for (const i of c.interfaces) {
        const id = dts.get(dotted(i));
        if (id === undefined || !id.isInterface) problems.push(`${c.name}: implements ${i}, which the SDK does not declare as an interface`);
        else if (listed.length > 0 && !anc.has(dotted(i))) problems.push(`${c.name}: interface ${i} is not among its SDK supertypes`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('exposes every public method and constructor with an SDK parameter list, at or after its @since', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const c of FRAMEWORK) {
      const d = dts.get(dotted(c.name));
      if (d === undefined) continue;
      for (const m of c.methods) {
        const key = memberKey('method', m.name, m.params);
        if (isHidden(c.name, key)) continue;
        const hit = matchMethod(d, m);
        if (hit === null) {
          problems.push(`${c.name}.${key}: not in the SDK declarations (list it in hidden.ts if it is a hidden API)`);
          continue;
        }
        checked++;
        if (since(m, c) < dtsSince(hit, d)) problems.push(`${c.name}.${key}: exposed from API ${since(m, c) || 'any'} but added in API ${dtsSince(hit, d)}`);
      }
      for (const f of c.fields) {
        const key = memberKey('field', f.name);
        if (isHidden(c.name, key)) continue;
        const hit = matchField(d, f);
        if (hit === null) problems.push(`${c.name}.${f.name}: field not in the SDK declarations`);
        else if (since(f, c) < dtsSince(hit, d)) problems.push(`${c.name}.${f.name}: exposed from API ${since(f, c) || 'any'} but added in API ${dtsSince(hit, d)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('lists every hidden API once, with its AOSP source, and only what the SDK lacks (conformance: android.hidden.nonSdkMembers)', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const h of HIDDEN) {
      if (seen.has(h.class)) problems.push(`${h.class}: listed twice`);
      seen.add(h.class);
      // AIDL interfaces are declared by their .aidl file (the build generates the Java).
      if (!/^(frameworks\/base|libcore|external)\/.+\.(java|aidl)$/.test(h.aosp)) problems.push(`${h.class}: aosp path "${h.aosp}" is not an AOSP source path`);
      if (h.why.trim() === '') problems.push(`${h.class}: no reason given`);
      const c = FRAMEWORK.find((x) => x.name === h.class);
      if (c === undefined) {
        problems.push(`${h.class}: listed but not modelled`);
        continue;
      }
      const d = dts.get(dotted(h.class));
      for (const key of h.members ?? []) {
        const m = key.startsWith('field:') ? c.fields.find((x) => `field:${x.name}` === key) : c.methods.find((x) => memberKey('method', x.name, x.params) === key);
        if (m === undefined) problems.push(`${h.class} ${key}: listed but not modelled`);
        else if (d !== undefined && 'params' in m && matchMethod(d, m) !== null) problems.push(`${h.class} ${key}: listed as hidden but the SDK declares it`);
        else if (d !== undefined && !('params' in m) && matchField(d, m) !== null) problems.push(`${h.class} ${key}: listed as hidden but the SDK declares it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists as SDK gaps only public API the declarations lack, each with its AOSP source and API level', () => {
    const problems: string[] = [];
    for (const g of SDK_GAPS) {
      if (dts.has(dotted(g.class))) problems.push(`${g.class}: the SDK declarations have it; it cannot be an SDK gap`);
      if (HIDDEN.some((h) => h.class === g.class)) problems.push(`${g.class}: listed as hidden and as an SDK gap`);
      if (!/^(frameworks\/base|libcore)\/.+\.java$/.test(g.aosp)) problems.push(`${g.class}: aosp path "${g.aosp}" is not an AOSP source path`);
      if (!(g.since >= 21 && g.since <= 37)) problems.push(`${g.class}: API level ${g.since} out of range`);
      if (!FRAMEWORK.some((c) => c.name === g.class)) problems.push(`${g.class}: listed but not modelled`);
      // Whole packages the declarations miss, never single classes of a package they cover.
      const pkg = g.class.slice(0, g.class.lastIndexOf('.'));
      if ([...dts.keys()].some((k) => k.startsWith(`${pkg}.`) && !k.slice(pkg.length + 1).includes('.'))) problems.push(`${g.class}: the declarations cover package ${pkg}`);
    }
    expect(problems).toEqual([]);
    // android.app.job and java.util.function are absent from @nativescript/types-android 9.1.1.
    expect(SDK_GAPS.map((g) => g.class)).toEqual(expect.arrayContaining(['android.app.job.JobScheduler', 'android.app.job.JobInfo', 'android.app.job.JobService']));
  });

  it('models every type its members mention, at every API level it supports', () => {
    const names = new Set(FRAMEWORK.map((c) => c.name));
    const problems = new Set<string>();
    const need = (t: string, where: string) => {
      let x = t;
      while (x.startsWith('[')) x = x.slice(1);
      if (x.startsWith('L') && x.endsWith(';')) x = x.slice(1, -1);
      if (x.length === 1 || isPrimitive(x)) return;
      if (!names.has(x)) problems.add(`${where}: uses unmodelled type ${x}`);
    };
    for (const c of FRAMEWORK) {
      if (c.superName !== null) need(c.superName, c.name);
      for (const i of c.interfaces) need(i, c.name);
      for (const m of c.methods) {
        need(m.ret, `${c.name}.${m.name}`);
        for (const p of m.params) need(p, `${c.name}.${m.name}`);
      }
      for (const f of c.fields) need(f.type, `${c.name}.${f.name}`);
    }
    expect([...problems]).toEqual([]);
  });
});
