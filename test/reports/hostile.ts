// A small run whose text fields are as large as a hostile app can make them when the file did
// not come through ingest (ingest caps strings at LIMITS.string; an older tool, an import or a
// hand-edited file need not): shared by test/reports/hostile-fields.test.ts and the profile
// script that measured the report's time on it (docs/benchmarks.md "Hostile field sizes").
import type { AppendItem, EventRow } from '../../store/db.js';
import { Run, STACKS } from './helpers.js';

export const HOSTILE_AID = '5c1e8a2f93b07d44';
export const HOSTILE_HOST_TAIL = '.hostile.example';

/** Builds the run in a new store at a temp path; every hostile text is `size` characters long. */
export function buildHostileRun(size: number): { path: string; runId: number } {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  r.pi(main, 'android_id', STACKS.umengAndroidId, { values: [HOSTILE_AID], ret: HOSTILE_AID });
  r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: 'ok.example', port: 80, bytes: 40, sample: `POST /o HTTP/1.1\r\n\r\naid=${HOSTILE_AID}`, sampleEncoding: 'utf8' }, STACKS.umengNet);
  // Distinct fillers, so no two fields share a string (a cache would hide repeated work).
  const big = (tag: string) => `${tag}-${'x'.repeat(size - tag.length - 1)}`;
  const hugeHost = `${'h'.repeat(size - HOSTILE_HOST_TAIL.length)}${HOSTILE_HOST_TAIL}`;
  let seq = main.nextSeq;
  const row = (kind: string, api: string, extra: Partial<EventRow>): EventRow => ({
    run_id: r.runId, source: 'agent', process_id: main.id, pid: main.pid, seq: seq++, t: r.advance(10).t, tid: main.pid, thread: 'main', kind, api,
    hook: null, data_type: null, args: null, ret: null, thrown: null, origins: null, stack: null, detail: null,
    phase: null, consent: null, foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null,
    ...extra,
  });
  const value = big('value');
  // The huge PI value is sent in the URL: a needle far past the trie's bound that must still be found.
  const url = `http://${hugeHost}/p?v=${value}&q=${big('url')}`;
  const items: AppendItem[] = [
    {
      row: row('net', 'java.net.URL.openConnection()', {
        thread: big('thread'),
        detail: JSON.stringify({ layer: 'java', proto: 'http', tls: false, op: 'request', host: hugeHost, port: 80, url, method: 'GET' }),
      }),
      net: { layer: 'java', proto: 'http', tls: 0, host: hugeHost, ip: null, port: 80, url, bytes: null, domain_sdk: null },
    },
    { row: row('pi', 'android.provider.Settings$Secure.getString()', { data_type: 'android_id', detail: JSON.stringify({ key: 'android_id', values: [value, HOSTILE_AID] }), args: JSON.stringify([big('arg0'), { $: 'obj', cls: big('cls'), str: big('str') }]), ret: JSON.stringify(big('ret')) }) },
    { row: row('pi', 'android.telephony.TelephonyManager.getImei()', { data_type: 'imei', thrown: `java.lang.SecurityException: ${big('thrown')}` }) },
    {
      row: row('launch', 'android.app.ContextImpl.startActivity()', { detail: JSON.stringify({ via: 'activity', action: big('action'), component: `com.other/${big('component')}`, package: 'com.other', data: big('data') }) }),
      launch: { via: 'activity', action: big('action'), component: `com.other/${big('component')}`, target_package: 'com.other', other_app: 1 },
    },
    { row: row('lifecycle', 'android.view.View.performClick()', { detail: JSON.stringify({ type: 'click', component: 'android.widget.Button', text: big('click'), viewId: big('viewId') }) }) },
  ];
  r.store.transaction(() => r.store.appendEvents(r.runId, items));
  r.end();
  const path = r.store.path;
  r.store.close();
  return { path, runId: r.runId };
}
