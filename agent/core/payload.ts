// Bounded payload samples for matching personal information in what leaves the device: the
// first `max` bytes, as UTF-8 text when they decode cleanly, otherwise base64. Also recognises
// TLS records (so ciphertext is never mistaken for plaintext) and HTTP/1 request heads. Plain
// functions over byte arrays (0-255): used by the Java network extractors and the native hooks.

export interface PayloadSample {
  sample: string;
  sampleEncoding: 'utf8' | 'base64';
  sampleTruncated?: boolean;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: ArrayLike<number>, n: number = bytes.length): string {
  let out = '';
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i]! & 0xff) << 16) | ((bytes[i + 1]! & 0xff) << 8) | (bytes[i + 2]! & 0xff);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  const rest = n - i;
  if (rest === 1) {
    const v = (bytes[i]! & 0xff) << 16;
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const v = ((bytes[i]! & 0xff) << 16) | ((bytes[i + 1]! & 0xff) << 8);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Strict UTF-8 decode of bytes[0..n). A multi-byte sequence cut by the sample limit at the end is
 * dropped rather than failing. Returns null for invalid UTF-8 or control bytes other than tab,
 * CR, LF: such payloads are binary and go out as base64.
 */
export function utf8Text(bytes: ArrayLike<number>, n: number): string | null {
  let out = '';
  let i = 0;
  while (i < n) {
    const b = bytes[i]! & 0xff;
    if (b < 0x80) {
      if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) return null;
      if (b === 0x7f) return null;
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
    } else return null;
    if (i + need >= n) {
      // Sequence runs past the sample: accept the truncation at the very end only.
      for (let k = i + 1; k < n; k++) if (((bytes[k]! & 0xff) & 0xc0) !== 0x80) return null;
      break;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]! & 0xff;
      if ((c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((need === 2 && cp < 0x800) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Sample of a payload whose first bytes are `bytes` and whose full length is `total`. */
export function samplePayload(bytes: ArrayLike<number>, total: number, max: number): PayloadSample {
  const n = Math.min(bytes.length, max, total);
  const text = utf8Text(bytes, n);
  const s: PayloadSample = text !== null ? { sample: text, sampleEncoding: 'utf8' } : { sample: base64(bytes, n), sampleEncoding: 'base64' };
  if (total > n) s.sampleTruncated = true;
  return s;
}

/** A TLS record header: content type 20-23 (change_cipher_spec, alert, handshake, application_data), version 3.x. */
export function looksLikeTls(bytes: ArrayLike<number>): boolean {
  if (bytes.length < 5) return false;
  const type = bytes[0]! & 0xff;
  return type >= 0x14 && type <= 0x17 && (bytes[1]! & 0xff) === 3 && (bytes[2]! & 0xff) <= 4;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'];

/** The request line and Host header of an HTTP/1.x request head, when the text starts with one. */
export function parseHttpRequest(text: string): { method: string; path: string; host?: string } | null {
  const sp = text.indexOf(' ');
  if (sp < 3 || sp > 7) return null;
  const method = text.slice(0, sp);
  if (!METHODS.includes(method)) return null;
  const eol = text.indexOf('\r\n');
  const line = eol < 0 ? text : text.slice(0, eol);
  const m = /^[A-Z]+ (\S+) HTTP\/\d(?:\.\d)?$/.exec(line);
  if (m === null) return null;
  const out: { method: string; path: string; host?: string } = { method, path: m[1]! };
  // Only a complete header line counts: a sample cut inside it would give a truncated host.
  const h = /\r\nhost:[ \t]*([^\r\n]+)\r\n/i.exec(text);
  if (h !== null) out.host = h[1]!.trim();
  return out;
}

/**
 * Turns a send's detail into the TLS record of the SSL_write event `of` (engine sockets from Java,
 * SSL* without a descriptor from native code): linked to that send, not a second one, and without
 * a sample (the ciphertext tells nothing the SSL_write's plaintext did not).
 */
export function markTlsRecord(d: Record<string, unknown>, of: readonly number[]): void {
  d.op = 'tls-record';
  d.recordOf = of;
  delete d.sample;
  delete d.sampleEncoding;
  delete d.sampleTruncated;
}
