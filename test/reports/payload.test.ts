// Payload matching: every encoding SDKs use, found in samples and URLs; nothing found where the
// value is absent; the multi-pattern matcher agrees with a naive search.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BASE64_UNITS, encodedForms, forEachRun, HEX_UNITS, isSearchable, MultiMatcher, PayloadSearch, type Needle } from '../../reports/payload.js';
import { resolveDestination } from '../../reports/flows.js';

const IMEI = '864213051234567';
const AID = '5c1e8a2f93b07d44';
const MAC = '3c:cd:5d:91:22:0e';
const h = (alg: string, s: string) => createHash(alg).update(s).digest('hex');
const b64 = (s: string) => Buffer.from(s).toString('base64');

function searcher(values: { value: string; dataType: string }[]) {
  const needles: Needle<{ value: string; dataType: string }>[] = [];
  for (const v of values) for (const f of encodedForms(v.value, v.dataType)) needles.push({ ...f, value: v });
  return new PayloadSearch(needles);
}

const one = searcher([
  { value: IMEI, dataType: 'imei' },
  { value: AID, dataType: 'android_id' },
  { value: MAC, dataType: 'mac_address' },
  { value: '31.230416', dataType: 'location' },
  { value: 'com.tencent.mm', dataType: 'installed_apps' },
  { value: 'Office 5G/2', dataType: 'wifi_info' },
]);
const found = (url: string | null, sample: string | null, enc: 'utf8' | 'base64' | null = 'utf8') => one.find(url, sample, enc).map((x) => `${x.needle.value.value}|${x.encoding}|${x.where}`);

