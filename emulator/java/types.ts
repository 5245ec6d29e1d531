// Java type names in the three spellings the emulator meets:
//   Class.getName():  'int', 'java.lang.String', '[B', '[Ljava.lang.String;', 'a.B$C'
//   JNI descriptor:   'I', 'Ljava/lang/String;', '[B'
//   source style:     'byte[]', 'java.lang.String[]' (accepted in declarations only)
// Everything inside the emulator uses the Class.getName() spelling, as frida-java-bridge and the
// hook catalog do.

export const PRIMITIVES: Readonly<Record<string, string>> = {
  boolean: 'Z',
  byte: 'B',
  char: 'C',
  short: 'S',
  int: 'I',
  long: 'J',
  float: 'F',
  double: 'D',
  void: 'V',
};

const PRIMITIVE_BY_DESCRIPTOR: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PRIMITIVES).map(([k, v]) => [v, k]),
);

export function isPrimitive(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, name);
}

/** 'byte[]' / 'java.lang.String[][]' / 'int' / '[B' -> Class.getName() spelling. */
export function normalizeTypeName(name: string): string {
  const t = name.trim();
  if (!t.endsWith('[]')) return t;
  let base = t;
  let dims = 0;
  while (base.endsWith('[]')) {
    base = base.slice(0, -2).trim();
    dims++;
  }
  const elem = isPrimitive(base) ? PRIMITIVES[base]! : `L${base};`;
  return '['.repeat(dims) + elem;
}

/** Class.getName() spelling -> JNI descriptor. */
export function descriptorOf(name: string): string {
  if (isPrimitive(name)) return PRIMITIVES[name]!;
  if (name.startsWith('[')) return name.replace(/\./g, '/');
  return `L${name.replace(/\./g, '/')};`;
}

/** JNI descriptor -> Class.getName() spelling. */
export function nameOfDescriptor(desc: string): string {
  if (desc.startsWith('[')) return desc.replace(/\//g, '.');
  if (desc.startsWith('L') && desc.endsWith(';')) return desc.slice(1, -1).replace(/\//g, '.');
  const p = PRIMITIVE_BY_DESCRIPTOR[desc];
  if (p === undefined) throw new Error(`bad type descriptor ${desc}`);
  return p;
}

/** Element type of an array class name: '[B' -> 'byte', '[Ljava.lang.String;' -> 'java.lang.String'. */
export function componentOf(arrayName: string): string {
  return nameOfDescriptor(arrayName.slice(1));
}

/** Java source spelling, for messages: '[Ljava.lang.String;' -> 'java.lang.String[]'. */
export function sourceName(name: string): string {
  let dims = 0;
  let n = name;
  while (n.startsWith('[')) {
    dims++;
    n = n.slice(1);
  }
  if (dims === 0) return name;
  return nameOfDescriptor(n) + '[]'.repeat(dims);
}

/** JNI method signature: (Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String; */
export function methodDescriptor(params: readonly string[], ret: string): string {
  return `(${params.map(descriptorOf).join('')})${descriptorOf(ret)}`;
}

/** Key that identifies an overload inside one class: 'getString(android.content.ContentResolver,java.lang.String)'. */
export function overloadKey(name: string, params: readonly string[]): string {
  return `${name}(${params.join(',')})`;
}

/** Outer simple name used for source file names: 'android.provider.Settings$Secure' -> 'Settings'. */
export function outerSimpleName(className: string): string {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const i = simple.indexOf('$');
  return i < 0 ? simple : simple.slice(0, i);
}

/** Java access flags (java.lang.reflect.Modifier / dex access flags). */
export const ACC = {
  PUBLIC: 0x0001,
  PRIVATE: 0x0002,
  PROTECTED: 0x0004,
  STATIC: 0x0008,
  FINAL: 0x0010,
  SYNCHRONIZED: 0x0020,
  VOLATILE: 0x0040,
  BRIDGE: 0x0040,
  TRANSIENT: 0x0080,
  VARARGS: 0x0080,
  NATIVE: 0x0100,
  INTERFACE: 0x0200,
  ABSTRACT: 0x0400,
  STRICT: 0x0800,
  SYNTHETIC: 0x1000,
  ANNOTATION: 0x2000,
  ENUM: 0x4000,
  CONSTRUCTOR: 0x10000,
} as const;

const MODIFIERS: Readonly<Record<string, number>> = {
  public: ACC.PUBLIC,
  private: ACC.PRIVATE,
  protected: ACC.PROTECTED,
  static: ACC.STATIC,
  final: ACC.FINAL,
  synchronized: ACC.SYNCHRONIZED,
  native: ACC.NATIVE,
  abstract: ACC.ABSTRACT,
  volatile: ACC.VOLATILE,
  transient: ACC.TRANSIENT,
};

/** Splits leading Java modifiers off a declaration. */
export function takeModifiers(words: string[]): number {
  let flags = 0;
  while (words.length > 0 && MODIFIERS[words[0]!] !== undefined) flags |= MODIFIERS[words.shift()!]!;
  return flags;
}
