// Java <-> JS value conversion, following frida-java-bridge's lib/types.js: String arrives as a JS
// string, other objects as wrappers, object arrays as JS arrays (Java array in `$w`), primitive
// arrays as array-like proxies (signed bytes), long as Int64, char as a one-character string.
import { G, handle, refOf, type Art, type JniValue, type NativePointerLike } from './env.js';

export interface FactoryLike {
  art: Art;
  use(name: string): any;
  cast(ref: NativePointerLike | number, klass: any, owned?: boolean): any;
}

export interface JavaType {
  name: string;
  className: string;
  type: string;
  defaultValue: JniValue;
  isCompatible(v: unknown): boolean;
  fromJni(v: JniValue, owned: boolean): unknown;
  toJni(v: unknown): JniValue;
}

const isWrapper = (v: unknown): boolean => typeof v === 'object' && v !== null && (v as { $h?: unknown }).$h instanceof G.NativePointer;

const int = (min: number, max: number) => (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

const PRIMITIVES: Record<string, Omit<JavaType, 'className'>> = {
  boolean: { name: 'Z', type: 'uint8', defaultValue: false, isCompatible: (v) => typeof v === 'boolean', fromJni: (v) => v === true || v === 1, toJni: (v) => v === true },
  byte: { name: 'B', type: 'int8', defaultValue: 0, isCompatible: int(-128, 127), fromJni: (v) => v, toJni: (v) => v as number },
  char: {
    name: 'C',
    type: 'uint16',
    defaultValue: 0,
    isCompatible: (v) => typeof v === 'string' && v.length === 1,
    fromJni: (v) => String.fromCharCode(v as number),
    toJni: (v) => (v as string).charCodeAt(0),
  },
  short: { name: 'S', type: 'int16', defaultValue: 0, isCompatible: int(-32768, 32767), fromJni: (v) => v, toJni: (v) => v as number },
  int: { name: 'I', type: 'int32', defaultValue: 0, isCompatible: int(-2147483648, 2147483647), fromJni: (v) => v, toJni: (v) => v as number },
  long: {
    name: 'J',
    type: 'int64',
    defaultValue: 0n,
    isCompatible: (v) => typeof v === 'number' || v instanceof G.Int64,
    fromJni: (v) => new G.Int64(String(v)),
    toJni: (v) => (typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt(String(v))),
  },
  float: { name: 'F', type: 'float', defaultValue: 0, isCompatible: (v) => typeof v === 'number', fromJni: (v) => v, toJni: (v) => v as number },
  double: { name: 'D', type: 'double', defaultValue: 0, isCompatible: (v) => typeof v === 'number', fromJni: (v) => v, toJni: (v) => v as number },
  void: { name: 'V', type: 'void', defaultValue: undefined, isCompatible: (v) => v === undefined, fromJni: () => undefined, toJni: () => undefined },
};

export function getPrimitiveType(name: string): JavaType | null {
  const p = PRIMITIVES[name];
  return p === undefined ? null : { ...p, className: name };
}

function jniName(className: string): string {
  return `L${className.replace(/\./g, '/')};`;
}

/** A type by Class.getName() spelling; `unbox` turns java.lang.String values into JS strings. */
export function getType(typeName: string, unbox: boolean, f: FactoryLike): JavaType {
  const p = getPrimitiveType(typeName);
  if (p !== null) return p;
  if (typeName.startsWith('[')) return getArrayType(typeName, unbox, f);
  return getObjectType(typeName, unbox, f);
}

function getObjectType(typeName: string, unbox: boolean, f: FactoryLike): JavaType {
  const art = f.art;
  let klass: any = null;
  const cls = () => (klass ??= f.use(typeName));
  const isDefaultString = typeName === 'java.lang.String';
  const isObject = typeName === 'java.lang.Object';
  return {
    name: jniName(typeName),
    className: typeName,
    type: 'pointer',
    defaultValue: 0,
    isCompatible(v) {
      if (v === null) return true;
      if (v === undefined) return false;
      if (isWrapper(v)) return isObject || art.isInstanceOf(refOf((v as { $h: NativePointerLike }).$h), cls().$classRef());
      return typeof v === 'string' && (isDefaultString || isObject);
    },
    fromJni(v, owned) {
      const ref = v as number;
      if (ref === 0) return null;
      if (isDefaultString && unbox) return art.getString(ref);
      return f.cast(ref, cls(), owned);
    },
    toJni(v) {
      if (v === null) return 0;
      if (typeof v === 'string') return art.newString(v);
      return refOf((v as { $h: NativePointerLike }).$h);
    },
  };
}

function getArrayType(typeName: string, unbox: boolean, f: FactoryLike): JavaType {
  const art = f.art;
  const elemName = nameOfDescriptor(typeName.slice(1));
  const prim = getPrimitiveType(elemName);
  if (prim !== null) {
    return {
      name: typeName,
      className: typeName,
      type: 'pointer',
      defaultValue: 0,
      isCompatible(v) {
        if (v === null) return true;
        if (v instanceof PrimitiveArray) return v.$elem === elemName;
        if (typeof v !== 'object' || (v as { length?: unknown }).length === undefined) return false;
        return Array.prototype.every.call(v, (e: unknown) => prim.isCompatible(e));
      },
      fromJni(v, owned) {
        const ref = v as number;
        return ref === 0 ? null : new PrimitiveArray(art, ref, elemName, owned);
      },
      toJni(v) {
        if (v === null) return 0;
        if (v instanceof PrimitiveArray) return refOf(v.$h);
        const a = v as ArrayLike<unknown>;
        const ref = art.newArray(typeName, a.length);
        for (let i = 0; i < a.length; i++) art.setArrayElement(ref, i, prim.toJni(a[i]));
        return ref;
      },
    };
  }
  const elem = getType(elemName, unbox, f);
  return {
    name: typeName.replace(/\./g, '/'),
    className: typeName,
    type: 'pointer',
    defaultValue: 0,
    isCompatible(v) {
      if (v === null) return true;
      if (typeof v !== 'object' || (v as { length?: unknown }).length === undefined) return false;
      return Array.prototype.every.call(v, (e: unknown) => elem.isCompatible(e));
    },
    fromJni(v, owned) {
      const ref = v as number;
      if (ref === 0) return null;
      const out: any[] = [];
      const n = art.getArrayLength(ref);
      for (let i = 0; i < n; i++) {
        const e = art.getArrayElement(ref, i);
        // Like FJB, elements are owned wrappers whatever the hint: local refs would run out.
        out.push(elem.fromJni(e, true));
        if (typeof e === 'number' && e !== 0) art.deleteRef(e);
      }
      Object.defineProperty(out, '$w', { value: f.cast(ref, f.use(typeName), owned), enumerable: false, writable: true });
      Object.defineProperty(out, '$dispose', { value: disposeObjectArray, enumerable: false, writable: true });
      return out;
    },
    toJni(v) {
      if (v === null) return 0;
      if (!Array.isArray(v)) throw new Error('Expected an array');
      const w = (v as { $w?: { $h: NativePointerLike } }).$w;
      if (w !== undefined) return refOf(w.$h);
      const ref = art.newArray(typeName, v.length);
      for (let i = 0; i < v.length; i++) art.setArrayElement(ref, i, elem.toJni(v[i]));
      return ref;
    },
  };
}

function disposeObjectArray(this: any[] & { $w: { $dispose(): void } }): void {
  for (const o of this) {
    if (o === null) continue;
    const d = (o as { $dispose?: () => void }).$dispose;
    if (d === undefined) break;
    d.call(o);
  }
  this.$w.$dispose();
}

const DESCRIPTORS: Record<string, string> = { Z: 'boolean', B: 'byte', C: 'char', S: 'short', I: 'int', J: 'long', F: 'float', D: 'double' };

function nameOfDescriptor(d: string): string {
  if (d.startsWith('[')) return d;
  if (d.startsWith('L') && d.endsWith(';')) return d.slice(1, -1).replace(/\//g, '.');
  return DESCRIPTORS[d] ?? d;
}

/** A primitive Java array, indexable like a JS array (reads go to the VM). */
export class PrimitiveArray {
  $h: NativePointerLike;
  $r: number | null;
  readonly length: number;
  [index: number]: unknown;

  constructor(
    private readonly art: Art,
    ref: number,
    readonly $elem: string,
    owned: boolean,
  ) {
    if (owned) {
      const g = art.newGlobalRef(ref);
      this.$h = handle(g);
      this.$r = G.Script.bindWeak(this, () => art.deleteRef(g));
    } else {
      this.$h = handle(ref);
      this.$r = null;
    }
    this.length = art.getArrayLength(ref);
    return new Proxy(this, {
      get(target, prop, receiver) {
        const i = typeof prop === 'string' ? indexOf(prop, target.length) : null;
        return i === null ? Reflect.get(target, prop, receiver) : target.read(i);
      },
      set(target, prop, value, receiver) {
        const i = typeof prop === 'string' ? indexOf(prop, target.length) : null;
        if (i === null) return Reflect.set(target, prop, value, receiver);
        target.art.setArrayElement(refOf(target.$h), i, getPrimitiveType(target.$elem)!.toJni(value));
        return true;
      },
      has(target, prop) {
        return (typeof prop === 'string' && indexOf(prop, target.length) !== null) || prop in target;
      },
      ownKeys(target) {
        return [...Array.from({ length: target.length }, (_x, i) => String(i)), 'length'];
      },
      getOwnPropertyDescriptor(target, prop) {
        if (typeof prop === 'string' && indexOf(prop, target.length) !== null) return { writable: true, configurable: true, enumerable: true, value: target.read(Number(prop)) };
        return Reflect.getOwnPropertyDescriptor(target, prop);
      },
    });
  }

  private read(i: number): unknown {
    return getPrimitiveType(this.$elem)!.fromJni(this.art.getArrayElement(refOf(this.$h), i), false);
  }

  $dispose(): void {
    const r = this.$r;
    if (r !== null) {
      this.$r = null;
      G.Script.unbindWeak(r);
    }
  }

  toJSON(): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.read(i));
    return out;
  }

  toString(): string {
    return this.toJSON().toString();
  }
}

function indexOf(prop: string, length: number): number | null {
  if (!/^\d+$/.test(prop)) return null;
  const i = Number(prop);
  return i < length ? i : null;
}