describe('encodings', () => {
  const cases: [string, string, string][] = [
    ['raw', `{"imei":"${IMEI}"}`, `${IMEI}|raw|sample`],
    ['upper case', `id=${AID.toUpperCase()}`, `${AID}|upper-case|sample`],
    ['lower case', `mac=${MAC.toLowerCase()}`, `${MAC}|raw|sample`],
    ['upper-case MAC', `mac=${MAC.toUpperCase()}`, `${MAC}|upper-case|sample`],
    ['MAC without separators', `m=${MAC.replace(/:/g, '').toUpperCase()}`, `${MAC}|upper-case (no separators)|sample`],
    ['md5', `did=${h('md5', IMEI)}`, `${IMEI}|md5|sample`],
    ['md5, upper-case hex', `did=${h('md5', IMEI).toUpperCase()}`, `${IMEI}|md5, upper-case hex|sample`],
    ['md5 of the upper-case value', `a=${h('md5', AID.toUpperCase())}`, `${AID}|md5(upper)|sample`],
    ['sha1', `x=${h('sha1', IMEI)};`, `${IMEI}|sha1|sample`],
    ['sha256', `x=${h('sha256', AID)}`, `${AID}|sha256|sample`],
    ['sha256 of the lower-case MAC', `x=${h('sha256', MAC.toLowerCase())}`, `${MAC}|sha256|sample`],
    ['base64', `p=${b64(IMEI)}`, `${IMEI}|base64|sample`],
    ['hex', `p=${Buffer.from(AID).toString('hex')}`, `${AID}|hex|sample`],
    ['url-encoded', `ssid=${encodeURIComponent('Office 5G/2')}`, `Office 5G/2|url-encoded|sample`],
    ['form-encoded', `ssid=Office+5G%2F2`, `Office 5G/2|form-encoded|sample`],
    ['coordinate with fewer decimals', `lat=31.2304&`, `31.230416|raw (4 decimals)|sample`],
    ['package name', `apps=com.tencent.mm,com.x`, `com.tencent.mm|raw|sample`],
  ];
  for (const [name, sample, expected] of cases) {
    it(`finds ${name}`, () => {
      expect(found(null, sample)).toContain(expected);
    });
  }

  it('finds base64url (URL-safe alphabet)', () => {
    const v = 'ab?>>?cd~~';
    const s = searcher([{ value: v, dataType: 'accounts' }]);
    const std = Buffer.from(v).toString('base64');
    expect(std).toMatch(/[+/]/);
    const url = std.replace(/\+/g, '-').replace(/\//g, '_');
    expect(s.find(null, `t=${url}`, 'utf8').map((x) => x.encoding)).toContain('base64url');
  });

  it('finds a value inside a Base64-encoded JSON body, and inside a gzip body', () => {
    const body = b64(JSON.stringify({ header: { imei: IMEI, apps: ['com.tencent.mm'] } }));
    expect(found(null, `POST / HTTP/1.1\r\nHost: x\r\n\r\n${body}`)).toEqual(expect.arrayContaining([`${IMEI}|raw|sample (base64 blob)`, `com.tencent.mm|raw|sample (base64 blob)`]));
    const gz = gzipSync(Buffer.from(`{"android_id":"${AID}"}`));
    const sample = Buffer.concat([Buffer.from('POST /u HTTP/1.1\r\nContent-Encoding: gzip\r\n\r\n'), gz]).toString('base64');
    expect(found(null, sample, 'base64')).toContain(`${AID}|raw|sample (gzip)`);
  });

  it('finds values in binary samples (base64-encoded bytes) and in URLs, raw and percent-decoded', () => {
    const bytes = Buffer.concat([Buffer.from([0x47, 0x54, 0x01, 0x00]), Buffer.from(`aid=${AID}`)]);
    expect(found(null, bytes.toString('base64'), 'base64')).toContain(`${AID}|raw|sample`);
    expect(found(`https://a.example/x?imei=${IMEI}`, null)).toContain(`${IMEI}|raw|url`);
    expect(found(`https://a.example/x?ssid=${encodeURIComponent('Office 5G/2')}`, null)).toEqual(expect.arrayContaining(['Office 5G/2|url-encoded|url', 'Office 5G/2|raw|url (decoded)']));
  });

  it('reports a coordinate once when its full form is present (not also the shorter form inside it)', () => {
    expect(found(null, 'lat=31.230416')).toEqual(['31.230416|raw|sample']);
  });

  it('finds nothing when the value is absent, altered, or only partly there', () => {
    expect(found(null, `{"imei":"864213051234568","aid":"${AID.slice(0, 10)}"}`)).toEqual([]);
    expect(found(null, `x=${h('md5', IMEI + '0')}`)).toEqual([]);
    expect(found(null, `x=${b64('864213051234568')}`)).toEqual([]);
    expect(found(null, null)).toEqual([]);
    // Base64 is case-sensitive: a lower-cased Base64 string is not the value.
    expect(found(null, `x=${b64(IMEI).toLowerCase()}`)).toEqual([]);
  });

  it('does not search placeholders and short values', () => {
    expect(isSearchable('02:00:00:00:00:00')).toBe(false);
    expect(isSearchable('000000000000000')).toBe(false);
    expect(isSearchable('unknown')).toBe(false);
    expect(isSearchable('1234')).toBe(false);
    expect(isSearchable(IMEI)).toBe(true);
  });
});

describe('multi-pattern matcher', () => {
  it('agrees with a naive search on random texts', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'abcab';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const needles = Array.from({ length: 8 }, () => ({ text: word(1 + rnd(5)) }));
      const text = word(200);
      const m = new MultiMatcher(needles, false);
      const got: string[] = [];
      m.scan(text, (i, end) => got.push(`${i}@${end}`));
      const want: string[] = [];
      for (let end = 1; end <= text.length; end++) needles.forEach((n, i) => text.slice(0, end).endsWith(n.text) && want.push(`${i}@${end}`));
      expect(got.sort()).toEqual(want.sort());
    }
  });
});

describe('destinations', () => {
  const dns = new Map([['198.51.100.41', 'extlog.snssdk.com']]);
  const row = { host: null, ip: null, port: null, url: null, sample: null, enc: null, t: 1000 };
  it('takes the host from the event, the HTTP Host header, the URL, DNS, or the connection on the same thread', () => {
    expect(resolveDestination({ ...row, host: 'a.example', port: 443 }, dns)).toMatchObject({ host: 'a.example', from: 'event' });
    expect(resolveDestination({ ...row, sample: 'POST /x HTTP/1.1\r\nHost: b.example\r\n\r\n', enc: 'utf8' }, dns)).toMatchObject({ host: 'b.example', from: 'http-host' });
    expect(resolveDestination({ ...row, url: 'http://c.example/x' }, dns)).toMatchObject({ host: 'c.example', port: 80, from: 'url' });
    expect(resolveDestination({ ...row, ip: '198.51.100.41', port: 80 }, dns)).toMatchObject({ host: 'extlog.snssdk.com', from: 'dns' });
    expect(resolveDestination({ ...row }, dns, { host: 'd.example', ip: '192.0.2.1', port: 80, t: 900 })).toMatchObject({ host: 'd.example', from: 'thread' });
    expect(resolveDestination({ ...row }, dns, { host: 'd.example', ip: '192.0.2.1', port: 80, t: -60_000 })).toMatchObject({ host: null, from: 'none' });
  });
});

