// Encryption, hashing, encoding and compression an SDK runs its payload through before sending:
// javax.crypto.Cipher (AES and DES families, by Node's crypto), SecretKeySpec, IvParameterSpec,
// java.util.zip.GZIPOutputStream over a ByteArrayOutputStream, android.util.Base64. The results
// are the real bytes (real AES, real gzip), so what the agent samples at each step can be followed
// into the send that carries it. Transformations the model does not have fail loudly, as a
// provider without them would (NoSuchAlgorithmException), never silently.
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { deflateRawSync, deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call } from '../java/model.js';
import { exceptionClass } from './lang.js';
import { byteArray, bytesOf } from './support.js';

interface CipherState {
  transformation: string;
  opmode: number;
  key: Uint8Array | null;
  iv: Uint8Array | null;
  buffered: number[];
}

/** Node cipher name for a JCA transformation ("AES/CBC/PKCS5Padding"), or null when not modelled. */
function nodeCipher(t: string, keyLen: number): { name: string; pad: boolean; iv: boolean } | null {
  const [alg, mode = 'ECB', padding = 'PKCS5Padding'] = t.toUpperCase().split('/');
  const pad = padding === 'PKCS5PADDING' || padding === 'PKCS7PADDING';
  if (!pad && padding !== 'NOPADDING') return null;
  if (alg === 'AES' && (mode === 'CBC' || mode === 'ECB') && [16, 24, 32].includes(keyLen)) return { name: `aes-${keyLen * 8}-${mode.toLowerCase()}`, pad, iv: mode === 'CBC' };
  if (alg === 'DESEDE' && (mode === 'CBC' || mode === 'ECB') && keyLen === 24) return { name: mode === 'CBC' ? 'des-ede3-cbc' : 'des-ede3', pad, iv: mode === 'CBC' };
  return null;
}

function run(c: Call, st: CipherState, input: Uint8Array): Uint8Array {
  if (st.key === null) c.throwNew('java.lang.IllegalStateException', 'Cipher not initialized');
  const nc = nodeCipher(st.transformation, st.key!.length)!;
  if (st.opmode !== 1) c.throwNew('java.lang.UnsupportedOperationException', 'emulator: only ENCRYPT_MODE is modelled');
  // CBC without an IV: Conscrypt generates a random one on encrypt (the app reads it with getIV()).
  const iv = nc.iv ? (st.iv ?? new Uint8Array(nc.name.startsWith('des') ? 8 : 16)) : null;
  const ci = createCipheriv(nc.name, st.key!, iv);
  ci.setAutoPadding(nc.pad);
  return new Uint8Array(Buffer.concat([ci.update(input), ci.final()]));
}

