// Objects of the emulated Java heap. Java Strings are plain JS strings (immutable, compared by
// value, as interned literals mostly are); every other reference value is a JObject.
import type { JClass } from './classes.js';
import type { JValue } from './model.js';

export class JObject {
  /** Instance field values by field uid. */
  readonly fields = new Map<number, JValue>();
  /** Host-side payload of framework classes (a list's items, a thread, a boxed value...). */
  native: any = undefined;

  constructor(
    public cls: JClass,
    /** System.identityHashCode: stable per VM, so object toString()s are reproducible. */
    readonly hash: number,
  ) {}
}

export class JArray extends JObject {
  constructor(cls: JClass, hash: number, public elems: JValue[]) {
    super(cls, hash);
  }
}

/** A Java exception unwinding through emulated Java code. */
export class JavaException extends Error {
  constructor(readonly throwable: JObject, description: string) {
    super(description);
    this.name = 'JavaException';
  }
}

/** Zero value of a Java type, as a fresh field or a default return holds. */
export function zeroOf(type: string): JValue {
  switch (type) {
    case 'boolean':
      return false;
    case 'long':
      return 0n;
    case 'byte':
    case 'char':
    case 'short':
    case 'int':
    case 'float':
    case 'double':
      return 0;
    case 'void':
      return undefined;
    default:
      return null;
  }
}
