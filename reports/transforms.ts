// Personal information followed through encryption, encoding and compression into a send. The
// agent reports each cipher, Base64 and gzip call with samples of what went in and what came out
// (events of kind 'transform'); this module links them as evidence, never by guessing:
//  - a step whose input contains a value an SDK read (the payload search, gzip inflated) starts a
//    chain at that read;
//  - a step whose input contains the start of an earlier step's output continues that chain (a
//    gzip step, whose output the hook cannot see, is linked when the next step's input inflates to
//    text that contains the gzip input);
//  - a send whose sample contains the start of a chain's last output (raw, Base64, hex or
//    URL-encoded) ends it: the flow is read -> step -> ... -> send to host, with every event id.
// A chain with an encrypting cipher step marks its send as app-layer encrypted: the value did not
// appear in the send as such, which is why the plain payload search could not see it. A chain with
// a MessageDigest or Mac step is marked hashed (with the algorithm): the hash of an identifier sent
// is still that identifier's flow. Objects fed in several calls (MessageDigest/Mac update then
// digest/doFinal, Deflater setInput then deflate) are followed by the object's identity.
import { gunzipSync, inflateSync, constants as zc } from 'node:zlib';
import type { PayloadSearch, PiValue } from './payload.js';

/** Bytes of an output's start that identify it in later inputs and sends (long enough not to collide). */
const FINGERPRINT = 24;
const MIN_FINGERPRINT = 12;
const MAX_TRANSFORMS = 20_000;

export interface TransformRow {
  id: number;
  t: number;
  pid: number | null;
  actor: string;
  op: string;
  algorithm: string | null;
  mode: string | null;
  keyBits: number | null;
  obj: number | null;
  inS: string | null;
  inEnc: string | null;
  outS: string | null;
  outEnc: string | null;
}

export interface ChainStep {
  /** "gzip", "AES/CBC/PKCS5Padding (128-bit key)", "base64". */
  label: string;
  op: string;
  eventId: number;
  algorithm: string | null;
  keyBits: number | null;
}

export interface EncryptedFlow {
  actor: string;
  dataType: string;
  value: string;
  readEventId: number;
  readBy: string;
  steps: ChainStep[];
  sendEventId: number;
  host: string | null;
  ip: string | null;
  port: number | null;
  proto: string;
  /** TLS on the wire (the transport), apart from the app's own encryption. */
  tls: boolean;
  /** A cipher step encrypted the value before it was sent. */
  appEncrypted: boolean;
  /** The algorithm of the first MessageDigest/Mac step ("MD5", "HmacSHA256"), or null: the value was sent hashed. */
  hashed: string | null;
  url: string | null;
  /** How the last output was found in the send: 'raw', 'base64', 'hex', 'urlencoded'. */
  foundAs: string;
  /** Sends that carried this chain (same sender, value, steps and destination); ids are of the first. */
  count: number;
}

interface Source {
  value: PiValue;
  via: TransformRow[];
}

interface Known {
  row: TransformRow;
  sources: Source[];
  /** Forms of the output's start to look for: raw bytes (latin1), Base64 text, hex. */
  forms: { text: string; as: string }[];
}

function bytesOf(s: string | null, enc: string | null): Buffer | null {
  if (s === null) return null;
  return enc === 'base64' ? Buffer.from(s, 'base64') : Buffer.from(s, 'utf8');
}

