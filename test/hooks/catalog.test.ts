// The hook catalog checked against the Android SDK as @nativescript/types-android declares it
// (API 21-37): every public class, method, overload and API level; hidden entries cite AOSP;
// classes shipped inside apps are marked loader 'app' (and androidx ones checked against the
// androidx declarations). The declarations are lossy (numbers, strings), so overloads are compared
// in TS shape; PUBLIC_SIGNATURES restores the Java types and is checked for shape, completeness
// and @since here.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOOKS, HOOK_AREAS, NATIVE_HOOKS } from '../../agent/catalog/index.js';
import { PUBLIC_SIGNATURES } from '../../agent/catalog/signatures.js';
import type { HookSpec, Signature } from '../../agent/catalog/types.js';
import { EXTRACTORS } from '../../agent/extract/index.js';
import { MIN_API, MAX_API, SdkIndex, normalizeTsType, sameShape, tsShapeOf, type SdkMember } from '../../host/android/sdk-declarations.js';

let sdk: SdkIndex;
let androidx: SdkIndex;

beforeAll(() => {
  sdk = SdkIndex.load();
  const require = createRequire(import.meta.url);
  androidx = SdkIndex.load(require.resolve('@nativescript/types-android/lib/android/androidx-32.d.ts'));
}, 60_000);

/** Classes that ship inside apps, never in the framework. */
const APP_PREFIXES = ['androidx.', 'okhttp3.', 'com.google.android.gms.', 'com.huawei.hms.', 'com.hihonor.', 'com.bun.', 'com.android.volley.'];
const AOSP_PATH = /^(frameworks\/base|libcore|external\/[a-z0-9_-]+|packages\/modules\/[A-Za-z0-9_-]+)\/[\w/$.-]+\.java$/;

/** API level a class exists from: its own @since and every enclosing class's. */
function classSince(index: SdkIndex, javaName: string): number {
  let since = MIN_API;
  const parts = javaName.split('$');
  for (let i = 1; i <= parts.length; i++) {
    const c = index.class(parts.slice(0, i).join('$'));
    if (c !== undefined) since = Math.max(since, c.since);
  }
  return since;
}

function shapeOf(sig: Signature): string[] {
  return sig.params.map(tsShapeOf);
}

function show(params: readonly string[]): string {
  return `(${params.join(', ')})`;
}

/**
 * Checks Java signatures against the declared overloads of `cls.method` in `index`: each one must
 * match a declaration, carry its API level, and (when `complete`) every declaration must be covered.
 */
/**
 * Overloads the SDK declarations list that the class does not have: the declarations repeat
 * java.lang.ClassLoader's protected constructors under BaseDexClassLoader, whose AOSP source
 * (libcore/dalvik/src/main/java/dalvik/system/BaseDexClassLoader.java) declares none of them.
 */
const DECLARATION_ARTIFACTS: Record<string, readonly string[]> = {
  'dalvik.system.BaseDexClassLoader.$init': ['', 'java.lang.ClassLoader'],
};

function checkSignatures(index: SdkIndex, specClass: string, cls: string, method: string, sigs: readonly Signature[], complete: boolean): string[] {
  const problems: string[] = [];
  const found = index.methods(cls, method);
  if (found === undefined) return [`${cls}.${method} is not declared`];
  const base = Math.max(classSince(index, cls), classSince(index, specClass), found.owner.since);
  const covered = new Set<SdkMember>();
  for (const sig of sigs) {
    const want = shapeOf(sig);
    const match = found.overloads.find((m) => sameShape(m.params.map(normalizeTsType), want));
    if (match === undefined) {
      problems.push(`${cls}.${method}${show(sig.params)} is not declared; declared: ${found.overloads.map((m) => show(m.params)).join(' ')}`);
      continue;
    }
    covered.add(match);
    const since = Math.max(base, match.since);
    const claimed = sig.minApi ?? MIN_API;
    if (claimed !== since) problems.push(`${cls}.${method}${show(sig.params)} exists from API ${since}, signature says ${claimed}`);
  }
  if (complete) {
    for (const m of found.overloads) {
      if (covered.has(m) || DECLARATION_ARTIFACTS[`${cls}.${method}`]?.includes(m.params.join(',')) === true) continue;
      problems.push(`${cls}.${method}${show(m.params)} (API ${Math.max(base, m.since)}) is declared but not listed`);
    }
  }
  return problems;
}

/** Signatures the spec hooks (subset of the public ones for explicit overload lists). */
function hookedPublic(spec: HookSpec): readonly Signature[] {
  const all = PUBLIC_SIGNATURES[spec.id] ?? [];
  if (spec.overloads === 'all') return all;
  return all.filter((s) => (spec.overloads as readonly (readonly string[])[]).some((o) => o.join(',') === s.params.join(',')));
}

