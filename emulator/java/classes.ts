// Runtime classes of one emulated VM: a ClassSpec resolved against its loader and the device's API
// level (members that do not exist at that level are simply absent, as on a phone).
import type { JObject } from './heap.js';
import { existsAt, type ClassSpec, type FieldSpec, type Impl, type JValue, type MethodSpec, type OriginFamily } from './model.js';
import { ACC, componentOf, methodDescriptor, overloadKey, sourceName } from './types.js';

/** A replaced method body: frida-java-bridge's replacement, reached through the VM. */
export type Replacement = (self: JObject | null, args: readonly JValue[]) => JValue;

let nextUid = 0x7000;

export class JMethod {
  readonly uid = (nextUid += 0x30);
  readonly key: string;
  replacement: Replacement | null = null;

  constructor(
    readonly cls: JClass,
    readonly name: string,
    readonly params: readonly string[],
    readonly ret: string,
    readonly flags: number,
    readonly line: number,
    readonly impl: Impl | undefined,
  ) {
    this.key = overloadKey(name, params);
  }

  get isStatic(): boolean {
    return (this.flags & ACC.STATIC) !== 0;
  }

  get isConstructor(): boolean {
    return this.name === '<init>';
  }

  /** ART's PrettyMethod: 'java.lang.String android.provider.Settings$Secure.getString(android.content.ContentResolver, java.lang.String)'. */
  pretty(): string {
    return `${sourceName(this.ret)} ${this.cls.name}.${this.name}(${this.params.map(sourceName).join(', ')})`;
  }

  /** Backtrace signature: 'Landroid/os/Looper;,loop,()V'. */
  signature(): string {
    return `L${this.cls.name.replace(/\./g, '/')};,${this.name},${methodDescriptor(this.params, this.ret)}`;
  }
}

export class JField {
  readonly uid = (nextUid += 0x10);
  constructor(
    readonly cls: JClass,
    readonly name: string,
    readonly type: string,
    readonly flags: number,
    readonly spec: FieldSpec | null,
  ) {}

  get isStatic(): boolean {
    return (this.flags & ACC.STATIC) !== 0;
  }
}

export class JClass {
  superclass: JClass | null = null;
  interfaces: JClass[] = [];
  readonly methods: JMethod[] = [];
  readonly fields: JField[] = [];
  readonly byKey = new Map<string, JMethod>();
  readonly staticValues = new Map<number, JValue>();
  initialized = false;
  /** The java.lang.Class instance, created on demand. */
  classObject: JObject | null = null;
  private readonly vcache = new Map<string, JMethod | null>();

  constructor(
    readonly name: string,
    readonly flags: number,
    readonly loader: JLoader,
    readonly spec: ClassSpec | null,
    readonly origin: OriginFamily,
    readonly file: string | null,
  ) {}

  get isInterface(): boolean {
    return (this.flags & ACC.INTERFACE) !== 0;
  }

  get isArray(): boolean {
    return this.name.startsWith('[');
  }

  get component(): string {
    return componentOf(this.name);
  }

  /** Adds the members of `spec` that exist at `api`. */
  populate(spec: ClassSpec, api: number): void {
    for (const ms of spec.methods) if (existsAt(ms, api)) this.addMethod(ms);
    for (const fs of spec.fields) if (existsAt(fs, api)) this.fields.push(new JField(this, fs.name, fs.type, fs.flags, fs));
  }

  addMethod(ms: MethodSpec): JMethod {
    const jm = new JMethod(this, ms.name, ms.params, ms.ret, ms.flags, ms.line, ms.impl);
    if (this.byKey.has(jm.key)) throw new Error(`${this.name} declares ${jm.key} twice`);
    this.methods.push(jm);
    this.byKey.set(jm.key, jm);
    return jm;
  }

