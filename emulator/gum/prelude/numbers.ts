// NativePointer, Int64 and UInt64 for the emulated GumJS runtime (bundled into each script's vm
// context). Values are 64-bit, kept as bigints; memory reads go to the process through `mem`.

const MASK64 = (1n << 64n) - 1n;

export interface MemoryAccess {
  read(address: number, length: number): Uint8Array;
  readCString(address: number): Uint8Array;
  write(address: number, bytes: Uint8Array): void;
}

type PtrLike = NativePointer | Int64 | UInt64 | number | string | bigint | { handle: NativePointer };

function toBig(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('expected a finite number');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^-?0x[0-9a-f]+$/i.test(s)) return s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s);
    if (/^-?\d+$/.test(s)) return BigInt(s);
    throw new TypeError('invalid pointer value');
  }
  if (v instanceof NativePointer || v instanceof Int64 || v instanceof UInt64) return v.big;
  if (typeof v === 'object' && v !== null && 'handle' in v) return toBig((v as { handle: unknown }).handle);
  throw new TypeError('expected a pointer');
}

let memory: MemoryAccess | null = null;
const utf8d = new (class {
  decode(b: Uint8Array): string {
    let out = '';
    for (let i = 0; i < b.length; ) {
      const c = b[i++]!;
      if (c < 0x80) out += String.fromCharCode(c);
      else if (c < 0xe0) out += String.fromCharCode(((c & 0x1f) << 6) | (b[i++]! & 0x3f));
      else if (c < 0xf0) out += String.fromCharCode(((c & 0x0f) << 12) | ((b[i++]! & 0x3f) << 6) | (b[i++]! & 0x3f));
      else {
        const cp = ((c & 0x07) << 18) | ((b[i++]! & 0x3f) << 12) | ((b[i++]! & 0x3f) << 6) | (b[i++]! & 0x3f);
        out += String.fromCodePoint(cp);
      }
    }
    return out;
  }
})();

export function setMemory(m: MemoryAccess): void {
  memory = m;
}

export function utf8Decode(b: Uint8Array): string {
  return utf8d.decode(b);
}

/**
 * GLib's g_utf8_validate over all of `b` (an explicit length): the offset of the first byte that
 * is not valid UTF-8, or -1. With a length, NUL counts as invalid (GLib gutf8.c: "max_len bytes
 * ... any of which is nul" fails); overlong forms, surrogates and code points past U+10FFFF fail.
 */
export function utf8InvalidAt(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0) return i;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let cp: number;
    if ((c & 0xe0) === 0xc0) [n, min, cp] = [1, 0x80, c & 0x1f];
    else if ((c & 0xf0) === 0xe0) [n, min, cp] = [2, 0x800, c & 0x0f];
    else if ((c & 0xf8) === 0xf0) [n, min, cp] = [3, 0x10000, c & 0x07];
    else return i;
    if (i + n > b.length - 1) return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** GLib's g_utf8_make_valid over all of `b`: each invalid byte (NUL included) becomes U+FFFD. */
export function utf8MakeValid(b: Uint8Array): string {
  let out = '';
  let rest = b;
  for (;;) {
    const bad = utf8InvalidAt(rest);
    if (bad < 0) return out + utf8Decode(rest);
    out += `${utf8Decode(rest.subarray(0, bad))}\uFFFD`;
    rest = rest.subarray(bad + 1);
  }
}

/** GumJS's error for bytes that fail g_utf8_validate (gumquickcore.c, gumquickfile.c). */
export function utf8Error(b: Uint8Array, at: number): Error {
  return new Error(`can't decode byte 0x${b[at]!.toString(16).padStart(2, '0')} in position ${at}`);
}

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

function mem(): MemoryAccess {
  if (memory === null) throw new Error('memory is not available');
  return memory;
}

export class NativePointer {
  /** @internal */ readonly big: bigint;

  constructor(v: PtrLike = 0) {
    this.big = toBig(v) & MASK64;
  }

  private get addr(): number {
    return Number(this.big);
  }

