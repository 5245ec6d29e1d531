// HTTP/2 samples as the flow scan reads them: the decoded requests of a plaintext write rendered as
// an HTTP/1-style head (method, path, :authority and headers, then the body), so personal
// information is matched and shown the same way for both versions, and the URL is known. One HPACK
// state per connection (process + fd, or process + thread + destination for SSL*s without fd),
// fed in event order and restarted at each client preface.
import { decodeH2, HpackDecoder, looksLikeH2, type H2Request } from './decode.js';

export interface H2View {
  url: string | null;
  method: string | null;
  /** The requests as text: "POST /path HTTP/2", ":authority: host", headers, blank line, body. */
  sample: string;
  sampleEncoding: 'utf8' | 'base64';
  requests: number;
  unknownRefs: number;
  truncated: boolean;
}

const MAX_CONNECTIONS = 4096;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    return latin1.decode(body);
  }
}

function render(r: H2Request): string {
  const lines = [`${r.method ?? '?'} ${r.path ?? '?'} HTTP/2`];
  if (r.authority !== null) lines.push(`:authority: ${r.authority}`);
  for (const [n, v] of r.headers) lines.push(`${n}: ${v ?? '(unknown: set by an earlier write not seen)'}`);
  return `${lines.join('\r\n')}\r\n\r\n${text(r.body)}`;
}

export class H2Samples {
  private readonly conns = new Map<string, HpackDecoder>();

  /** The h2 reading of a send's sample, or null when it is not HTTP/2. */
  view(key: string, sample: string | null, enc: string | null): H2View | null {
    if (sample === null) return null;
    const bytes = enc === 'base64' ? Buffer.from(sample, 'base64') : Buffer.from(sample, 'latin1');
    const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const known = this.conns.get(key);
    if (!looksLikeH2(u8) && known === undefined) return null;
    let hp = known;
    if (hp === undefined || u8[0] === 0x50 /* 'P' of the preface */) {
      if (this.conns.size >= MAX_CONNECTIONS) this.conns.clear();
      hp = new HpackDecoder();
      this.conns.set(key, hp);
    }
    const d = decodeH2(u8, hp);
    if (d.requests.length === 0 && !d.preface) return null;
    const first = d.requests[0];
    const url = first !== undefined && first.path !== null && first.path.startsWith('/') && first.authority !== null ? `${first.scheme ?? 'https'}://${first.authority}${first.path}` : null;
    return {
      url,
      method: first?.method ?? null,
      sample: d.requests.map(render).join('\r\n\r\n'),
      sampleEncoding: 'utf8',
      requests: d.requests.length,
      unknownRefs: d.unknownRefs,
      truncated: d.truncated,
    };
  }
}