describe('runs of a character class (Base64 blobs, hex digests)', () => {
  /** [start, end) of every match of a global expression. */
  const matches = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
  const runs = (text: string, units: Uint8Array, min: number) => {
    const out: number[][] = [];
    forEachRun(text, units, min, (start, end) => void out.push([start, end]));
    return out;
  };

  it('are the matches of the expressions they replace, on random texts', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    // Class members of each kind, padding, separators, and units above ASCII (whose low byte is a member).
    const alphabet = ['a', 'F', 'z', 'Q', '0', '9', '+', '/', '_', '-', '=', '=', '&', ' ', '.', '\u0141', '\u0e30', '\ud83d'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 1 + rnd(300) }, () => (rnd(4) === 0 ? alphabet[rnd(alphabet.length)]! : 'aF0+z'[rnd(5)]!.repeat(1 + rnd(12)))).join('');
      for (const min of [1, 5, 16, 32]) {
        expect(runs(text, BASE64_UNITS, min)).toEqual(matches(new RegExp(`(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{${min},}`, 'g'), text));
        expect(runs(text, HEX_UNITS, min)).toEqual(matches(new RegExp(`[0-9a-fA-F]{${min},}`, 'g'), text));
      }
    }
  });

  it('every digest in a hex run is found where a naive search finds it', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const values = ['864213051234567', '5c1e8a2f93b07d44', 'a.b@example.com'];
    const s = searcher(values.map((value) => ({ value, dataType: 'imei' })));
    const digests = values.flatMap((v) => ['md5', 'sha1', 'sha256'].map((alg) => ({ v, alg, hex: h(alg, v) })));
    for (let round = 0; round < 100; round++) {
      // Hex runs (either case) with digests, whole or cut, overlapping each other, between separators.
      let text = '';
      while (text.length < 400) {
        const d = digests[rnd(digests.length)]!;
        const piece = rnd(3) === 0 ? d.hex.slice(rnd(8)) : d.hex;
        text += [h('md5', String(rnd(1000))).slice(rnd(32)), rnd(2) === 0 ? piece.toUpperCase() : piece, ['', '&', ' ', 'g'][rnd(4)]].join('');
      }
      const want = digests.filter((d) => text.toLowerCase().includes(d.hex)).map((d) => `${d.v}|${d.alg}`);
      const got = s.find(null, text, 'utf8').filter((x) => /^(md5|sha1|sha256)/.test(x.encoding)).map((x) => `${x.needle.value.value}|${x.encoding.replace(/[(,].*$/, '')}`);
      expect(new Set(got)).toEqual(new Set(want));
    }
  });

  it('stop when asked', () => {
    const seen: number[] = [];
    forEachRun('aaaa bbbb cccc', HEX_UNITS, 4, (start) => (seen.push(start), seen.length < 2));
    expect(seen).toEqual([0, 5]);
  });

  // Each of these threw RangeError ("Maximum call stack size exceeded") when the runs were found
  // by a regular expression: V8 keeps a backtrack entry per character a greedy loop takes.
  const EIGHT_MB = 8 * 1024 * 1024;
  it('a Base64 blob of 8 MB is opened and searched', () => {
    const body = b64(`{"imei":"${IMEI}","pad":"${'y'.repeat((EIGHT_MB * 3) / 4)}"}`);
    expect(found(null, `d=${body}`)).toEqual([`${IMEI}|base64|sample`, `${IMEI}|raw|sample (base64 blob)`]);
  });

  it('a hex run of 8 MB is searched for digests', () => {
    const run = `${'0123456789abcdef'.repeat(EIGHT_MB / 32)}${h('sha1', IMEI)}${'0123456789abcdef'.repeat(EIGHT_MB / 32)}`;
    expect(found(null, `h=${run}`)).toEqual([`${IMEI}|sha1|sample`]);
  }, 60_000);

  it('a value of millions of one character is a placeholder, not a value to search', () => {
    expect(isSearchable('0'.repeat(EIGHT_MB))).toBe(false);
    expect(isSearchable(`${'0'.repeat(EIGHT_MB)}1`)).toBe(true);
  });
});
