// Encryption, hashing, encoding and compression an SDK runs its payload through before sending:
// javax.crypto.Cipher (AES and DES families, by Node's crypto), SecretKeySpec, IvParameterSpec,
// java.util.zip.GZIPOutputStream over a ByteArrayOutputStream, android.util.Base64. The results
// are the real bytes (real AES, real gzip), so what the agent samples at each step can be followed
// into the send that carries it. Transformations the model does not have fail loudly, as a
// provider without them would (NoSuchAlgorithmException), never silently.
import { createCipheriv } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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

const gzipState = (o: JObject) => o.native as { out: JObject; buf: number[]; finished: boolean };
const baosState = (o: JObject) => o.native as { buf: number[] };

type ClassSpecList = ReturnType<typeof cls>;

export const cryptoClasses: readonly ClassSpecList[] = [
  exceptionClass('public class java.security.GeneralSecurityException extends java.lang.Exception'),
  exceptionClass('public class java.security.NoSuchAlgorithmException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.security.KeyException extends java.security.GeneralSecurityException'),
  exceptionClass('public class java.security.InvalidKeyException extends java.security.KeyException'),
  exceptionClass('public class javax.crypto.ShortBufferException extends java.security.GeneralSecurityException'),
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
  ]),
  cls('public class java.util.zip.DeflaterOutputStream extends java.io.FilterOutputStream', {}, [
    m('public <init>(java.io.OutputStream)', (c, self, [out]) => c.callSpecial(self!, 'java.io.FilterOutputStream', '<init>', ['java.io.OutputStream'], [out])),
  ]),
  // Deflates as it goes in the real class; the model compresses once at finish(), which gives the
  // same stream (one member, default level) for what was written.
  cls('public class java.util.zip.GZIPOutputStream extends java.util.zip.DeflaterOutputStream', {}, [
    m('public <init>(java.io.OutputStream)', (_c, self, [out]) => {
      self!.native = { out, buf: [], finished: false };
    }),
    m('public synchronized void write(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = gzipState(self!);
      if (st.finished) c.throwNew('java.io.IOException', 'write beyond end of stream');
      st.buf.push(...bytesOf(b!).slice(off as number, (off as number) + (len as number)));
    }),
    m('public void write(int)', (c, self, [b]) => c.call(self!, 'write', ['[B', 'int', 'int'], [c.vm.newArray('[B', [b as number]), 0, 1])),
    m('public void write(byte[])', (c, self, [b]) => c.call(self!, 'write', ['[B', 'int', 'int'], [b, 0, bytesOf(b!).length])),
    m('public void finish()', (c, self) => {
      const st = gzipState(self!);
      if (st.finished) return;
      st.finished = true;
      const gz = byteArray(c, new Uint8Array(gzipSync(Uint8Array.from(st.buf))));
      c.call(st.out, 'write', ['[B', 'int', 'int'], [gz, 0, gz.elems.length]);
    }),
    m('public void close()', (c, self) => {
      c.call(self!, 'finish');
      c.call(gzipState(self!).out, 'close');
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

/** android.util.Base64.Encoder: DEFAULT wraps at 76 columns with '\n' and ends with one. */
function encode(b: Uint8Array, flags: number): string {
  let s = Buffer.from(b).toString('base64');
  if ((flags & 8) !== 0) s = s.replace(/\+/g, '-').replace(/\//g, '_');
  if ((flags & 1) !== 0) s = s.replace(/=+$/, '');
  if ((flags & 2) === 0) s = `${s.replace(/(.{76})/g, '$1\n')}${s.length % 76 === 0 && s.length > 0 ? '' : '\n'}`;
  return s;
}
