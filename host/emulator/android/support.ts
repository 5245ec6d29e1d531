// Small helpers shared by the area modules: boxing, lists, byte arrays, strings.
import type { JObject } from '../java/heap.js';
import { JArray } from '../java/heap.js';
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