  isNull(): boolean {
    return this.big === 0n;
  }
  add(v: PtrLike): NativePointer {
    return new NativePointer(this.big + toBig(v));
  }
  sub(v: PtrLike): NativePointer {
    return new NativePointer(this.big - toBig(v));
  }
  and(v: PtrLike): NativePointer {
    return new NativePointer(this.big & toBig(v));
  }
  or(v: PtrLike): NativePointer {
    return new NativePointer(this.big | toBig(v));
  }
  xor(v: PtrLike): NativePointer {
    return new NativePointer(this.big ^ toBig(v));
  }
  shr(n: number): NativePointer {
    return new NativePointer(this.big >> BigInt(n));
  }
  shl(n: number): NativePointer {
    return new NativePointer(this.big << BigInt(n));
  }
  not(): NativePointer {
    return new NativePointer(~this.big);
  }
  sign(): NativePointer {
    return this;
  }
  strip(): NativePointer {
    return this;
  }
  blend(): NativePointer {
    return this;
  }
  equals(v: PtrLike): boolean {
    return this.big === (toBig(v) & MASK64);
  }
  compare(v: PtrLike): number {
    const o = toBig(v) & MASK64;
    return this.big === o ? 0 : this.big < o ? -1 : 1;
  }
  toInt32(): number {
    return Number(BigInt.asIntN(32, this.big));
  }
  toUInt32(): number {
    return Number(BigInt.asUintN(32, this.big));
  }
  toString(radix = 16): string {
    return radix === 16 ? `0x${this.big.toString(16)}` : this.big.toString(radix);
  }
  toJSON(): string {
    return this.toString();
  }
  toMatchPattern(): string {
    const out: string[] = [];
    for (let i = 0; i < 8; i++) out.push(Number((this.big >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0'));
    return out.join(' ');
  }

  private bytes(n: number): Uint8Array {
    return mem().read(this.addr, n);
  }
  private le(n: number): bigint {
    const b = this.bytes(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  }
  readU8(): number {
    return Number(this.le(1));
  }
  readS8(): number {
    return Number(BigInt.asIntN(8, this.le(1)));
  }
  readU16(): number {
    return Number(this.le(2));
  }
  readS16(): number {
    return Number(BigInt.asIntN(16, this.le(2)));
  }
  readU32(): number {
    return Number(this.le(4));
  }
  readS32(): number {
    return Number(BigInt.asIntN(32, this.le(4)));
  }
  readU64(): UInt64 {
    return new UInt64(this.le(8));
  }
  readS64(): Int64 {
    return new Int64(BigInt.asIntN(64, this.le(8)));
  }
  readPointer(): NativePointer {
    return new NativePointer(this.le(8));
  }
  readByteArray(length: number): ArrayBuffer | null {
    const b = this.bytes(length);
    const out = new ArrayBuffer(b.length);
    new Uint8Array(out).set(b);
    return out;
  }
  // gumquickcore.c gumjs_native_pointer_handle_read, GUM_MEMORY_VALUE_C_STRING: NULL reads as
  // null; otherwise g_utf8_make_valid(data, length) (length -1: up to the NUL), so with a size
  // every byte of it is read and a NUL or bad byte inside becomes U+FFFD.
  readCString(size = -1): string | null {
    if (this.big === 0n) return null;
    return utf8MakeValid(size < 0 ? mem().readCString(this.addr) : this.bytes(size));
  }
  // Same function, GUM_MEMORY_VALUE_UTF8_STRING: g_utf8_validate(data, length, &end), so with a
  // size all `size` bytes are read and must be valid UTF-8 without a NUL, or it throws
  // "can't decode byte 0x.. in position N" (conformance: gumjs.readUtf8String.validatesSize).
  readUtf8String(size = -1): string | null {
    if (this.big === 0n) return null;
    const b = size < 0 ? mem().readCString(this.addr) : this.bytes(size);
    const bad = utf8InvalidAt(b);
    if (bad >= 0) throw utf8Error(b, bad);
    return utf8Decode(b);
  }
  writeByteArray(data: ArrayBuffer | number[]): NativePointer {
    mem().write(this.addr, data instanceof ArrayBuffer ? new Uint8Array(data) : Uint8Array.from(data));
    return this;
  }
  writeU8(v: number): NativePointer {
    mem().write(this.addr, Uint8Array.of(v & 0xff));
    return this;
  }
  writeUtf8String(s: string): NativePointer {
    const b = utf8Encode(s);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    mem().write(this.addr, out);
    return this;
  }
}

class Int64Base {
  /** @internal */ readonly big: bigint;
  constructor(v: PtrLike, bits: 'int' | 'uint') {
    const b = toBig(v);
    this.big = bits === 'int' ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b);
  }
  toNumber(): number {
    return Number(this.big);
  }
  valueOf(): number {
    return Number(this.big);
  }
  toString(radix = 10): string {
    return this.big.toString(radix);
  }
  toJSON(): string {
    return this.big.toString();
  }
  compare(v: PtrLike): number {
    const o = toBig(v);
    return this.big === o ? 0 : this.big < o ? -1 : 1;
  }
  equals(v: PtrLike): boolean {
    return this.big === toBig(v);
  }
}

export class Int64 extends Int64Base {
  constructor(v: PtrLike) {
    super(v, 'int');
  }
  add(v: PtrLike): Int64 {
    return new Int64(this.big + toBig(v));
  }
  sub(v: PtrLike): Int64 {
    return new Int64(this.big - toBig(v));
  }
  and(v: PtrLike): Int64 {
    return new Int64(this.big & toBig(v));
  }
  or(v: PtrLike): Int64 {
    return new Int64(this.big | toBig(v));
  }
  xor(v: PtrLike): Int64 {
    return new Int64(this.big ^ toBig(v));
  }
  shr(n: number): Int64 {
    return new Int64(this.big >> BigInt(n));
  }
  shl(n: number): Int64 {
    return new Int64(this.big << BigInt(n));
  }
  not(): Int64 {
    return new Int64(~this.big);
  }
}

export class UInt64 extends Int64Base {
  constructor(v: PtrLike) {
    super(v, 'uint');
  }
  add(v: PtrLike): UInt64 {
    return new UInt64(this.big + toBig(v));
  }
  sub(v: PtrLike): UInt64 {
    return new UInt64(this.big - toBig(v));
  }
  and(v: PtrLike): UInt64 {
    return new UInt64(this.big & toBig(v));
  }
  or(v: PtrLike): UInt64 {
    return new UInt64(this.big | toBig(v));
  }
  xor(v: PtrLike): UInt64 {
    return new UInt64(this.big ^ toBig(v));
  }
  shr(n: number): UInt64 {
    return new UInt64(this.big >> BigInt(n));
  }
  shl(n: number): UInt64 {
    return new UInt64(this.big << BigInt(n));
  }
  not(): UInt64 {
    return new UInt64(~this.big);
  }
}

export function bigOf(v: unknown): bigint {
  return toBig(v);
}