function initParams(c: Call, self: JObject, mode: number, key: unknown, p: unknown): void {
  // null parameters are "none" (Cipher.init chooses defaults); real AlgorithmParameters are not modelled.
  if (p !== null) c.throwNew('java.lang.UnsupportedOperationException', 'emulator: AlgorithmParameters are not modelled');
  c.call(self, 'init', ['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], [mode, key as JObject, null]);
}

function certInit(c: Call, cert: unknown): void {
  // Cipher.init(int, Certificate, SecureRandom) reads certificate.getPublicKey(): null throws.
  if (cert === null) c.throwNew('java.lang.NullPointerException');
  c.throwNew('java.lang.UnsupportedOperationException', 'emulator: certificate keys are not modelled');
}

function byteBuffers(c: Call, a: unknown, b: unknown): number {
  // CipherSpi.bufferCrypt: "Input buffers must not be null" (IllegalArgumentException).
  if (a === null || b === null) c.throwNew('java.lang.IllegalArgumentException', 'Input buffers must not be null');
  c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer ciphers are not modelled');
  return 0;
}

/** Writes a result into the caller's array; too small is ShortBufferException, as Cipher checks. */
function copyOut(c: Call, r: Uint8Array, out: unknown, off: number): number {
  if (out === null) c.throwNew('java.lang.IllegalArgumentException', 'Null output buffer');
  const arr = out as { elems: number[] };
  if (off < 0 || arr.elems.length - off < r.length) c.throwNew('javax.crypto.ShortBufferException', 'Output buffer too short');
  for (let i = 0; i < r.length; i++) arr.elems[off + i] = (r[i]! << 24) >> 24;
  return r.length;
}

const baosState = (o: JObject) => o.native as { buf: number[] };

/**
 * java.util.zip.Deflater: input goes in with setInput, compressed bytes come out of deflate().
 * Modelled: the stream's bytes (zlib, or raw deflate with nowrap, at the level) and the calls that
 * produce them; the model emits the whole stream once finish() was called (real zlib may emit
 * parts earlier: the bytes are the same, their split across deflate() calls is not modelled).
 */
interface DeflaterState {
  level: number;
  nowrap: boolean;
  input: number[];
  /** setInput bytes not yet taken by a deflate() call (needsInput() is false until then). */
  pending: boolean;
  finishCalled: boolean;
  out: Uint8Array | null;
  outPos: number;
  ended: boolean;
}
const deflaterState = (c: Call, o: JObject): DeflaterState => {
  const st = o.native as DeflaterState;
  // Deflater.ensureOpen: "Deflater has been closed" after end().
  if (st.ended) c.throwNew('java.lang.NullPointerException', 'Deflater has been closed');
  return st;
};
function deflaterInit(self: JObject, level: number, nowrap: boolean): void {
  self.native = { level, nowrap, input: [], pending: false, finishCalled: false, out: null, outPos: 0, ended: false } satisfies DeflaterState;
}
function deflate(c: Call, self: JObject, b: unknown, off: number, len: number): number {
  const st = deflaterState(c, self);
  if (b === null) c.throwNew('java.lang.NullPointerException');
  const arr = b as { elems: number[] };
  if (off < 0 || len < 0 || off > arr.elems.length - len) c.throwNew('java.lang.ArrayIndexOutOfBoundsException');
  st.pending = false;
  if (!st.finishCalled) return 0;
  if (st.out === null) {
    const level = st.level === -1 ? 6 : st.level;
    st.out = new Uint8Array(st.nowrap ? deflateRawSync(Uint8Array.from(st.input), { level }) : deflateSync(Uint8Array.from(st.input), { level }));
  }
  const n = Math.min(len, st.out.length - st.outPos);
  for (let i = 0; i < n; i++) arr.elems[off + i] = (st.out[st.outPos + i]! << 24) >> 24;
  st.outPos += n;
  return n;
}

/** java.util.zip.Inflater: the model inflates everything set so far at the first inflate() call. */
interface InflaterState {
  nowrap: boolean;
  input: number[];
  out: Uint8Array | null;
  outPos: number;
}
function inflate(c: Call, self: JObject, b: unknown, off: number, len: number): number {
  const st = self.native as InflaterState;
  if (b === null) c.throwNew('java.lang.NullPointerException');
  const arr = b as { elems: number[] };
  if (st.out === null) {
    try {
      st.out = new Uint8Array(st.nowrap ? inflateRawSync(Uint8Array.from(st.input)) : inflateSync(Uint8Array.from(st.input)));
    } catch (e) {
      c.throwNew('java.util.zip.DataFormatException', (e as Error).message);
    }
  }
  const n = Math.min(len, st.out!.length - st.outPos);
  for (let i = 0; i < n; i++) arr.elems[off + i] = (st.out![st.outPos + i]! << 24) >> 24;
  st.outPos += n;
  return n;
}

/** CRC-32 (java.util.zip.CRC32, the gzip trailer's). */
function crc32(b: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const dosState = (o: JObject) => o.native as { out: JObject; def: JObject; buf: JObject; closed: boolean; gzip: { crc: number; size: number } | null };

/** MessageDigest / Mac engines by JCA name (Conscrypt's and the default providers' names). */
const DIGESTS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', SHA256: 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const MACS: Record<string, string> = { HMACMD5: 'md5', HMACSHA1: 'sha1', HMACSHA224: 'sha224', HMACSHA256: 'sha256', HMACSHA384: 'sha384', HMACSHA512: 'sha512' };
const digestState = (o: JObject) => o.native as { algorithm: string; node: string; buf: number[] };
const macState = (c: Call, o: JObject) => {
  const st = o.native as { algorithm: string; node: string; key: Uint8Array | null; buf: number[] };
  // Mac.chooseFirstProvider / engineUpdate before init: IllegalStateException("MAC not initialized").
  if (st.key === null) c.throwNew('java.lang.IllegalStateException', 'MAC not initialized');
  return st;
};
const slice = (b: unknown, off: unknown, len: unknown) => bytesOf(b as JObject).slice(off as number, (off as number) + (len as number));

type ClassSpecList = ReturnType<typeof cls>;

export const cryptoClasses: readonly ClassSpecList[] = [
  exceptionClass('public class java.security.GeneralSecurityException extends java.lang.Exception'),
  exceptionClass('public class java.security.NoSuchAlgorithmException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.security.KeyException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.security.InvalidKeyException extends java.security.KeyException'),
  exceptionClass('public class javax.crypto.ShortBufferException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.util.zip.DataFormatException extends java.lang.Exception'),
  exceptionClass('public class java.security.DigestException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.security.InvalidAlgorithmParameterException extends java.security.GeneralSecurityException'),
  // Types the Cipher overloads mention; no behaviour is modelled beyond existing.
  cls('public class java.util.Random implements java.io.Serializable', {}, [m('public <init>()')]),
  cls('public class java.security.SecureRandom extends java.util.Random', {}, [m('public <init>()')]),
  cls('public class java.security.AlgorithmParameters', {}, []),
  cls('public abstract class java.security.cert.Certificate implements java.io.Serializable', {}, []),
  cls('public abstract class java.nio.Buffer', {}, []),
  cls('public abstract class java.nio.ByteBuffer extends java.nio.Buffer implements java.lang.Comparable', {}, []),
  cls('public interface java.security.Key extends java.io.Serializable', {}, [m('public abstract java.lang.String getAlgorithm()'), m('public abstract byte[] getEncoded()')]),
  cls('public interface javax.crypto.SecretKey extends java.security.Key', {}, []),
  cls('public interface java.security.spec.KeySpec', {}, []),
  cls('public interface java.security.spec.AlgorithmParameterSpec', {}, []),
  cls('public class javax.crypto.spec.SecretKeySpec implements java.security.spec.KeySpec, javax.crypto.SecretKey', {}, [
    m('public <init>(byte[], java.lang.String)', (c, self, [k, alg]) => {
      if (k === null || alg === null) c.throwNew('java.lang.IllegalArgumentException', 'Missing argument');
      self!.native = { key: bytesOf(k!), alg: alg as string };
    }),
    m('public java.lang.String getAlgorithm()', (_c, self) => (self!.native as { alg: string }).alg),
    m('public byte[] getEncoded()', (c, self) => byteArray(c, (self!.native as { key: Uint8Array }).key)),
  ]),
  cls('public class javax.crypto.spec.IvParameterSpec implements java.security.spec.AlgorithmParameterSpec', {}, [
    m('public <init>(byte[])', (c, self, [iv]) => {
      if (iv === null) c.throwNew('java.lang.NullPointerException', 'IV missing');
      self!.native = bytesOf(iv!);
    }),
    m('public byte[] getIV()', (c, self) => byteArray(c, self!.native as Uint8Array)),
  ]),
  cls('public class javax.crypto.Cipher', {}, [
    f('public static final int ENCRYPT_MODE', { value: 1 }),
    f('public static final int DECRYPT_MODE', { value: 2 }),
    m('public static final javax.crypto.Cipher getInstance(java.lang.String)', (c, _s, [t]) => {
      const tr = String(t);
      // Key length is checked at init; here only whether the algorithm/mode/padding exists.
      if (nodeCipher(tr, tr.toUpperCase().startsWith('DESEDE') ? 24 : 16) === null) c.throwNew('java.security.NoSuchAlgorithmException', `emulator: cipher ${tr} is not modelled`);
      const o = c.vm.alloc(c.vm.bootClass('javax.crypto.Cipher'));
      o.native = { transformation: tr, opmode: 0, key: null, iv: null, buffered: [] } satisfies CipherState;
      return o;
    }),
    m('public final void init(int, java.security.Key)', (c, self, [mode, key]) => c.call(self!, 'init', ['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], [mode, key, null])),
    m('public final void init(int, java.security.Key, java.security.SecureRandom)', (c, self, [mode, key]) => c.call(self!, 'init', ['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], [mode, key, null])),
    m('public final void init(int, java.security.Key, java.security.spec.AlgorithmParameterSpec, java.security.SecureRandom)', (c, self, [mode, key, p]) =>
      c.call(self!, 'init', ['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], [mode, key, p ?? null]),
    ),
    m('public final void init(int, java.security.Key, java.security.AlgorithmParameters)', (c, self, [mode, key, p]) => initParams(c, self!, mode as number, key, p)),
    m('public final void init(int, java.security.Key, java.security.AlgorithmParameters, java.security.SecureRandom)', (c, self, [mode, key, p]) => initParams(c, self!, mode as number, key, p)),
    // Cipher.init(int, Certificate): the certificate's public key (asymmetric ciphers only here).
    m('public final void init(int, java.security.cert.Certificate)', (c, _self, [cert]) => certInit(c, cert)),
    m('public final void init(int, java.security.cert.Certificate, java.security.SecureRandom)', (c, _self, [cert]) => certInit(c, cert)),
    m('public final void init(int, java.security.Key, java.security.spec.AlgorithmParameterSpec)', (c, self, [mode, key, params]) => {
      const st = self!.native as CipherState;
      const k = (key as JObject | null)?.native as { key: Uint8Array } | undefined;
      if (k === undefined) c.throwNew('java.security.InvalidKeyException', 'No key');
      if (nodeCipher(st.transformation, k!.key.length) === null) c.throwNew('java.security.InvalidKeyException', `Unsupported key size: ${k!.key.length} bytes`);
      st.opmode = mode as number;
      st.key = k!.key;
      st.iv = params === null ? null : ((params as JObject).native as Uint8Array);
      st.buffered = [];
    }),
    m('public final java.lang.String getAlgorithm()', (_c, self) => (self!.native as CipherState).transformation),
    m('public final byte[] update(byte[])', (c, self, [b]) => {
      // Block ciphers emit whole blocks as they fill; the model keeps it all for doFinal and
      // returns an empty array (what a call shorter than one block returns).
      (self!.native as CipherState).buffered.push(...bytesOf(b!));
      return byteArray(c, new Uint8Array(0));
    }),
    m('public final byte[] doFinal()', (c, self) => {
      const st = self!.native as CipherState;
      const out = run(c, st, Uint8Array.from(st.buffered));
      st.buffered = [];
      return byteArray(c, out);
    }),
    m('public final byte[] update(byte[], int, int)', (c, self, [b, off, len]) => {
      (self!.native as CipherState).buffered.push(...bytesOf(b!).slice(off as number, (off as number) + (len as number)));
      return byteArray(c, new Uint8Array(0));
    }),
    m('public final int update(byte[], int, int, byte[])', (c, self, [b, off, len]) => {
      (self!.native as CipherState).buffered.push(...bytesOf(b!).slice(off as number, (off as number) + (len as number)));
      return 0;
    }),
    m('public final int update(byte[], int, int, byte[], int)', (c, self, [b, off, len]) => {
      (self!.native as CipherState).buffered.push(...bytesOf(b!).slice(off as number, (off as number) + (len as number)));
      return 0;
    }),
    m('public final int update(java.nio.ByteBuffer, java.nio.ByteBuffer)', (c, _self, [a, b]) => byteBuffers(c, a, b)),
    m('public final int doFinal(byte[], int)', (c, self, [out, off]) => {
      const st = self!.native as CipherState;
      const r = run(c, st, Uint8Array.from(st.buffered));
      st.buffered = [];
      return copyOut(c, r, out, off as number);
    }),
    m('public final byte[] doFinal(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = self!.native as CipherState;
      const r = run(c, st, Uint8Array.from([...st.buffered, ...bytesOf(b!).slice(off as number, (off as number) + (len as number))]));
      st.buffered = [];
      return byteArray(c, r);
    }),
    m('public final int doFinal(byte[], int, int, byte[])', (c, self, [b, off, len, out]) => {
      const st = self!.native as CipherState;
      const r = run(c, st, Uint8Array.from([...st.buffered, ...bytesOf(b!).slice(off as number, (off as number) + (len as number))]));
      st.buffered = [];
      return copyOut(c, r, out, 0);
    }),
    m('public final int doFinal(byte[], int, int, byte[], int)', (c, self, [b, off, len, out, outOff]) => {
      const st = self!.native as CipherState;
      const r = run(c, st, Uint8Array.from([...st.buffered, ...bytesOf(b!).slice(off as number, (off as number) + (len as number))]));
      st.buffered = [];
      return copyOut(c, r, out, outOff as number);
    }),
    m('public final int doFinal(java.nio.ByteBuffer, java.nio.ByteBuffer)', (c, _self, [a, b]) => byteBuffers(c, a, b)),
    m('public final byte[] doFinal(byte[])', (c, self, [b]) => {
      const st = self!.native as CipherState;
      const out = run(c, st, Uint8Array.from([...st.buffered, ...bytesOf(b!)]));
      st.buffered = [];
      return byteArray(c, out);
    }),
  ]),
  cls('public class java.io.ByteArrayOutputStream extends java.io.OutputStream', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { buf: [] };
    }),
    m('public synchronized void write(int)', (_c, self, [b]) => {
      baosState(self!).buf.push((b as number) & 0xff);
    }),
    m('public synchronized void write(byte[], int, int)', (_c, self, [b, off, len]) => {
      baosState(self!).buf.push(...bytesOf(b!).slice(off as number, (off as number) + (len as number)));
    }),
    m('public synchronized byte[] toByteArray()', (c, self) => byteArray(c, Uint8Array.from(baosState(self!).buf))),
    m('public synchronized int size()', (_c, self) => baosState(self!).buf.length),
  ]),
  cls('public class java.io.FilterOutputStream extends java.io.OutputStream', {}, [
    m('public <init>(java.io.OutputStream)', (_c, self, [out]) => {
      self!.native = { out };
    }),
    // FilterOutputStream.write(byte[] b): write(b, 0, b.length), dispatched to the subclass.
    m('public void write(byte[])', (c, self, [b]) => {
      if (b === null) c.throwNew('java.lang.NullPointerException');
      c.call(self!, 'write', ['[B', 'int', 'int'], [b, 0, bytesOf(b as JObject).length]);
    }),
  ]),
  // libcore java/util/zip (OpenJDK): DeflaterOutputStream.write hands the bytes to its Deflater
  // (setInput, then deflate() until needsInput()), finish() drains it, close() = finish + end +
  // out.close(); GZIPOutputStream writes the 10-byte header at construction, a raw-deflate
  // Deflater (nowrap) in between, and the CRC-32/size trailer at finish.
  cls('public class java.util.zip.Deflater', {}, [
    f('public static final int DEFAULT_COMPRESSION', { value: -1 }),
    m('public <init>()', (_c, self) => deflaterInit(self!, -1, false)),
    m('public <init>(int)', (_c, self, [level]) => deflaterInit(self!, level as number, false)),
    m('public <init>(int, boolean)', (_c, self, [level, nowrap]) => deflaterInit(self!, level as number, nowrap as boolean)),
    m('public void setInput(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = deflaterState(c, self!);
      if (b === null) c.throwNew('java.lang.NullPointerException');
      st.input.push(...slice(b, off, len));
      st.pending = (len as number) > 0;
    }),
    m('public void setInput(byte[])', (c, self, [b]) => c.call(self!, 'setInput', ['[B', 'int', 'int'], [b, 0, b === null ? 0 : bytesOf(b as JObject).length])),
    m('public void setInput(java.nio.ByteBuffer)', { since: 35 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    m('public int deflate(java.nio.ByteBuffer)', { since: 35 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    m('public int deflate(java.nio.ByteBuffer, int)', { since: 35 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    m('public boolean needsInput()', (c, self) => !deflaterState(c, self!).pending),
    m('public void finish()', (c, self) => {
      deflaterState(c, self!).finishCalled = true;
    }),
    m('public boolean finished()', (c, self) => {
      const st = deflaterState(c, self!);
      return st.out !== null && st.outPos >= st.out.length;
    }),
    m('public int deflate(byte[], int, int, int)', (c, self, [b, off, len]) => deflate(c, self!, b, off as number, len as number)),
    m('public int deflate(byte[], int, int)', (c, self, [b, off, len]) => c.call(self!, 'deflate', ['[B', 'int', 'int', 'int'], [b, off, len, 0])),
    m('public int deflate(byte[])', (c, self, [b]) => c.call(self!, 'deflate', ['[B', 'int', 'int', 'int'], [b, 0, b === null ? 0 : bytesOf(b as JObject).length, 0])),
    m('public void end()', (_c, self) => {
      (self!.native as DeflaterState).ended = true;
    }),
  ]),
  cls('public class java.util.zip.Inflater', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { nowrap: false, input: [], out: null, outPos: 0 } satisfies InflaterState;
    }),
    m('public <init>(boolean)', (_c, self, [nowrap]) => {
      self!.native = { nowrap: nowrap as boolean, input: [], out: null, outPos: 0 } satisfies InflaterState;
    }),
    m('public void setInput(byte[], int, int)', (c, self, [b, off, len]) => {
      if (b === null) c.throwNew('java.lang.NullPointerException');
      (self!.native as InflaterState).input.push(...slice(b, off, len));
    }),
    m('public void setInput(byte[])', (c, self, [b]) => c.call(self!, 'setInput', ['[B', 'int', 'int'], [b, 0, b === null ? 0 : bytesOf(b as JObject).length])),
    m('public int inflate(byte[], int, int)', (c, self, [b, off, len]) => inflate(c, self!, b, off as number, len as number)),
    m('public int inflate(byte[])', (c, self, [b]) => c.call(self!, 'inflate', ['[B', 'int', 'int'], [b, 0, b === null ? 0 : bytesOf(b as JObject).length])),
    m('public int inflate(java.nio.ByteBuffer)', { since: 35 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    m('public boolean finished()', (_c, self) => {
      const st = self!.native as InflaterState;
      return st.out !== null && st.outPos >= st.out.length;
    }),
    m('public boolean needsInput()', (_c, self) => (self!.native as InflaterState).out === null && (self!.native as InflaterState).input.length === 0),
    m('public void end()'),
  ]),
  cls('public class java.util.zip.DeflaterOutputStream extends java.io.FilterOutputStream', {}, [
    m('public <init>(java.io.OutputStream, java.util.zip.Deflater)', (c, self, [out, def]) => {
      if (out === null || def === null) c.throwNew('java.lang.NullPointerException');
      c.callSpecial(self!, 'java.io.FilterOutputStream', '<init>', ['java.io.OutputStream'], [out]);
      self!.native = { out, def, buf: c.vm.newArray('[B', new Array(512).fill(0)), closed: false, gzip: null };
    }),
    m('public <init>(java.io.OutputStream)', (c, self, [out]) => {
      const def = c.newObject('java.util.zip.Deflater');
      c.callSpecial(self!, 'java.util.zip.DeflaterOutputStream', '<init>', ['java.io.OutputStream', 'java.util.zip.Deflater'], [out, def]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = dosState(self!);
      const def = st.def;
      if (c.call(def, 'finished') === true) c.throwNew('java.io.IOException', 'write beyond end of stream');
      if ((len as number) === 0) return;
      c.call(def, 'setInput', ['[B', 'int', 'int'], [b, off, len]);
      while (c.call(def, 'needsInput') !== true) dosDeflate(c, st);
    }),
    m('public void write(int)', (c, self, [b]) => c.call(self!, 'write', ['[B', 'int', 'int'], [c.vm.newArray('[B', [((b as number) << 24) >> 24]), 0, 1])),
    m('public void write(byte[])', (c, self, [b]) => {
      if (b === null) c.throwNew('java.lang.NullPointerException');
      c.call(self!, 'write', ['[B', 'int', 'int'], [b, 0, bytesOf(b as JObject).length]);
    }),
    m('public void finish()', (c, self) => {
      const st = dosState(self!);
      if (c.call(st.def, 'finished') === true) return;
      c.call(st.def, 'finish');
      while (c.call(st.def, 'finished') !== true) dosDeflate(c, st);
    }),
    m('public void close()', (c, self) => {
      const st = dosState(self!);
      if (st.closed) return;
      c.call(self!, 'finish');
      c.call(st.def, 'end');
      c.call(st.out, 'close');
      st.closed = true;
    }),
  ]),
  cls('public class java.util.zip.GZIPOutputStream extends java.util.zip.DeflaterOutputStream', {}, [
    m('public <init>(java.io.OutputStream)', (c, self, [out]) => {
      const def = c.newObject('java.util.zip.Deflater', ['int', 'boolean'], [-1, true]);
      c.callSpecial(self!, 'java.util.zip.DeflaterOutputStream', '<init>', ['java.io.OutputStream', 'java.util.zip.Deflater'], [out, def]);
      dosState(self!).gzip = { crc: 0, size: 0 };
      // writeHeader: magic, CM=8, FLG=0, MTIME=0, XFL=0, OS=0.
      const header = c.vm.newArray('[B', [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0].map((x) => (x << 24) >> 24));
      c.call(out as JObject, 'write', ['[B', 'int', 'int'], [header, 0, 10]);
    }),
    // The SDK declarations list write(int) and write(byte[]) on GZIPOutputStream (the catalog's
    // gzip.write overloads): exposed here, forwarding as the inherited ones do.
    m('public void write(int)', (c, self, [b]) => c.call(self!, 'write', ['[B', 'int', 'int'], [c.vm.newArray('[B', [((b as number) << 24) >> 24]), 0, 1])),
    m('public void write(byte[])', (c, self, [b]) => {
      if (b === null) c.throwNew('java.lang.NullPointerException');
      c.call(self!, 'write', ['[B', 'int', 'int'], [b, 0, bytesOf(b as JObject).length]);
    }),
    m('public synchronized void write(byte[], int, int)', (c, self, [b, off, len]) => {
      c.callSpecial(self!, 'java.util.zip.DeflaterOutputStream', 'write', ['[B', 'int', 'int'], [b, off, len]);
      const g = dosState(self!).gzip!;
      const part = slice(b, off, len);
      g.crc = crc32(part, g.crc);
      g.size = (g.size + part.length) >>> 0;
    }),
    m('public void finish()', (c, self) => {
      const st = dosState(self!);
      if (c.call(st.def, 'finished') === true) return;
      c.call(st.def, 'finish');
      while (c.call(st.def, 'finished') !== true) dosDeflate(c, st);
      const g = st.gzip!;
      const t = Buffer.alloc(8);
      t.writeUInt32LE(g.crc, 0);
      t.writeUInt32LE(g.size, 4);
      const trailer = c.vm.newArray('[B', [...t].map((x) => (x << 24) >> 24));
      c.call(st.out, 'write', ['[B', 'int', 'int'], [trailer, 0, 8]);
    }),
  ]),
  cls('public abstract class java.security.MessageDigestSpi', {}, []),
  cls('public abstract class java.security.MessageDigest extends java.security.MessageDigestSpi', {}, [
    m('public static java.security.MessageDigest getInstance(java.lang.String)', (c, _s, [a]) => {
      const name = String(a);
      const node = DIGESTS[name.toUpperCase()];
      if (node === undefined) c.throwNew('java.security.NoSuchAlgorithmException', `${name} MessageDigest not available`);
      const o = c.vm.alloc(c.vm.bootClass('java.security.MessageDigest'));
      o.native = { algorithm: name, node: node!, buf: [] };
      return o;
    }),
    m('public final java.lang.String getAlgorithm()', (_c, self) => digestState(self!).algorithm),
    m('public void update(byte)', (_c, self, [b]) => {
      digestState(self!).buf.push((b as number) & 0xff);
    }),
    m('public void update(byte[], int, int)', (c, self, [b, off, len]) => {
      if (b === null) c.throwNew('java.lang.IllegalArgumentException', 'No input buffer given');
      digestState(self!).buf.push(...slice(b, off, len));
    }),
    m('public void update(byte[])', (_c, self, [b]) => {
      digestState(self!).buf.push(...bytesOf(b as JObject));
    }),
    m('public byte[] digest()', (c, self) => {
      const st = digestState(self!);
      const out = createHash(st.node).update(Uint8Array.from(st.buf)).digest();
      st.buf = [];
      return byteArray(c, new Uint8Array(out));
    }),
    // libcore MessageDigest.digest(byte[] input): update(input); return digest();
    m('public byte[] digest(byte[])', (c, self, [b]) => {
      c.call(self!, 'update', ['[B'], [b]);
      return c.call(self!, 'digest');
    }),
    m('public void reset()', (_c, self) => {
      digestState(self!).buf = [];
    }),
    m('public final void update(java.nio.ByteBuffer)', (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    // digest(byte[] buf, int offset, int len): the digest written into buf; DigestException when it does not fit.
    m('public int digest(byte[], int, int)', (c, self, [b, off, len]) => {
      if (b === null) c.throwNew('java.lang.IllegalArgumentException', 'No output buffer given');
      const st = digestState(self!);
      const out = createHash(st.node).update(Uint8Array.from(st.buf)).digest();
      if ((len as number) < out.length) c.throwNew('java.security.DigestException', 'partial digests not returned');
      st.buf = [];
      const arr = b as unknown as { elems: number[] };
      for (let i = 0; i < out.length; i++) arr.elems[(off as number) + i] = (out[i]! << 24) >> 24;
      return out.length;
    }),
  ]),
  cls('public class javax.crypto.Mac implements java.lang.Cloneable', {}, [
    m('public static final javax.crypto.Mac getInstance(java.lang.String)', (c, _s, [a]) => {
      const name = String(a);
      const node = MACS[name.toUpperCase()];
      if (node === undefined) c.throwNew('java.security.NoSuchAlgorithmException', `Algorithm ${name} not available`);
      const o = c.vm.alloc(c.vm.bootClass('javax.crypto.Mac'));
      o.native = { algorithm: name, node: node!, key: null, buf: [] };
      return o;
    }),
    m('public final java.lang.String getAlgorithm()', (_c, self) => (self!.native as { algorithm: string }).algorithm),
    m('public final int getMacLength()', (_c, self) => createHmac((self!.native as { node: string }).node, '').digest().length),
    m('public final void init(java.security.Key)', (c, self, [key]) => {
      if (key === null) c.throwNew('java.security.InvalidKeyException', 'key == null');
      const enc = c.call(key as JObject, 'getEncoded');
      (self!.native as { key: Uint8Array | null }).key = enc === null ? new Uint8Array(0) : bytesOf(enc as JObject);
    }),
    m('public final void init(java.security.Key, java.security.spec.AlgorithmParameterSpec)', (c, self, [key, p]) => {
      if (p !== null) c.throwNew('java.security.InvalidAlgorithmParameterException', 'emulator: HMAC parameters are not modelled');
      c.call(self!, 'init', ['java.security.Key'], [key]);
    }),
    m('public final void update(byte)', (c, self, [b]) => {
      macState(c, self!).buf.push((b as number) & 0xff);
    }),
    m('public final void update(java.nio.ByteBuffer)', (c) => c.throwNew('java.lang.UnsupportedOperationException', 'emulator: ByteBuffer forms are not modelled')),
    // doFinal(byte[] output, int outOffset): the MAC written into output; ShortBufferException when it does not fit.
    m('public final void doFinal(byte[], int)', (c, self, [b, off]) => {
      const r = c.call(self!, 'doFinal') as JObject;
      copyOut(c, bytesOf(r), b, off as number);
    }),
    m('public final void update(byte[])', (c, self, [b]) => {
      const st = macState(c, self!);
      if (b !== null) st.buf.push(...bytesOf(b as JObject));
    }),
    m('public final void update(byte[], int, int)', (c, self, [b, off, len]) => {
      macState(c, self!).buf.push(...slice(b, off, len));
    }),
    m('public final byte[] doFinal()', (c, self) => {
      const st = macState(c, self!);
      const out = createHmac(st.node, st.key!).update(Uint8Array.from(st.buf)).digest();
      st.buf = [];
      return byteArray(c, new Uint8Array(out));
    }),
    // javax.crypto.Mac.doFinal(byte[] input): chooseFirstProvider(); if (!initialized) throw; update(input); return doFinal();
    m('public final byte[] doFinal(byte[])', (c, self, [b]) => {
      macState(c, self!);
      c.call(self!, 'update', ['[B'], [b]);
      return c.call(self!, 'doFinal');
    }),
  ]),
  cls('public class android.util.Base64', {}, [
    f('public static final int DEFAULT', { value: 0 }),
    f('public static final int NO_PADDING', { value: 1 }),
    f('public static final int NO_WRAP', { value: 2 }),
    f('public static final int URL_SAFE', { value: 8 }),
    m('public static java.lang.String encodeToString(byte[], int)', (_c, _s, [b, flags]) => encode(bytesOf(b!), flags as number)),
    m('public static byte[] encode(byte[], int)', (c, _s, [b, flags]) => byteArray(c, new TextEncoder().encode(encode(bytesOf(b!), flags as number)))),
    m('public static java.lang.String encodeToString(byte[], int, int, int)', (_c, _s, [b, off, len, flags]) => encode(bytesOf(b!).slice(off as number, (off as number) + (len as number)), flags as number)),
    m('public static byte[] encode(byte[], int, int, int)', (c, _s, [b, off, len, flags]) =>
      byteArray(c, new TextEncoder().encode(encode(bytesOf(b!).slice(off as number, (off as number) + (len as number)), flags as number))),
    ),
  ]),
];

/** DeflaterOutputStream.deflate(): one deflate() into the stream's buffer, written out if any. */
function dosDeflate(c: Call, st: ReturnType<typeof dosState>): void {
  const len = c.call(st.def, 'deflate', ['[B', 'int', 'int'], [st.buf, 0, 512]) as number;
  if (len > 0) c.call(st.out, 'write', ['[B', 'int', 'int'], [st.buf, 0, len]);
}

/** android.util.Base64.Encoder: DEFAULT wraps at 76 columns with '\n' and ends with one. */
function encode(b: Uint8Array, flags: number): string {
  let s = Buffer.from(b).toString('base64');
  if ((flags & 8) !== 0) s = s.replace(/\+/g, '-').replace(/\//g, '_');
  if ((flags & 1) !== 0) s = s.replace(/=+$/, '');
  if ((flags & 2) === 0) s = `${s.replace(/(.{76})/g, '$1\n')}${s.length % 76 === 0 && s.length > 0 ? '' : '\n'}`;
  return s;
}
