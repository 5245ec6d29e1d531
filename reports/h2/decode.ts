// HTTP/2 in plaintext samples (what SSL_write saw before encryption): frames (RFC 9113 section 4)
// and HPACK header blocks (RFC 7541) decoded on the host, so an h2 request shows and matches like
// an HTTP/1 one: method, authority, path, headers, body. A sample is the first bytes of one write,
// so decoding is best effort and says what it could not do: a frame cut by the sample limit keeps
// what it has; a header that refers to a dynamic-table entry set by an earlier, unseen write is
// reported as unknown, never guessed.
//
// Why our own decoder and not a package: the report pipeline is synchronous (Node's http2 decodes
// only through an event-driven session), the maintained npm HPACK package (hpack.js) is stream
// based with four dependencies, and installing packages here rebuilds the shared native modules.
// The decoder is small, its tables are the RFC's data (hpack-tables.ts), and the tests check it
// against what Node's own nghttp2 encodes (Huffman, dynamic table, CONTINUATION).
import { HUFFMAN_CODES, HUFFMAN_LENGTHS, STATIC_TABLE } from './hpack-tables.js';

export const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

const FRAME_DATA = 0x0;
const FRAME_HEADERS = 0x1;
const FRAME_CONTINUATION = 0x9;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;
/** Frame types 0x0-0x9 (RFC 9113 section 6); others are extensions and are skipped. */
const KNOWN_TYPES = 10;

export interface H2Request {
  streamId: number;
  method: string | null;
  scheme: string | null;
  authority: string | null;
  path: string | null;
  /** Regular headers in order (pseudo-headers excluded); values of unknown entries are null. */
  headers: [string, string | null][];
  /** DATA payload of the stream within the sample (may be cut). */
  body: Uint8Array;
}

export interface H2Decoded {
  preface: boolean;
  requests: H2Request[];
  frames: number;
  /** True when the sample ended inside a frame. */
  truncated: boolean;
  /** Header fields that referred to dynamic-table entries this decoder has not seen. */
  unknownRefs: number;
}

// ---- Huffman -------------------------------------------------------------------------------

interface Node {
  sym: number;
  next: [Node | null, Node | null];
}

let tree: Node | null = null;

function huffmanTree(): Node {
  if (tree !== null) return tree;
  const root: Node = { sym: -1, next: [null, null] };
  for (let s = 0; s < 256; s++) {
    const code = HUFFMAN_CODES[s]!;
    const len = HUFFMAN_LENGTHS[s]!;
    let n = root;
    for (let i = len - 1; i >= 0; i--) {
      const bit = Math.floor(code / 2 ** i) % 2;
      let child = n.next[bit];
      if (child === null) {
        child = { sym: -1, next: [null, null] };
        n.next[bit] = child;
      }
      n = child;
    }
    n.sym = s;
  }
  tree = root;
  return root;
}

/** Huffman-decodes a string literal (RFC 7541 section 5.2); null on an invalid code or padding. */
export function huffmanDecode(b: Uint8Array): Uint8Array | null {
  const root = huffmanTree();
  const out: number[] = [];
  let n = root;
  let depth = 0;
  let allOnes = true;
  for (const byte of b) {
    for (let i = 7; i >= 0; i--) {
      const bit = (byte >> i) & 1;
      const next = n.next[bit];
      if (next === null) return null;
      depth++;
      allOnes &&= bit === 1;
      if (next.sym >= 0) {
        out.push(next.sym);
        n = root;
        depth = 0;
        allOnes = true;
      } else n = next;
    }
  }
  // Padding: fewer than 8 bits, all ones (the EOS prefix).
  if (depth > 7 || !allOnes) return null;
  return Uint8Array.from(out);
}

// ---- HPACK ---------------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** One connection's decoding state: the dynamic table (RFC 7541 section 4). */
export class HpackDecoder {
  private dynamic: [string, string][] = [];
  private size = 0;
  private max = 4096;
  unknownRefs = 0;

  private entry(index: number): [string, string] | null {
    if (index >= 1 && index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1] as [string, string];
    const d = index - STATIC_TABLE.length - 1;
    return d >= 0 && d < this.dynamic.length ? this.dynamic[d]! : null;
  }

  private add(name: string, value: string): void {
    const sz = name.length + value.length + 32;
    this.dynamic.unshift([name, value]);
    this.size += sz;
    this.evict();
  }

