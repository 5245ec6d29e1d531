// What goes into and comes out of ciphers, Base64 and compression streams, as bounded samples, so
// the host can follow personal information through them into a send (reports/transforms.ts).
// A Cipher's init tells algorithm, direction and key length; its update/doFinal calls tell the
// bytes; all carry the object's identity to tie one use together. Nothing here decrypts anything:
// the plaintext is what the app handed in.
import { samplePayload } from '../core/payload.js';
import { count, javaBytes, num, setDetail } from './java.js';
import type { Extractor, HookCall } from './types.js';

const MODES: Record<number, string> = { 1: 'encrypt', 2: 'decrypt', 3: 'wrap', 4: 'unwrap' };

function sample(call: HookCall, d: Record<string, unknown>, side: 'in' | 'out', bytes: number[] | null, total: number): void {
  d[`${side}Bytes`] = total;
  if (bytes === null || bytes.length === 0) return;
  const s = samplePayload(bytes, total, call.services.maxSample);
  d[side] = s.sample;
  d[`${side}Encoding`] = s.sampleEncoding;
}

/** The byte[] argument slice of a call: (byte[]), (byte[], int, int), (byte[], int, int, ...). */
function inputOf(call: HookCall): { arr: any; off: number; len: number } | null {
  if (call.params[0] !== '[B') return null;
  // Cipher.doFinal(byte[] output, int outputOffset): the array is where the result goes.
  if (call.params.length === 2 && call.params[1] === 'int' && call.spec.id.startsWith('cipher.')) return null;
  const arr = call.args[0];
  if (arr === null || arr === undefined) return null;
  const slice = call.params.length >= 3 && call.params[1] === 'int' && call.params[2] === 'int';
  return { arr, off: slice ? count(call.args[1]) : 0, len: slice ? count(call.args[2]) : count(arr.length) };
}

function bytesOf(call: HookCall, v: { arr: any; off: number; len: number }): number[] | null {
  return javaBytes(call.java, v.arr, v.off, v.len, call.services.maxSample);
}

function algorithm(call: HookCall, d: Record<string, unknown>): void {
  try {
    const a = call.self.getAlgorithm();
    if (typeof a === 'string') d.algorithm = call.clip(a).slice(0, 128);
  } catch {
    // Provider without a name: left out.
  }
  const id = call.services.identity(call.self);
  if (id !== null) d.obj = id;
}

/** Cipher.init(opmode, key[, params][, random]): algorithm, direction, key length. */
export const cipherInit: Extractor = (call) => {
  const d: Record<string, unknown> = { op: 'cipher-init' };
  algorithm(call, d);
  const mode = MODES[num(call.args[0])];
  if (mode !== undefined) d.mode = mode;
  try {
    const key = call.args[1];
    // Keys in a hardware keystore answer null: their length stays unknown.
    const enc = key === null || key === undefined || typeof key.getEncoded !== 'function' ? null : key.getEncoded();
    if (enc !== null && enc !== undefined && typeof enc.length === 'number') d.keyBits = enc.length * 8;
  } catch {
    // A certificate (init(int, Certificate)) or an opaque key.
  }
  setDetail(call, d);
};

/** Cipher.update/doFinal: plaintext (or ciphertext) in, result out. */
export const cipherData: Extractor = (call) => {
  const d: Record<string, unknown> = { op: 'cipher' };
  algorithm(call, d);
  const input = inputOf(call);
  if (input !== null) sample(call, d, 'in', bytesOf(call, input), input.len);
  const ret = call.ret;
  if (ret !== null && ret !== undefined && typeof ret === 'object' && typeof ret.length === 'number') sample(call, d, 'out', javaBytes(call.java, ret, 0, count(ret.length), call.services.maxSample), count(ret.length));
  // A call with nothing in and nothing out (update of a partial block) tells nothing.
  if (d.inBytes === undefined && (d.outBytes === undefined || d.outBytes === 0) && call.thrown === undefined) return false;
  setDetail(call, d);
};

/** android.util.Base64.encode/encodeToString: bytes in, text out. */
export const base64Encode: Extractor = (call) => {
  const d: Record<string, unknown> = { op: 'base64' };
  const input = inputOf(call);
  if (input !== null) sample(call, d, 'in', bytesOf(call, input), input.len);
  const ret = call.ret;
  if (typeof ret === 'string') {
    d.outBytes = ret.length;
    d.out = ret.slice(0, call.services.maxSample);
    d.outEncoding = 'utf8';
  } else if (ret !== null && ret !== undefined && typeof ret.length === 'number') sample(call, d, 'out', javaBytes(call.java, ret, 0, count(ret.length), call.services.maxSample), count(ret.length));
  setDetail(call, d);
};

