// A run whose text fields are megabytes (a file that bypassed ingest's LIMITS.string): the report
// must stay usable, and its cost must follow the bytes, not the bytes times the needles. Building
// the payload search once put one trie node per character of every encoded form of every value:
// an 8 MB PI value made about 35 million nodes and most of a 44 s report (docs/benchmarks.md
// "Hostile field sizes in reports"). These tests count that work instead of timing it, and check
// that needles searched outside the trie (reports/payload.ts LongNeedle) are found exactly as the
// trie finds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { buildReport } from '../../reports/model.js';
import { encodedForms, PayloadSearch, TRIE_MAX_NEEDLE, type Needle } from '../../reports/payload.js';
import { cleanupTmp } from './helpers.js';
import { buildHostileRun, HOSTILE_AID, HOSTILE_HOST_TAIL } from './hostile.js';

type V = { value: string };
const needlesOf = (values: string[], dataType = 'android_id'): Needle<V>[] => values.flatMap((value) => encodedForms(value, dataType).map((f) => ({ ...f, value: { value } })));
/** Hits as comparable text: value, encoding, where, offsets, excerpt, in the order found. */
const hitsOf = (s: PayloadSearch<V>, url: string | null, sample: string | null, enc: 'utf8' | 'base64' = 'utf8') =>
  s.find(url, sample, enc).map((h) => `${h.needle.value.value}|${h.needle.encoding}|${h.encoding}|${h.where}|${h.start}-${h.end}|${h.excerpt}`);

describe('the payload search of a hostile value', () => {
  it('builds no trie node for a needle longer than TRIE_MAX_NEEDLE, yet finds it', () => {
    const huge = `v-${'q'.repeat(1_000_000)}`;
    const search = new PayloadSearch(needlesOf([HOSTILE_AID, huge]));
    // The Android ID's forms (raw, Base64, hex, ...) are all that is in the tries: well under 1,000 nodes,
    // where the huge value's forms alone were over 4 million.
    expect(search.trieNodes).toBeLessThan(1_000);
    const url = `http://x.example/?a=${huge}&id=${HOSTILE_AID}`;
    const at = (v: string) => `${url.indexOf(v)}-${url.indexOf(v) + v.length}`;
    // Values shown by length, so a failure does not print a megabyte.
    const short = (v: string) => (v.length > 100 ? `<${v.length}>` : v);
    expect(search.find(url, null, 'utf8').map((h) => `${short(h.needle.value.value)}|${h.encoding}|${h.where}|${h.start}-${h.end}`)).toEqual([
      `<${huge.length}>|raw|url|${at(huge)}`,
      `${HOSTILE_AID}|raw|url|${at(HOSTILE_AID)}`,
    ]);
  });

  it('finds a long needle whose prefix and suffix repeat where the text almost matches it again and again', () => {
    // The shape that makes Boyer-Moore with shifts from a short suffix quadratic (reports/payload.ts LongNeedle).
    const k = 70_000;
    const needle = `${'a'.repeat(k)}b${'a'.repeat(k)}`;
    const text = `${'a'.repeat(3 * k)}${needle}${'a'.repeat(k)}`;
    const search = new PayloadSearch<V>([{ text: needle, encoding: 'raw', caseSensitive: true, value: { value: 'v' } }]);
    expect(search.trieNodes).toBe(2);
    expect(search.find(null, text, 'utf8').map((h) => `${h.start}-${h.end}`)).toEqual([`${3 * k}-${3 * k + needle.length}`]);
  });

  it('finds what the trie finds, in the same order, when every needle is searched outside it', () => {
    // Small values whose forms overlap (one a suffix or prefix of another, the same end, other cases),
    // searched with all needles in the trie and with none (bound 0), must give identical hits.
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'abAB01';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let round = 0; round < 40; round++) {
      const values = Array.from({ length: 6 }, () => word(6 + rnd(4)));
      const needles = needlesOf(values);
      const inTrie = new PayloadSearch(needles);
      const outside = new PayloadSearch(needles, [], 0);
      expect(outside.trieNodes).toBe(2); // the two roots
      const pick = () => values[rnd(values.length)]!;
      const text = `${word(20)}${pick()}${word(3)}${pick().toUpperCase()}${pick()}${Buffer.from(pick()).toString('base64')}${word(10)}${pick()}`;
      expect(hitsOf(outside, text, text)).toEqual(hitsOf(inTrie, text, text));
    }
  });
});

describe('a report of a run with megabyte fields', () => {
  const SIZE = 300_000; // past TRIE_MAX_NEEDLE, small enough for a test
  let store: Store;
  let runId = 0;
  beforeAll(() => {
    const built = buildHostileRun(SIZE);
    runId = built.runId;
    store = Store.open(built.path, { readonly: true });
  }, 60_000);
  afterAll(() => {
    store?.close();
    cleanupTmp();
  });

  it('reports the huge value sent in the huge URL, exactly, beside the ordinary flow', () => {
    expect(SIZE).toBeGreaterThan(TRIE_MAX_NEEDLE);
    const model = buildReport(store, runId, { generatedAt: '2026-01-01T00:00:00.000Z', networkScan: 'inline' });
    const flows = model.dataFlows.map((f) => `${f.host !== null && f.host.length > 100 ? `<${f.host.length}>${f.host.slice(-HOSTILE_HOST_TAIL.length)}` : f.host} | ${f.value.length > 100 ? `<${f.value.length}>${f.value.slice(0, 6)}` : f.value} | ${f.encoding} | ${f.where}`);
    expect(flows.sort()).toEqual([`<${SIZE}>${HOSTILE_HOST_TAIL} | <${SIZE}>value- | raw | url`, `ok.example | ${HOSTILE_AID} | raw | sample`]);
  }, 60_000);
});