  private evict(): void {
    while (this.size > this.max && this.dynamic.length > 0) {
      const [n, v] = this.dynamic.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }

  /** Decodes one complete header block. Fields it cannot resolve come back with a null value. */
  decode(block: Uint8Array): [string, string | null][] {
    const out: [string, string | null][] = [];
    let p = 0;
    const int = (prefix: number): number => {
      const mask = (1 << prefix) - 1;
      let v = block[p++]! & mask;
      if (v < mask) return v;
      let m = 0;
      for (;;) {
        if (p >= block.length) throw new RangeError('integer runs past the block');
        const b = block[p++]!;
        v += (b & 0x7f) * 2 ** m;
        m += 7;
        if ((b & 0x80) === 0) return v;
        if (m > 28) throw new RangeError('integer too large');
      }
    };
    const str = (): string => {
      if (p >= block.length) throw new RangeError('string runs past the block');
      const huff = (block[p]! & 0x80) !== 0;
      const len = int(7);
      if (p + len > block.length) throw new RangeError('string runs past the block');
      const raw = block.subarray(p, p + len);
      p += len;
      if (!huff) return utf8.decode(raw);
      const d = huffmanDecode(raw);
      if (d === null) throw new RangeError('invalid Huffman code');
      return utf8.decode(d);
    };
    while (p < block.length) {
      const b = block[p]!;
      if ((b & 0x80) !== 0) {
        // Indexed header field.
        const e = this.entry(int(7));
        if (e === null) {
          this.unknownRefs++;
          out.push(['?', null]);
        } else out.push([e[0], e[1]]);
      } else if ((b & 0xe0) === 0x20) {
        // Dynamic table size update.
        this.max = int(5);
        this.evict();
      } else {
        // Literal: with incremental indexing (01), without indexing (0000), never indexed (0001).
        const indexing = (b & 0xc0) === 0x40;
        const idx = int(indexing ? 6 : 4);
        let name: string | null;
        if (idx === 0) name = str();
        else {
          const e = this.entry(idx);
          if (e === null) this.unknownRefs++;
          name = e === null ? null : e[0];
        }
        const value = str();
        if (indexing) this.add(name ?? '?', value);
        out.push([name ?? '?', name === null ? null : value]);
      }
    }
    return out;
  }
}

// ---- frames --------------------------------------------------------------------------------

/** Whether a sample starts like HTTP/2: the client preface, or a plausible frame header. */
export function looksLikeH2(b: Uint8Array): boolean {
  if (startsWithPreface(b)) return true;
  if (b.length < 9) return false;
  const len = (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  const type = b[3]!;
  // HEADERS on a client (odd) stream, a sane length, the reserved bit clear.
  const sid = ((b[5]! & 0x7f) << 24) | (b[6]! << 16) | (b[7]! << 8) | b[8]!;
  return type === FRAME_HEADERS && len > 0 && len <= 16384 * 4 && (b[5]! & 0x80) === 0 && sid % 2 === 1;
}

function startsWithPreface(b: Uint8Array): boolean {
  if (b.length < H2_PREFACE.length) return false;
  for (let i = 0; i < H2_PREFACE.length; i++) if (b[i] !== H2_PREFACE.charCodeAt(i)) return false;
  return true;
}

/**
 * Decodes the frames of one client-side sample with a connection's HPACK state (pass the same
 * decoder for the writes of one connection, in order, so dynamic-table references resolve).
 */
export function decodeH2(b: Uint8Array, hpack: HpackDecoder = new HpackDecoder()): H2Decoded {
  const res: H2Decoded = { preface: false, requests: [], frames: 0, truncated: false, unknownRefs: 0 };
  let p = 0;
  if (startsWithPreface(b)) {
    res.preface = true;
    p = H2_PREFACE.length;
  }
  const streams = new Map<number, H2Request>();
  let block: { sid: number; parts: Uint8Array[] } | null = null;
  const before = hpack.unknownRefs;
  const finish = (sid: number, parts: Uint8Array[]): void => {
    const total = parts.reduce((n, x) => n + x.length, 0);
    const all = new Uint8Array(total);
    let o = 0;
    for (const x of parts) {
      all.set(x, o);
      o += x.length;
    }
    let fields: [string, string | null][];
    try {
      fields = hpack.decode(all);
    } catch {
      return; // a cut or corrupt block: nothing trustworthy in it
    }
    const r: H2Request = streams.get(sid) ?? { streamId: sid, method: null, scheme: null, authority: null, path: null, headers: [], body: new Uint8Array(0) };
    for (const [n, v] of fields) {
      if (n === ':method') r.method = v;
      else if (n === ':scheme') r.scheme = v;
      else if (n === ':authority') r.authority = v;
      else if (n === ':path') r.path = v;
      else if (!n.startsWith(':')) r.headers.push([n, v]);
    }
    if (!streams.has(sid)) {
      streams.set(sid, r);
      res.requests.push(r);
    }
  };
  while (p + 9 <= b.length) {
    const len = (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
    const type = b[p + 3]!;
    const flags = b[p + 4]!;
    const sid = ((b[p + 5]! & 0x7f) << 24) | (b[p + 6]! << 16) | (b[p + 7]! << 8) | b[p + 8]!;
    if (type >= KNOWN_TYPES && block === null) {
      p += 9 + len;
      continue;
    }
    const end = p + 9 + len;
    const cut = end > b.length;
    let payload = b.subarray(p + 9, Math.min(end, b.length));
    res.frames++;
    if (type === FRAME_HEADERS || type === FRAME_DATA) {
      let pad = 0;
      if ((flags & FLAG_PADDED) !== 0 && payload.length > 0) {
        pad = payload[0]!;
        payload = payload.subarray(1);
      }
      if (type === FRAME_HEADERS && (flags & FLAG_PRIORITY) !== 0) payload = payload.subarray(5);
      if (!cut && pad > 0) payload = payload.subarray(0, Math.max(0, payload.length - pad));
      if (type === FRAME_HEADERS) {
        if (cut) {
          res.truncated = true;
          break;
        }
        if ((flags & FLAG_END_HEADERS) !== 0) finish(sid, [payload]);
        else block = { sid, parts: [payload] };
      } else {
        const r = streams.get(sid);
        if (r !== undefined) {
          const body = new Uint8Array(r.body.length + payload.length);
          body.set(r.body);
          body.set(payload, r.body.length);
          r.body = body;
        }
      }
    } else if (type === FRAME_CONTINUATION && block !== null && block.sid === sid && !cut) {
      block.parts.push(payload);
      if ((flags & FLAG_END_HEADERS) !== 0) {
        finish(block.sid, block.parts);
        block = null;
      }
    }
    if (cut) {
      res.truncated = true;
      break;
    }
    p = end;
  }
  if (p < b.length && !res.truncated && p + 9 > b.length) res.truncated = true;
  res.unknownRefs = hpack.unknownRefs - before;
  return res;
}
