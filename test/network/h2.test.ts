// The host's HTTP/2 decoder (reports/h2/decode.ts) against what a real HTTP/2 stack writes: Node's
// nghttp2 client over a capturing stream (Huffman-coded literals, dynamic-table references in the
// second request, DATA frames), decoded whole and write by write with one connection state.
import http2 from 'node:http2';
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeH2, HpackDecoder, huffmanDecode, looksLikeH2 } from '../../reports/h2/decode.js';

async function capture(requests: { headers: Record<string, string>; body: string }[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const duplex = new Duplex({
    read() {},
    write(c, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  });
  const s = http2.connect('https://api.example.com', { createConnection: () => duplex });
  s.on('error', () => undefined);
  for (const r of requests) {
    const st = s.request(r.headers);
    st.on('error', () => undefined);
    st.end(r.body);
  }
  await new Promise((r) => setTimeout(r, 100));
  s.destroy();
  return chunks;
}

const REQS = [
  { headers: { ':method': 'POST', ':path': '/v2/collect?x=1', 'content-type': 'application/json', 'x-device': 'abc123' }, body: '{"imei":"861234567890123"}' },
  { headers: { ':method': 'POST', ':path': '/v2/collect?x=2', 'content-type': 'application/json', 'x-device': 'abc123' }, body: 'second' },
];

describe('HTTP/2 decoding', () => {
  it('decodes what nghttp2 writes: preface, HPACK (Huffman, dynamic table), bodies', async () => {
    const all = Buffer.concat(await capture(REQS));
    expect(looksLikeH2(all)).toBe(true);
    const d = decodeH2(all);
    expect(d.preface).toBe(true);
    expect(d.unknownRefs).toBe(0);
    expect(d.requests).toHaveLength(2);
    expect(d.requests[0]).toMatchObject({ method: 'POST', scheme: 'https', authority: 'api.example.com:443', path: '/v2/collect?x=1' });
    expect(d.requests[0]!.headers).toEqual(expect.arrayContaining([['content-type', 'application/json'], ['x-device', 'abc123']]));
    expect(Buffer.from(d.requests[0]!.body).toString()).toBe('{"imei":"861234567890123"}');
    // The second request refers to dynamic-table entries the first one added.
    expect(d.requests[1]).toMatchObject({ method: 'POST', authority: 'api.example.com:443', path: '/v2/collect?x=2' });
    expect(d.requests[1]!.headers).toEqual(expect.arrayContaining([['x-device', 'abc123']]));
    expect(Buffer.from(d.requests[1]!.body).toString()).toBe('second');
  });

  it('write by write with one connection state, as the samples of one connection arrive', async () => {
    const chunks = await capture(REQS);
    const hp = new HpackDecoder();
    const reqs = chunks.flatMap((c) => decodeH2(c, hp).requests);
    expect(reqs.map((r) => r.path)).toEqual(['/v2/collect?x=1', '/v2/collect?x=2']);
    // Without the first write's state, the second request's dynamic references are unknown, not guessed.
    const hp2 = new HpackDecoder();
    const second = chunks.findIndex((c) => decodeH2(c, hp2).requests.some((r) => r.path === '/v2/collect?x=2'));
    expect(second).toBeGreaterThan(0);
    const alone = decodeH2(chunks[second]!, new HpackDecoder());
    expect(alone.unknownRefs).toBeGreaterThan(0);
    expect(alone.requests[0]!.headers.some(([n, v]) => n === 'x-device' && v === 'abc123')).toBe(false);
  });

  it('a sample cut inside a frame keeps what came before and says it was cut', async () => {
    const all = Buffer.concat(await capture(REQS.slice(0, 1)));
    const cut = all.subarray(0, all.length - 10);
    const d = decodeH2(cut);
    expect(d.truncated).toBe(true);
    expect(d.requests[0]?.path).toBe('/v2/collect?x=1');
  });

  it('Huffman: RFC 7541 C.4.1 "www.example.com"; bad padding is refused', () => {
    const enc = Buffer.from('f1e3c2e5f23a6ba0ab90f4ff', 'hex');
    expect(Buffer.from(huffmanDecode(enc)!).toString()).toBe('www.example.com');
    expect(huffmanDecode(Buffer.from('f1e3c2e5f23a6ba0ab90f400', 'hex'))).toBeNull();
  });

  it('is not fooled by HTTP/1 text or TLS records', () => {
    expect(looksLikeH2(Buffer.from('POST /x HTTP/1.1\r\nHost: a\r\n\r\n'))).toBe(false);
    expect(looksLikeH2(Buffer.from([0x17, 3, 3, 0, 40, 1, 2, 3, 4, 5]))).toBe(false);
  });
});
