// Small helpers shared by the area modules: boxing, lists, byte arrays, strings.
import { JArray, JObject } from '../java/heap.js';
import type { Call, JValue } from '../java/model.js';

export function newArrayList(c: Call, items: readonly JValue[]): JObject {
  const list = c.newObject('java.util.ArrayList');
  (list.native as JValue[]).push(...items);
  return list;
}

export function listItems(o: JObject): JValue[] {
  return o.native as JValue[];
}

export function boxInt(c: Call, v: number): JObject {
  const o = c.vm.alloc(c.vm.bootClass('java.lang.Integer'));
  o.native = v | 0;
  return o;
}

/** A Java byte[] (signed bytes). */
export function byteArray(c: Call, bytes: Uint8Array): JArray {
  const elems: number[] = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) elems[i] = (bytes[i]! << 24) >> 24;
  return c.vm.newArray('[B', elems);
}

export function bytesOf(a: JValue): Uint8Array {
  if (!(a instanceof JArray)) throw new Error('emulator: expected a byte[]');
  return Uint8Array.from(a.elems as number[], (b) => b & 0xff);
}

export function objectArray(c: Call, type: string, elems: JValue[]): JArray {
  return c.vm.newArray(type, elems, c.vm.app ?? c.vm.boot);
}

export function str(v: JValue): string | null {
  return typeof v === 'string' ? v : null;
}

/** Java's String.hashCode, for deterministic identities derived from names. */
export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Singleton per process, created on first use. */
export function singleton<T>(c: Call, key: string, make: () => T): T {
  const s = c.env.singletons;
  let v = s.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    s.set(key, v);
  }
  return v;
}

/** State of an enum constant (java.lang.Enum's name and ordinal). */
export interface EnumState {
  name: string;
  ordinal: number;
}

/** The value of `public static final <Enum> NAME`: one instance per constant, made at class init. */
export function enumConstant(className: string, name: string, ordinal: number): (c: Call) => JValue {
  return (c) => {
    // Library enums (androidx.work's policies) live in the app's dex.
    const k = (c.vm.app === null ? null : c.vm.tryLoad(c.vm.app, className)) ?? c.vm.bootClass(className);
    const o = c.vm.alloc(k);
    o.native = { name, ordinal } satisfies EnumState;
    return o;
  };
}

export function enumName(o: JValue): string | null {
  return o instanceof JObject && o.native !== null && typeof o.native === 'object' && typeof (o.native as EnumState).name === 'string' ? (o.native as EnumState).name : null;
}

export function boxLong(c: Call, v: bigint): JObject {
  const o = c.vm.alloc(c.vm.bootClass('java.lang.Long'));
  o.native = v;
  return o;
}

export function boxBoolean(c: Call, v: boolean): JObject {
  const o = c.vm.alloc(c.vm.bootClass('java.lang.Boolean'));
  o.native = v;
  return o;
}

/** A java.lang.String[] of `items`. */
export function stringArray(c: Call, items: readonly string[]): JArray {
  return c.vm.newArray('[Ljava.lang.String;', [...items]);
}

/** Strings of a String[] argument (null for a null array). */
export function stringsOf(a: JValue): string[] | null {
  if (!(a instanceof JArray)) return null;
  return a.elems.map((x) => (typeof x === 'string' ? x : String(x)));
}

/** Permission check the way framework services phrase their SecurityException. */
export function enforcePermission(c: Call, permission: string, service: string): void {
  if (!c.env.permissionGranted(permission)) c.throwNew('java.lang.SecurityException', `${service}: Neither user ${c.env.uid} nor current process has ${permission}.`);
}

/** Is the caller on the process's main (UI) thread? */
export function onMainThread(c: Call): boolean {
  return c.thread === c.env.mainThread;
}

/** Any location permission (coarse or fine). */
export function hasLocationPermission(c: Call): boolean {
  return c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION') || c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION');
}
