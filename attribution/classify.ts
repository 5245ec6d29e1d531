// What one stack frame's class is: platform or runtime machinery, a transparent library, a hook
// layer, a cross-language bridge, a catalog SDK, the app itself, obfuscated, or an unknown third
// party. Every rule asks this question, so it is answered by trie walks over the class name's
// char codes (no splitting or concatenation), and remembered per class name: the same framework
// and SDK classes recur on every stack, and a remembered verdict costs one map lookup and no
// allocation.
import type { Catalog, CatalogSdk } from './catalog.js';
import { SegmentTrie, javaLongest, javaSegments } from './trie.js';

export type SkipKind = 'platform' | 'runtime' | 'transparent' | 'hook' | 'bridge';
export type FrameKind = SkipKind | 'sdk' | 'app' | 'obfuscated' | 'unknown';
export type Bridge = 'flutter' | 'react-native' | 'cordova';

interface SkipEntry {
  readonly kind: SkipKind;
  readonly prefix: string;
  readonly bridge: Bridge | null;
}

/** The Android framework and the Java/Kotlin runtime: never the responsible party. */
export const PLATFORM_PREFIXES = [
  'android', 'java', 'javax', 'dalvik', 'libcore', 'com.android', 'kotlin', 'sun', 'org.apache.harmony',
  'org.json', 'org.w3c.dom', 'org.xml.sax', 'org.xmlpull.v1', 'com.google.android.gles_jni', 'jdk.internal',
];
/** Platform frames that only move work around (reflection, proxies, threads, loopers): never the API. */
export const RUNTIME_PREFIXES = [
  'java.lang.reflect', 'java.lang.Thread', 'java.lang.Daemons', 'java.util.concurrent', 'java.util.Timer', 'java.util.TimerThread',
  'android.os.Handler', 'android.os.HandlerThread', 'android.os.Looper', 'android.os.MessageQueue', 'android.os.AsyncTask',
  'android.os.Binder', 'android.os.BinderProxy', 'android.os.Parcel', 'android.app.ActivityThread', 'android.app.Instrumentation',
  'com.android.internal.os', 'dalvik.system', 'com.sun.proxy', 'kotlin.coroutines.jvm.internal',
];
/** Libraries that only carry a caller's request (HTTP, JSON, Rx, Jetpack): the caller decides. */
export const TRANSPARENT_PREFIXES = [
  'okhttp3', 'okio', 'retrofit2', 'com.squareup.okhttp', 'com.google.gson', 'androidx', 'io.reactivex', 'kotlinx',
];
/** Cross-language bridges: transparent, and the real caller (Dart, JavaScript) is not on the Java stack. */
export const BRIDGE_PREFIXES: readonly (readonly [string, Bridge])[] = [
  ['io.flutter', 'flutter'], ['com.facebook.react', 'react-native'], ['org.apache.cordova', 'cordova'],
];
/** Hook and virtualisation layers that sit between an API and its caller (Xposed, LSPosed, VirtualApp, Frida, ...). */
export const HOOK_PREFIXES = [
  'de.robv.android.xposed', 'org.lsposed', 'io.github.lsposed', 'io.github.libxposed', 'com.elderdrivers.riru',
  'me.weishu.epic', 'me.weishu.exposed', 'com.swift.sandhook', 'top.canyie.pine', 'com.lody.virtual', 'io.va.exposed',
  'com.taobao.android.dexposed', 'com.saurik.substrate', 're.frida',
  // PrivacySentry rewrites each privacy call into a static proxy (privacy-proxy/.../PrivacyProxyCall.kt,
  // hook-sentry/.../PrivacySentry.kt in allenymt/PrivacySentry): its frames sit between the API and the caller.
  'com.yl.lib.privacy_proxy', 'com.yl.lib.sentry', 'com.yl.lib.plugin_proxy',
];
/** Generated classes without a package: LSPosed/EdXposed hook stubs and java.lang.reflect.Proxy classes. */
export const HOOK_CLASS_STARTS = ['LSPHooker_', 'EdHooker_'];
/** java.lang.reflect.Proxy classes on Android ("com.sun.proxy.$Proxy12" is a runtime prefix). */
export const PROXY_CLASS_START = '$Proxy';

/** The verdict for one class name (shared and immutable: never modify one). */
export interface FrameVerdict {
  readonly kind: FrameKind;
  /** Catalog SDK for 'sdk' (and for a transparent catalog SDK classified as 'transparent'). */
  readonly sdk: CatalogSdk | null;
  /** The catalog key, skip prefix or app package that matched. */
  readonly key: string | null;
  readonly keyKind: 'package' | 'component' | 'skip' | 'app' | null;
  readonly bridge: Bridge | null;
}

/** Remembered verdicts per classifier; cleared when full so memory stays bounded. */
const MEMO_LIMIT = 1 << 16;

export class FrameClassifier {
  private readonly skip = new SegmentTrie<SkipEntry>();
  private readonly memo = new Map<string, FrameVerdict>();
  private readonly len = { length: 0 };
  private readonly app: string | null;

  constructor(private readonly catalog: Catalog, appPackage?: string) {
    this.app = appPackage ? appPackage.trim() : null;
    const add = (prefix: string, kind: SkipKind, bridge: Bridge | null = null) => this.skip.insert(javaSegments(prefix), { kind, prefix, bridge });
    for (const p of PLATFORM_PREFIXES) add(p, 'platform');
    for (const p of RUNTIME_PREFIXES) add(p, 'runtime');
    for (const p of TRANSPARENT_PREFIXES) add(p, 'transparent');
    for (const p of HOOK_PREFIXES) add(p, 'hook');
    for (const [p, b] of BRIDGE_PREFIXES) add(p, 'bridge', b);
  }