/** GZIPOutputStream/DeflaterOutputStream.write: the bytes going in (the output is what the wrapped stream gets). */
export const compressWrite: Extractor = (call) => {
  // DeflaterOutputStream.write(byte[]) and write(int) of a GZIPOutputStream are its gzip writes.
  let gzip = call.spec.id.startsWith('gzip.');
  try {
    if (!gzip && call.self.$className === 'java.util.zip.GZIPOutputStream') gzip = true;
  } catch {
    // Class name unavailable: the hook's own class decides.
  }
  const d: Record<string, unknown> = { op: gzip ? 'gzip' : 'deflate' };
  if (call.params.length === 1 && call.params[0] === 'int') sample(call, d, 'in', [num(call.args[0]) & 0xff], 1);
  else {
    const input = inputOf(call);
    if (input === null) return false;
    sample(call, d, 'in', bytesOf(call, input), input.len);
  }
  const id = call.services.identity(call.self);
  if (id !== null) d.obj = id;
  setDetail(call, d);
};

/** Bytes b[off .. off+n) of an output array the call filled, n its return value. */
function filled(call: HookCall, arr: any, off: number, n: number): number[] | null {
  if (arr === null || arr === undefined || !(n > 0)) return null;
  return javaBytes(call.java, arr, off, n, call.services.maxSample);
}

/**
 * MessageDigest.update/digest and Mac.update/doFinal: the bytes hashed and the digest. digest(byte[])
 * and doFinal(byte[]) are update + digest in one call (libcore forwards them; the nested calls fold
 * into the outer one). A digest or MAC written into the caller's buffer (digest(byte[], int, int),
 * Mac.doFinal(byte[], int)) is read back from it.
 */
export const digestData: Extractor = (call) => {
  const mac = call.spec.id.startsWith('mac.');
  const d: Record<string, unknown> = { op: mac ? 'mac' : 'digest' };
  algorithm(call, d);
  const p = call.params;
  const intoBuffer = (!mac && call.spec.method === 'digest' && p.length === 3) || (mac && call.spec.method === 'doFinal' && p.length === 2);
  if (intoBuffer) {
    if (call.thrown === undefined) {
      // digest(buf, off, len) returns the length; Mac.doFinal(out, off) returns nothing: getMacLength().
      let n = 0;
      try {
        n = mac ? num(call.self.getMacLength()) : num(call.ret);
      } catch {
        n = 0;
      }
      if (!Number.isFinite(n)) n = 0;
      sample(call, d, 'out', filled(call, call.args[0], count(call.args[1]), n), Math.max(0, n));
    }
  } else if (p.length === 1 && p[0] === 'byte') sample(call, d, 'in', [num(call.args[0]) & 0xff], 1);
  else {
    const input = inputOf(call);
    if (input !== null) sample(call, d, 'in', bytesOf(call, input), input.len);
    const ret = call.ret;
    if (ret !== null && ret !== undefined && typeof ret === 'object' && typeof ret.length === 'number') sample(call, d, 'out', javaBytes(call.java, ret, 0, count(ret.length), call.services.maxSample), count(ret.length));
  }
  if (d.inBytes === undefined && d.outBytes === undefined && call.thrown === undefined) return false;
  setDetail(call, d);
};

/** Mac.init(key[, params]): algorithm and key length (the key itself is never sent). */
export const macInit: Extractor = (call) => {
  const d: Record<string, unknown> = { op: 'mac-init' };
  algorithm(call, d);
  try {
    const key = call.args[0];
    const enc = key === null || key === undefined || typeof key.getEncoded !== 'function' ? null : key.getEncoded();
    if (enc !== null && enc !== undefined && typeof enc.length === 'number') d.keyBits = enc.length * 8;
  } catch {
    // An opaque key.
  }
  setDetail(call, d);
};

/**
 * Deflater.setInput/deflate and Inflater.setInput/inflate used directly: the bytes going in, and
 * the bytes a deflate()/inflate() call wrote into the caller's buffer (its return value says how
 * many). Calls that moved no bytes (needsInput loops, an empty deflate before finish) report nothing.
 */
export const zipData: Extractor = (call) => {
  const d: Record<string, unknown> = { op: call.spec.id.startsWith('inflater.') ? 'inflate' : 'deflate' };
  if (call.thrown !== undefined) {
    // A failed call (a ByteBuffer form, a closed Deflater) is reported without bytes.
  } else if (call.spec.method === 'setInput') {
    const input = inputOf(call);
    if (input === null || input.len <= 0) return false;
    sample(call, d, 'in', bytesOf(call, input), input.len);
  } else {
    const n = num(call.ret);
    if (!(n > 0)) return false;
    const off = call.params.length >= 3 ? count(call.args[1]) : 0;
    sample(call, d, 'out', filled(call, call.args[0], off, n), n);
  }
  const id = call.services.identity(call.self);
  if (id !== null) d.obj = id;
  setDetail(call, d);
};

/** A call whose only job is to keep the calls it makes silent (a stream's finish() drains its Deflater). */
export const silent: Extractor = () => false;
