// A report reads whatever database it is given: ingest keeps a payload sample to 64 KB, but a file
// from an older tool, an import or a hand-edited one may hold a sample of megabytes. Its network
// scan (in-thread and on the scan thread) must search it and report what is in it, not crash:
// an 8 MB Base64 run and an 8 MB hex run each once threw "Maximum call stack size exceeded" from
// V8's regular-expression backtrack stack (reports/payload.ts forEachRun says why).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type AppendItem } from '../../store/db.js';
import { buildReport, type BuildOptions } from '../../reports/model.js';
import type { NetworkScanNote } from '../../reports/scan-thread.js';
import { cleanupTmp, Run, STACKS } from './helpers.js';

const AID = '5c1e8a2f93b07d44';
const EIGHT_MB = 8 * 1024 * 1024;
const BLOB_HOST = 'blob.huge.example';
const HEX_HOST = 'hex.huge.example';

/** An HTTP request whose body is one Base64 run of 8 MB: a JSON body holding the Android ID. */
function blobSample(): string {
  const json = `{"android_id":"${AID}","pad":"${'y'.repeat((EIGHT_MB * 3) / 4)}"}`;
  return `POST /b HTTP/1.1\r\nHost: ${BLOB_HOST}\r\n\r\nd=${Buffer.from(json).toString('base64')}&n=1`;
}

/** An HTTP request whose body is one hex run of 8 MB starting with the MD5 of the Android ID, the ID raw after it. */
function hexSample(): string {
  const md5 = createHash('md5').update(AID).digest('hex');
  return `POST /h HTTP/1.1\r\nHost: ${HEX_HOST}\r\n\r\nh=${md5}${'0123456789abcdef'.repeat(EIGHT_MB / 16)}&aid=${AID}`;
}

let store: Store;
let runId = 0;

beforeAll(() => {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  r.pi(main, 'android_id', STACKS.umengAndroidId, { values: [AID], ret: AID });
  // One ordinary send through ingest, so the report has a flow it always had.
  r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: 'ok.example', port: 80, bytes: 40, sample: `POST /o HTTP/1.1\r\n\r\naid=${AID}`, sampleEncoding: 'utf8' }, STACKS.umengNet);
  // The two huge sends as a tool that did not cap samples stored them: appended with their
  // projections, on the hash chain, after what ingest stored.
  const huge = (seq: number, host: string, sample: string): AppendItem => ({
    row: {
      run_id: r.runId, source: 'agent', process_id: main.id, pid: main.pid, seq, t: r.advance(10).t, tid: main.pid, thread: 'main', kind: 'net',
      api: 'java.net.SocketOutputStream.write([B,int,int)', hook: null, data_type: null, args: null, ret: null, thrown: null, origins: null, stack: null,
      detail: JSON.stringify({ layer: 'java', proto: 'http', tls: false, op: 'send', host, port: 80, bytes: sample.length, sample, sampleEncoding: 'utf8' }),
      phase: null, consent: null, foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null,
    },
    net: { layer: 'java', proto: 'http', tls: 0, host, ip: null, port: 80, url: null, bytes: sample.length, domain_sdk: null },
  });
  r.store.transaction(() => r.store.appendEvents(r.runId, [huge(main.nextSeq, BLOB_HOST, blobSample()), huge(main.nextSeq + 1, HEX_HOST, hexSample())]));
  r.end();
  runId = r.runId;
  const path = r.store.path;
  r.store.close();
  store = Store.open(path, { readonly: true });
}, 60_000);

afterAll(() => {
  store?.close();
  cleanupTmp();
});

function report(mode: BuildOptions['networkScan']) {
  const notes: NetworkScanNote[] = [];
  const model = buildReport(store, runId, { generatedAt: '2026-01-01T00:00:00.000Z', networkScan: mode, onNetworkScan: (n) => notes.push(n) });
  return { model, notes };
}

/** host | encoding | where of every data flow of the Android ID. */
const flowsOf = (model: ReturnType<typeof report>['model']) =>
  model.dataFlows
    .filter((f) => f.value === AID)
    .map((f) => `${f.host} | ${f.encoding} | ${f.where}`)
    .sort();

describe('a stored payload of 8 MB', () => {
  it('is searched by the in-thread scan: the ID in the Base64 blob, its MD5 in the hex run, the raw ID after it', () => {
    const { model, notes } = report('inline');
    expect(notes).toEqual([{ thread: false, fellBack: false, reason: 'in-thread scan asked for' }]);
    expect(flowsOf(model)).toEqual(
      [
        `${BLOB_HOST} | base64 | sample`,
        `${BLOB_HOST} | raw | sample (base64 blob)`,
        `${HEX_HOST} | md5 | sample`,
        `${HEX_HOST} | raw | sample`,
        'ok.example | raw | sample',
      ].sort(),
    );
  }, 120_000);

  it('gives the same report when the scan runs on the thread', () => {
    const inThread = report('inline');
    const onThread = report('thread');
    expect(onThread.notes).toEqual([{ thread: true, fellBack: false, reason: 'scanned on a thread beside the pass' }]);
    expect(JSON.stringify(onThread.model)).toBe(JSON.stringify(inThread.model));
  }, 240_000);
});
