// What the emulated frida-java-bridge runs on: the gum globals of the script's realm and the
// emulated VM's JNI-shaped door, read from a hidden (non-enumerable, symbol-keyed) global the
// emulated device installs. This module is bundled into the agent: no Node APIs here.

export interface NativePointerLike {
  toUInt32(): number;
  isNull(): boolean;
}

export interface Gum {
  ptr(v: number | string): NativePointerLike;
  NativePointer: new (v: number) => NativePointerLike;
  Int64: new (v: string | number) => { toString(): string };
  Script: { nextTick(fn: () => void): void; bindWeak(value: object, fn: () => void): number; unbindWeak(id: number): void };
  Process: { getCurrentThreadId(): number; getModuleByName(name: string): { getExportByName(n: string): unknown } };
  Interceptor: { attach(target: unknown, callbacks: { onEnter?: (this: { threadId: number }, args: unknown[]) => void }): unknown };
}

export type JniValue = number | bigint | boolean | undefined;

/** The emulated VM (emulator/java/jni.ts), as seen from the script's realm. */
export interface Art {
  runtimeInfo(): string;
  currentThreadId(): number;
  isMainThread(): boolean;
  backtrace(limit: number): string;
  exceptionOccurred(): number;
  exceptionClear(): void;
  throw(ref: number): void;
  newLocalRef(ref: number): number;
  newGlobalRef(ref: number): number;
  deleteRef(ref: number): void;
  pushLocalFrame(): void;
  popLocalFrame(result: number): number;
  findClass(name: string): number;
  loadClass(loaderRef: number, name: string): number;
  getSuperclass(classRef: number): number;
  getClassName(classRef: number): string;
  getObjectClass(ref: number): number;
  getObjectClassName(ref: number): string;
  isInstanceOf(ref: number, classRef: number): boolean;
  isAssignableFrom(sub: number, sup: number): boolean;
  isSameObject(a: number, b: number): boolean;
  classModel(classRef: number): string;
  classLoaders(): string;
  loadedClassNames(): string;
  callMethod(methodId: number, thisRef: number, mode: number, ...args: JniValue[]): JniValue;
  allocObject(classRef: number): number;
  newObject(ctorId: number, ...args: JniValue[]): number;
  getField(fieldId: number, ref: number): JniValue;
  setField(fieldId: number, ref: number, v: JniValue): void;
  newString(s: string): number;
  getString(ref: number): string;
  getArrayLength(ref: number): number;
  getArrayElement(ref: number, i: number): JniValue;
  setArrayElement(ref: number, i: number, v: JniValue): void;
  newArray(type: string, length: number): number;
  replace(methodId: number, cb: (thisRef: number, ...args: JniValue[]) => JniValue): void;
  revert(methodId: number): void;
}

export const G = globalThis as unknown as Gum;

const ART_KEY = Symbol.for('sdktrace.emulated.art');

/** The emulated VM, or null when this process has none (Java.available is then false). */
export function findArt(): Art | null {
  const a = (globalThis as Record<symbol, unknown>)[ART_KEY];
  return a === undefined ? null : (a as Art);
}

/** A JNI reference as NativePointer (`$h`), and back. */
export function handle(ref: number): NativePointerLike {
  return G.ptr(ref);
}

export function refOf(h: NativePointerLike): number {
  return h.toUInt32();
}