  /** Virtual dispatch: the most derived declaration of `key`, then interface default methods. */
  resolveVirtual(key: string): JMethod | null {
    const hit = this.vcache.get(key);
    if (hit !== undefined) return hit;
    let found: JMethod | null = null;
    for (let c: JClass | null = this; c !== null && found === null; c = c.superclass) {
      const mm = c.byKey.get(key);
      if (mm !== undefined && !mm.isStatic && (mm.flags & ACC.ABSTRACT) === 0) found = mm;
    }
    if (found === null) found = this.findInInterfaces(key, new Set());
    this.vcache.set(key, found);
    return found;
  }

  private findInInterfaces(key: string, seen: Set<JClass>): JMethod | null {
    for (let c: JClass | null = this; c !== null; c = c.superclass) {
      for (const i of c.interfaces) {
        if (seen.has(i)) continue;
        seen.add(i);
        const mm = i.byKey.get(key);
        if (mm !== undefined && mm.impl !== undefined && (mm.flags & ACC.ABSTRACT) === 0) return mm;
        const deeper = i.findInInterfaces(key, seen);
        if (deeper !== null) return deeper;
      }
    }
    return null;
  }

  /** A declared method by key here or in a superclass/superinterface (static lookups, JNI GetMethodID). */
  findMethod(key: string): JMethod | null {
    for (let c: JClass | null = this; c !== null; c = c.superclass) {
      const mm = c.byKey.get(key);
      if (mm !== undefined) return mm;
    }
    for (const i of this.allInterfaces()) {
      const mm = i.byKey.get(key);
      if (mm !== undefined) return mm;
    }
    return null;
  }

  findField(name: string): JField | null {
    for (let c: JClass | null = this; c !== null; c = c.superclass) {
      const ff = c.fields.find((x) => x.name === name);
      if (ff !== undefined) return ff;
    }
    for (const i of this.allInterfaces()) {
      const ff = i.fields.find((x) => x.name === name);
      if (ff !== undefined) return ff;
    }
    return null;
  }

  allInterfaces(): JClass[] {
    const out: JClass[] = [];
    const visit = (c: JClass) => {
      for (const i of c.interfaces) {
        if (!out.includes(i)) {
          out.push(i);
          visit(i);
        }
      }
    };
    for (let c: JClass | null = this; c !== null; c = c.superclass) visit(c);
    return out;
  }

  /** Class.isAssignableFrom: is `other` this class or a subtype of it? */
  isAssignableFrom(other: JClass): boolean {
    if (other === this) return true;
    if (this.name === 'java.lang.Object') return true;
    if (other.isArray || this.isArray) {
      if (!(other.isArray && this.isArray)) return this.isInterface && (this.name === 'java.lang.Cloneable' || this.name === 'java.io.Serializable') && other.isArray;
      const a = this.component;
      const b = other.component;
      // Reference arrays are covariant; the VM resolves the component classes (see ArtVm.isAssignable).
      return a === b || (a === 'java.lang.Object' && !b.match(/^(boolean|byte|char|short|int|long|float|double)$/));
    }
    for (let c: JClass | null = other; c !== null; c = c.superclass) {
      if (c === this) return true;
    }
    return this.isInterface && other.allInterfaces().includes(this);
  }
}

/** Class loaders: the boot loader (framework classes) and PathClassLoader / DexClassLoader instances. */
export class JLoader {
  /** Classes this loader defines, by name. */
  readonly defined = new Map<string, JClass>();

  constructor(
    readonly kind: 'boot' | 'path' | 'dex',
    readonly parent: JLoader | null,
    /** Specs this loader can define (its dex files). */
    readonly specs: Map<string, ClassSpec>,
    /** DexPathList rendering used in ClassNotFoundException messages. */
    readonly pathDescription: string,
    /** Runtime class of the loader object (dalvik.system.PathClassLoader, ...). */
    readonly className: string,
  ) {}

  /** The java.lang.ClassLoader instance. */
  obj: JObject | null = null;
}