describe('hook catalog', () => {
  it('has unique ids, known extractors, and consistent kinds', () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const area of HOOK_AREAS) {
      for (const s of area.hooks) {
        if (ids.has(s.id)) problems.push(`duplicate id ${s.id}`);
        ids.add(s.id);
        if (!/^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/.test(s.id)) problems.push(`${s.id}: id must be "<group>.<name>"`);
        if (s.extract !== undefined && EXTRACTORS[s.extract] === undefined) problems.push(`${s.id}: unknown extractor ${s.extract}`);
        if ((s.kind === 'origin') !== (s.origin !== undefined)) problems.push(`${s.id}: kind 'origin' and an origin role go together`);
        if (s.netScope === true && s.kind !== 'net') problems.push(`${s.id}: netScope only on 'net' hooks`);
        if (s.minApi !== undefined && s.maxApi !== undefined && s.minApi > s.maxApi) problems.push(`${s.id}: minApi > maxApi`);
        if (s.minApi !== undefined && (s.minApi < MIN_API || s.minApi > MAX_API)) problems.push(`${s.id}: minApi out of range`);
        if (Array.isArray(s.overloads) && s.overloads.length === 0) problems.push(`${s.id}: empty overload list`);
      }
    }
    for (const n of NATIVE_HOOKS) {
      if (ids.has(n.id)) problems.push(`duplicate id ${n.id}`);
      ids.add(n.id);
      if (!n.id.startsWith('native.')) problems.push(`${n.id}: native ids start with "native."`);
    }
    for (const id of Object.keys(PUBLIC_SIGNATURES)) if (!HOOKS.some((h) => h.id === id)) problems.push(`PUBLIC_SIGNATURES has unknown id ${id}`);
    expect(problems).toEqual([]);
  });

  it('hooks at least 200 distinct Java methods, plus native hooks', () => {
    const methods = new Set(HOOKS.map((h) => `${h.class}.${h.method}`));
    let overloads = 0;
    for (const h of HOOKS) {
      const pub = h.hidden === undefined ? hookedPublic(h) : h.hidden.publicApi === undefined ? [] : (PUBLIC_SIGNATURES[h.id] ?? []);
      overloads += pub.length + (h.declared?.length ?? 0);
    }
    expect(methods.size).toBeGreaterThanOrEqual(200);
    expect(overloads).toBeGreaterThan(methods.size);
    expect(NATIVE_HOOKS.map((n) => n.symbol)).toEqual(expect.arrayContaining(['connect', 'sendto', 'write', 'SSL_write', 'SSL_read']));
    // `send` is sendto in bionic: hooking both would count every send twice.
    expect(NATIVE_HOOKS.map((n) => n.symbol)).not.toContain('send');
  });

  it('marks every class shipped inside apps as loader "app", with its declared overloads', () => {
    const problems: string[] = [];
    for (const s of HOOKS) {
      const appClass = APP_PREFIXES.some((p) => s.class.startsWith(p));
      if (appClass && s.loader !== 'app') problems.push(`${s.id}: ${s.class} ships inside apps, mark it loader 'app'`);
      if (s.loader !== 'app') continue;
      if (sdk.class(s.class) !== undefined) problems.push(`${s.id}: ${s.class} is an Android SDK class, not an app class`);
      if (/^(android|java|javax|dalvik)\./.test(s.class)) problems.push(`${s.id}: framework package marked loader 'app'`);
      if (s.hidden !== undefined) problems.push(`${s.id}: app classes are not hidden framework APIs`);
      if (s.declared === undefined || s.declared.length === 0) problems.push(`${s.id}: app-loader specs list their overloads in 'declared'`);
      if (PUBLIC_SIGNATURES[s.id] !== undefined) problems.push(`${s.id}: app-loader signatures belong in 'declared'`);
      // androidx classes the androidx declarations know are checked like framework ones.
      if (s.class.startsWith('androidx.') && androidx.class(s.class) !== undefined) {
        problems.push(...checkSignatures(androidx, s.class, s.class, s.method, (s.declared ?? []).map((d) => ({ params: d.params })), true));
      }
    }
    expect(problems).toEqual([]);
  });

  it('cites AOSP for every hidden entry, and hidden entries are not public API', () => {
    const problems: string[] = [];
    for (const s of HOOKS) {
      if (s.hidden === undefined) continue;
      if (!AOSP_PATH.test(s.hidden.aosp)) problems.push(`${s.id}: aosp path "${s.hidden.aosp}" is not an AOSP source path`);
      if (sdk.methods(s.class, s.method) !== undefined) problems.push(`${s.id}: ${s.class}.${s.method} is public API, not hidden`);
      const pub = s.hidden.publicApi;
      if (pub !== undefined) {
        if (sdk.class(pub) === undefined) problems.push(`${s.id}: publicApi ${pub} is not an SDK class`);
        else {
          const sigs = PUBLIC_SIGNATURES[s.id];
          if (sigs === undefined) problems.push(`${s.id}: public overloads of ${pub}.${s.method} belong in PUBLIC_SIGNATURES`);
          else problems.push(...checkSignatures(sdk, pub, pub, s.method, sigs, true));
        }
      } else if (PUBLIC_SIGNATURES[s.id] !== undefined) problems.push(`${s.id}: hidden without publicApi, but has PUBLIC_SIGNATURES`);
      if (pub === undefined && (s.declared === undefined || s.declared.length === 0)) problems.push(`${s.id}: hidden entries list their AOSP overloads in 'declared'`);
      for (const d of s.declared ?? []) {
        if (d.minApi !== undefined && d.maxApi !== undefined && d.minApi > d.maxApi) problems.push(`${s.id}: declared ${show(d.params)} minApi > maxApi`);
        if (s.minApi !== undefined && d.maxApi !== undefined && d.maxApi < s.minApi) problems.push(`${s.id}: declared ${show(d.params)} ends before the spec's minApi`);
        if (s.maxApi !== undefined && d.minApi !== undefined && d.minApi > s.maxApi) problems.push(`${s.id}: declared ${show(d.params)} starts after the spec's maxApi`);
        // A declared hidden overload must not be one of the public ones.
        if (pub !== undefined) {
          const f = sdk.findOverload(pub, s.method, d.params);
          if (f !== undefined && (PUBLIC_SIGNATURES[s.id] ?? []).some((p) => p.params.join(',') === d.params.join(','))) problems.push(`${s.id}: ${show(d.params)} is public; list it once`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('cites a public source for every vendor entry, whose class is neither SDK nor AOSP', () => {
    const problems: string[] = [];
    let vendors = 0;
    for (const s of HOOKS) {
      if (s.vendor === undefined) continue;
      vendors++;
      if (!/^https:\/\/\S+$/.test(s.vendor.source)) problems.push(`${s.id}: vendor source "${s.vendor.source}" is not a URL`);
      if (s.vendor.oem.trim() === '') problems.push(`${s.id}: vendor entries name the OEM`);
      if (sdk.class(s.class) !== undefined) problems.push(`${s.id}: ${s.class} is an Android SDK class, not a vendor class`);
      if (s.hidden !== undefined) problems.push(`${s.id}: vendor classes are not AOSP hidden API`);
      if (s.declared === undefined || s.declared.length === 0) problems.push(`${s.id}: vendor specs list their overloads in 'declared'`);
      if (PUBLIC_SIGNATURES[s.id] !== undefined) problems.push(`${s.id}: vendor signatures belong in 'declared'`);
    }
    expect(vendors).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('checks every public entry (class, method, overloads, API range) against the SDK declarations', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const s of HOOKS) {
      if (s.hidden !== undefined || s.loader === 'app' || s.vendor !== undefined) continue;
      checked++;
      const cls = sdk.class(s.class);
      if (cls === undefined) {
        problems.push(`${s.id}: class ${s.class} is not in the SDK declarations (mark it hidden with an AOSP path, or loader 'app')`);
        continue;
      }
      if (s.declared !== undefined) problems.push(`${s.id}: public overloads belong in PUBLIC_SIGNATURES, not 'declared'`);
      const sigs = PUBLIC_SIGNATURES[s.id];
      if (sigs === undefined) {
        problems.push(`${s.id}: no PUBLIC_SIGNATURES entry`);
        continue;
      }
      // PUBLIC_SIGNATURES lists every public overload; explicit overload lists are a subset of it.
      problems.push(...checkSignatures(sdk, s.class, s.class, s.method, sigs, true));
      if (s.overloads !== 'all') {
        for (const o of s.overloads) {
          if (!sigs.some((x) => x.params.join(',') === o.join(','))) problems.push(`${s.id}: hooked overload ${show(o)} is not a public overload`);
        }
      }
      const hooked = hookedPublic(s);
      const first = Math.max(MIN_API, Math.min(...hooked.map((x) => x.minApi ?? MIN_API)));
      if ((s.minApi ?? MIN_API) !== first) problems.push(`${s.id}: the hooked overloads exist from API ${first}, spec minApi is ${s.minApi ?? MIN_API}`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('would catch a wrong overload, a wrong API level and a missing overload', () => {
    expect(checkSignatures(sdk, 'android.telephony.TelephonyManager', 'android.telephony.TelephonyManager', 'getImei', [{ params: ['java.lang.String'], minApi: 26 }], false)).toHaveLength(1);
    expect(checkSignatures(sdk, 'android.telephony.TelephonyManager', 'android.telephony.TelephonyManager', 'getImei', [{ params: [] }, { params: ['int'], minApi: 26 }], true)[0]).toMatch(/exists from API 26/);
    expect(checkSignatures(sdk, 'android.telephony.TelephonyManager', 'android.telephony.TelephonyManager', 'getDeviceId', [{ params: [] }], true)[0]).toMatch(/declared but not listed/);
    expect(checkSignatures(sdk, 'android.telephony.TelephonyManager', 'android.telephony.TelephonyManager', 'getDeviceId', [{ params: [] }, { params: ['int'], minApi: 23 }], true)).toEqual([]);
  });
});
