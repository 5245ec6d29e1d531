// Rule: native events are attributed to the calling module (libjcore220.so -> JCore) through the
// catalog's exact library names, then its name patterns. System libraries (libc, libssl, ...),
// paths under /system, /apex, /vendor and Frida's own agent never decide; then, and for modules
// the catalog does not know, the Java stack decides when one is present.
import type { Frame } from '../../protocol/messages.js';
import type { CatalogSdk } from '../catalog.js';
import type { Attribution } from '../types.js';
import { sdkLabel, sourcesOf } from './reason.js';
import type { RuleEnv } from './types.js';

const SYSTEM_DIRS = /^\/(system|apex|vendor|product|system_ext|odm)\//;
const SYSTEM_LIBS = new Set([
  'libc.so', 'libm.so', 'libdl.so', 'liblog.so', 'libz.so', 'libc++.so', 'libart.so', 'libartbase.so', 'libbase.so',
  'libandroid_runtime.so', 'libandroid.so', 'libbinder.so', 'libutils.so', 'libcutils.so', 'libjavacore.so',
  'libopenjdk.so', 'libopenjdkjvm.so', 'libnativehelper.so', 'libssl.so', 'libcrypto.so', 'libnetd_client.so',
  'libandroidfw.so', 'libgui.so', 'libui.so', 'libhwui.so', 'libEGL.so', 'libGLESv2.so', 'libGLESv3.so', 'libvulkan.so',
  'libmediandk.so', 'libsqlite.so', 'libicuuc.so', 'libjnigraphics.so', 'libOpenSLES.so', 'libaaudio.so',
  'libwebviewchromium.so', 'libselinux.so', 'linker', 'linker64', 'libstagefright.so',
]);

export function moduleBaseName(module: string): string {
  const slash = Math.max(module.lastIndexOf('/'), module.lastIndexOf('\\'));
  return slash >= 0 ? module.slice(slash + 1) : module;
}

export function isSystemModule(module: string): boolean {
  const base = moduleBaseName(module);
  return SYSTEM_DIRS.test(module) || SYSTEM_LIBS.has(base) || /^frida-(agent|gadget)/.test(base);
}

export interface NativeHit {
  sdk: CatalogSdk;
  key: string;
  kind: 'lib' | 'pattern';
}

export function lookupNative(module: string, env: RuleEnv): NativeHit | null {
  const base = moduleBaseName(module);
  const exact = env.catalog.libs.get(base);
  if (exact) return { sdk: exact, key: base, kind: 'lib' };
  for (const p of env.catalog.libPatterns) if (p.re.test(base)) return { sdk: p.sdk, key: p.source, kind: 'pattern' };
  return null;
}

/**
 * @param stack attributes the Java stack (the engine's stack()), used when the module does not decide
 */
export function nativeAttribution(module: string, frames: readonly Frame[] | undefined, env: RuleEnv, stack: (f: readonly Frame[]) => Attribution): Attribution {
  const base = moduleBaseName(module);
  const system = isSystemModule(module);
  const hit = system ? null : lookupNative(module, env);
  const java = frames?.length ? stack(frames) : null;
  if (hit && !hit.sdk.transparent) {
    // The Java side, when it names someone else, is who called into the library.
    const chain = java?.sdk && java.sdk.id !== hit.sdk.entry.id ? [java.sdk, ...java.chain.filter((s) => s.id !== hit.sdk.entry.id)] : (java?.chain.filter((s) => s.id !== hit.sdk.entry.id) ?? []);
    const what = hit.kind === 'lib' ? `library ${base}` : `library ${base} (pattern ${hit.key})`;
    const javaNote = java && java.sdk?.id !== hit.sdk.entry.id && java.party !== 'platform' ? `; the Java stack leads to ${java.sdk?.name ?? java.prefix ?? java.party}` : '';
    return {
      sdk: hit.sdk.ref,
      party: 'third-party',
      frame: null,
      frameIndex: null,
      apiIndex: java?.apiIndex ?? null,
      ...(java?.apiInferred !== undefined ? { apiInferred: java.apiInferred } : {}),
      via: 'native',
      chain,
      matched: hit.key,
      module: base,
      ...(java?.calledByApp ? { calledByApp: true } : {}),
      reason: `The calling native module is ${what}, which belongs to ${sdkLabel(hit.sdk)} [catalog: ${sourcesOf(hit.sdk)}]${javaNote}.`,
    };
  }
  const why = system ? `${base} is a system library` : hit ? `${base} is a transport library (${hit.sdk.entry.name})` : `${base} is not in the catalog`;
  if (java) return { ...java, module: base, reason: `Native module ${why}, so the Java stack decides: ${java.reason}` };
  return {
    sdk: null,
    party: system ? 'platform' : 'unknown',
    frame: null,
    frameIndex: null,
    apiIndex: null,
    via: 'none',
    chain: [],
    module: base,
    reason: `Native module ${why} and no Java stack was captured.`,
  };
}