  /** Classifies a class name. */
  classify(className: string): FrameVerdict {
    let v = this.memo.get(className);
    if (v === undefined) {
      v = this.compute(className);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(className, v);
    }
    return v;
  }

  private compute(className: string): FrameVerdict {
    if (isGeneratedHookClass(className)) return { kind: 'hook', sdk: null, key: null, keyKind: 'skip', bridge: null };
    const appLen = this.appMatch(className);
    const skip = javaLongest(this.skip, className, this.len);
    const skipLen = this.len.length;
    const hit = javaLongest(this.catalog.java, className, this.len);
    const hitLen = hit === undefined ? 0 : this.len.length;
    // The app's own package wins over the skip lists when it is at least as specific (com.android.* apps).
    // A plugin inside a bridge's namespace (cordova-plugin-device's org.apache.cordova.device) is a
    // caller, not the bridge: a longer catalog prefix wins over a bridge prefix.
    const pluginInBridge = skip?.kind === 'bridge' && hit !== undefined && hitLen > skipLen;
    if (skip !== undefined && skipLen >= appLen && !pluginInBridge) return { kind: skip.kind, sdk: null, key: skip.prefix, keyKind: 'skip', bridge: skip.bridge };
    if (appLen > 0 && appLen >= hitLen) return { kind: 'app', sdk: null, key: this.app, keyKind: 'app', bridge: null };
    if (hit !== undefined) return { kind: hit.sdk.transparent ? 'transparent' : 'sdk', sdk: hit.sdk, key: hit.key, keyKind: hit.kind, bridge: null };
    return { kind: isObfuscated(className) ? 'obfuscated' : 'unknown', sdk: null, key: null, keyKind: null, bridge: null };
  }

  /** Length of the app package when the class lies inside it (on a segment boundary), else 0. */
  appMatch(className: string): number {
    const app = this.app;
    if (app === null || app.length === 0 || !className.startsWith(app)) return 0;
    if (className.length === app.length) return app.length;
    const c = className.charCodeAt(app.length);
    return c === 46 || c === 36 ? app.length : 0;
  }

  get appPackage(): string | null {
    return this.app;
  }
}

export const isSkipKind = (k: FrameKind): k is SkipKind =>
  k === 'platform' || k === 'runtime' || k === 'transparent' || k === 'hook' || k === 'bridge';

/** Default-package generated classes; first char first, so ordinary names cost one comparison. */
function isGeneratedHookClass(cn: string): boolean {
  const c = cn.charCodeAt(0);
  if (c === 36) return cn.startsWith(PROXY_CLASS_START);
  if (c !== 76 && c !== 69) return false; // 'L', 'E'
  for (const s of HOOK_CLASS_STARTS) if (cn.startsWith(s)) return true;
  return false;
}

const isLower = (c: number) => c >= 97 && c <= 122;
const isLetter = (c: number) => isLower(c) || (c >= 65 && c <= 90);

/**
 * ProGuard/R8 naming: a short letters-only simple class name starting lower-case ("a", "bc",
 * "aB"), or a package made only of one- or two-letter lower-case segments ("a.b.Foo").
 * Walks char codes; nested classes ("a$b") are judged by their outer class.
 */
export function isObfuscated(cn: string): boolean {
  let end = cn.indexOf('$');
  if (end < 0) end = cn.length;
  const lastDot = cn.lastIndexOf('.', end - 1);
  // Simple name.
  const simpleStart = lastDot + 1;
  const simpleLen = end - simpleStart;
  if (simpleLen >= 1 && simpleLen <= 3 && isLower(cn.charCodeAt(simpleStart))) {
    let letters = true;
    for (let i = simpleStart; i < end; i++) if (!isLetter(cn.charCodeAt(i))) letters = false;
    if (letters) return true;
  }
  // Package of short lower-case segments only.
  if (lastDot <= 0) return false;
  let segLen = 0;
  for (let i = 0; i <= lastDot; i++) {
    const c = i === lastDot ? 46 : cn.charCodeAt(i);
    if (c === 46) {
      if (segLen === 0 || segLen > 2) return false;
      segLen = 0;
    } else if (!isLower(c)) return false;
    else segLen++;
  }
  return true;
}

/** Package of a class, up to `max` segments ("com.foo.bar.baz.Cls" -> "com.foo.bar"). Result path only. */
export function packagePrefix(cn: string, max = 3): string {
  let end = cn.indexOf('$');
  if (end < 0) end = cn.length;
  const lastDot = cn.lastIndexOf('.', end - 1);
  if (lastDot < 0) return cn.slice(0, end);
  let dots = 0;
  for (let i = 0; i < lastDot; i++) {
    if (cn.charCodeAt(i) === 46 && ++dots === max) return cn.slice(0, i);
  }
  return cn.slice(0, lastDot);
}

const TOP_LEVEL = new Set(['com', 'org', 'net', 'cn', 'io', 'me', 'de', 'fr', 'co', 'jp', 'kr', 'ru', 'in', 'us', 'uk', 'tv', 'app', 'top', 'xyz']);

/**
 * The organisation part of a class name ("com.bytedance" for com.bytedance.sdk.X, "bolts" for
 * bolts.Task), or null when that part is itself obfuscated-looking (a.b, com.x): such a root
 * is no evidence of anything. Result path only.
 */
export function packageRoot(cn: string): string | null {
  const first = cn.indexOf('.');
  if (first < 0) return null;
  const head = cn.slice(0, first);
  if (!TOP_LEVEL.has(head)) return head.length >= 3 ? head : null;
  const second = cn.indexOf('.', first + 1);
  if (second < 0) return null;
  const org = cn.slice(first + 1, second);
  return org.length >= 3 ? cn.slice(0, second) : null;
}