/** Text of a gzip member or zlib stream inside b (DeflaterOutputStream writes zlib: 0x78 then a header check). */
function inflated(b: Buffer): string | null {
  const at = b.indexOf(Buffer.from([0x1f, 0x8b, 0x08]));
  if (at >= 0) {
    try {
      return gunzipSync(b.subarray(at), { finishFlush: zc.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      // Not a gzip member after all: try zlib below.
    }
  }
  for (let i = b.indexOf(0x78); i >= 0 && i + 1 < b.length; i = b.indexOf(0x78, i + 1)) {
    if (((0x78 << 8) | b[i + 1]!) % 31 !== 0) continue;
    try {
      return inflateSync(b.subarray(i), { finishFlush: zc.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      // Not a zlib stream here.
    }
  }
  return null;
}

function label(r: TransformRow, keyBits: number | null): string {
  if (r.op === 'cipher') return `${r.algorithm ?? 'cipher'}${keyBits !== null ? ` (${keyBits}-bit key)` : ''}`;
  if (r.op === 'digest') return `${r.algorithm ?? 'digest'} hash`;
  if (r.op === 'mac') return `${r.algorithm ?? 'HMAC'}${keyBits !== null ? ` (${keyBits}-bit key)` : ''}`;
  return r.op;
}

/** Steps whose object is fed over several calls before its output comes out. */
const ACCUMULATING = new Set(['digest', 'mac', 'deflate']);

/** Follows personal information through the run's transform events into its sends. */
export class TransformTracer {
  private readonly known: Known[] = [];
  private readonly keyBits = new Map<string, number>();
  private readonly gzipInputs: { row: TransformRow; sources: Source[]; head: string }[] = [];
  /** Sources fed into a MessageDigest/Mac/Deflater (pid:obj) whose output has not come out yet. */
  private readonly pending = new Map<string, Source[]>();

  constructor(private readonly search: PayloadSearch<PiValue>) {}

  /** Feeds one transform event, in time order. */
  add(r: TransformRow): void {
    if (this.known.length >= MAX_TRANSFORMS) return;
    if (r.op === 'cipher-init' || r.op === 'mac-init') {
      if (r.obj !== null && r.keyBits !== null) this.keyBits.set(`${r.pid}:${r.obj}`, r.keyBits);
      return;
    }
    // Decryption and decompression bring data in: never the start or a step of an outgoing chain.
    if (r.mode === 'decrypt' || r.op === 'inflate') return;
    const input = bytesOf(r.inS, r.inEnc);
    const sources: Source[] = [];
    // Values read by SDKs, straight in the input (or in gzip inside it).
    if (r.inS !== null) {
      for (const h of this.search.find(null, r.inS, r.inEnc)) {
        if (!sources.some((s) => s.value === h.needle.value && s.via.length === 0)) sources.push({ value: h.needle.value, via: [] });
      }
    }
    if (input !== null) {
      const text = input.toString('latin1');
      // Outputs of earlier steps in this input: the chain goes on.
      for (const k of this.known) {
        if (k.row.pid !== r.pid || k.sources.length === 0) continue;
        if (k.forms.some((f) => text.includes(f.text))) for (const s of k.sources) sources.push({ value: s.value, via: [...s.via, k.row] });
      }
      // gzip whose output we cannot see: this input inflates to text that holds the gzip input.
      const inf = inflated(input);
      if (inf !== null) {
        for (const g of this.gzipInputs) {
          if (g.row.pid === r.pid && inf.includes(g.head)) for (const s of g.sources) sources.push({ value: s.value, via: [...s.via, g.row] });
        }
      }
    }
    const objKey = r.obj !== null && ACCUMULATING.has(r.op) ? `${r.pid}:${r.obj}` : null;
    const out = bytesOf(r.outS, r.outEnc);
    if (objKey !== null) {
      // Input now, output later (update -> digest, setInput -> deflate): the object carries the sources.
      if (sources.length > 0) this.pending.set(objKey, dedupe([...(this.pending.get(objKey) ?? []), ...sources]));
      if (out !== null) {
        sources.push(...(this.pending.get(objKey) ?? []));
        // A digest/doFinal ends the object's message (it is reset); a Deflater goes on until end.
        if (r.op !== 'deflate') this.pending.delete(objKey);
      }
    }
    if (r.op === 'gzip' || (r.op === 'deflate' && out === null)) {
      if (sources.length > 0 && input !== null && input.length >= MIN_FINGERPRINT) this.gzipInputs.push({ row: kept(r, undefined), sources: dedupe(sources), head: input.subarray(0, Math.min(FINGERPRINT, input.length)).toString('latin1') });
      return;
    }
    if (out === null || out.length < MIN_FINGERPRINT || sources.length === 0) return;
    const fp = out.subarray(0, Math.min(FINGERPRINT, out.length));
    const whole = fp.length - (fp.length % 3);
    const forms = [{ text: fp.toString('latin1'), as: 'raw' }];
    if (r.op !== 'base64') {
      forms.push({ text: fp.subarray(0, whole).toString('base64'), as: 'base64' });
      forms.push({ text: fp.subarray(0, whole).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'), as: 'base64' });
      forms.push({ text: fp.toString('hex'), as: 'hex' });
      forms.push({ text: fp.toString('hex').toUpperCase(), as: 'hex' });
    }
    const kb = r.obj !== null ? this.keyBits.get(`${r.pid}:${r.obj}`) : undefined;
    const k: Known = { row: kept(r, kb), sources: dedupe(sources), forms };
    this.known.push(k);
  }

  /**
   * The chains a send carries: each chain's last output found in the sample. Only the longest chain
   * per value is kept (a Base64 of a ciphertext also contains the ciphertext's Base64 form).
   */
  chainsIn(pid: number | null, t: number, sample: string | null, enc: string | null): { source: Source; last: TransformRow; foundAs: string }[] {
    if (sample === null || this.known.length === 0) return [];
    const b = bytesOf(sample, enc)!;
    const text = b.toString('latin1');
    let decoded: string | null = null;
    try {
      decoded = decodeURIComponent(text.replace(/\+/g, '%2B'));
    } catch {
      decoded = null;
    }
    const found: { source: Source; last: TransformRow; foundAs: string }[] = [];
    for (const k of this.known) {
      if (k.row.pid !== pid || k.row.t > t) continue;
      let as: string | null = null;
      for (const f of k.forms) {
        if (text.includes(f.text)) as = f.as;
        else if (decoded !== null && decoded !== text && decoded.includes(f.text)) as = 'urlencoded';
        if (as !== null) break;
      }
      if (as === null) continue;
      for (const s of k.sources) found.push({ source: s, last: k.row, foundAs: as });
    }
    // Longest chain per value: drop a chain that another one for the same value extends.
    return found.filter((f) => !found.some((o) => o !== f && o.source.value === f.source.value && o.source.via.length + 1 > f.source.via.length + 1 && [...o.source.via, o.last].includes(f.last)));
  }

  steps(c: { source: Source; last: TransformRow }): ChainStep[] {
    return [...c.source.via, c.last].map((r) => {
      const kb = r.keyBits ?? (r.obj !== null ? (this.keyBits.get(`${r.pid}:${r.obj}`) ?? null) : null);
      return { label: label(r, kb), op: r.op, eventId: r.id, algorithm: r.algorithm, keyBits: kb };
    });
  }
}

/**
 * A step's row as the tracer keeps it: without its input and output texts, which are read once
 * (fingerprints and forms are taken from them in add) and never again. Up to MAX_TRANSFORMS rows
 * are kept, each with its payload samples: about 100 MB of the report's peak heap at 1M events
 * (bench run, `--trace-gc`). Each kept row is a new object, and chains compare rows by identity,
 * so every chain step refers to this copy.
 */
function kept(r: TransformRow, keyBits: number | undefined): TransformRow {
  return { ...r, keyBits: keyBits ?? r.keyBits, inS: null, outS: null };
}

function dedupe(sources: Source[]): Source[] {
  const out: Source[] = [];
  for (const s of sources) if (!out.some((o) => o.value === s.value && o.via.length === s.via.length && o.via.every((v, i) => v === s.via[i]))) out.push(s);
  return out;
}
