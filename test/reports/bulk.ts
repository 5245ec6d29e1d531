// Bulk synthetic runs for speed tests: rows appended straight through Store.appendEvents (the
// hash chain is real), shaped like what ingest stores, without paying for validation per event.
import { Store, type AppendItem } from '../../store/db.js';
import { APP, T0 } from './helpers.js';

const SDKS = ['umeng-common', 'jpush', 'getui-push', 'pangle', 'baidu-location', 'tencent-bugly', 'talkingdata', 'hms-aaid', 'msa-oaid', 'amap-location'];
const TYPES = ['android_id', 'imei', 'oaid', 'installed_apps', 'location', 'wifi_info', 'mac_address', 'imsi', 'ip_address', 'sensor'];

export function bulkRun(path: string, events: number): { store: Store; runId: number; seconds: number } {
  const started = Date.now();
  const store = Store.open(path, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: T0, package: APP, tool_version: '0.1.0', device_id: 'bulk', options: {} });
  const proc = store.addProcess({ run_id: runId, pid: 4242, name: APP, package: APP, target: true, started_at: T0, spawned_by: 'sdktrace' });
  const frames = SDKS.map((s, i) => JSON.stringify([['android.telephony.TelephonyManager', 'getDeviceId', null, 1], [`com.sdk${i}.inner.C`, 'm', null, 2], [`${APP}.App`, 'onCreate', null, 3]]));
  SDKS.forEach((_, i) => store.addStack(runId, `s${i}`, frames[i]!));
  const attr = SDKS.map((id) => JSON.stringify({ sdk: { id, name: id, category: 'analytics' }, party: 'third-party', frame: 'x.Y.z', frameIndex: 1, apiIndex: 0, via: 'stack', chain: [], reason: 'bulk' }));
  const BATCH = 5000;
  let seq = 0;
  for (let start = 0; start < events; start += BATCH) {
    const items: AppendItem[] = [];
    for (let k = start; k < Math.min(events, start + BATCH); k++) {
      const s = k % SDKS.length;
      const t = T0 + k * 5;
      const base = {
        run_id: runId, source: 'agent', process_id: proc.id, pid: 4242, seq: seq++, t, tid: 1, thread: 'main', hook: null, args: null, ret: null, thrown: null, origins: null,
        phase: 'post-consent', consent: 'granted', foreground: 1, sdk: SDKS[s]!, party: 'third-party', via: 'stack', frame: 'x.Y.z', chain: null, attribution: attr[s]!, stack: `s${s}`,
      };
      const r = k % 10;
      if (k === 10) {
        items.push({ row: { ...base, kind: 'lifecycle', api: 'android.view.View.performClick()', data_type: null, detail: JSON.stringify({ type: 'click', text: '同意' }), sdk: null, party: null, attribution: null, stack: null } });
      } else if (r < 6) {
        items.push({ row: { ...base, kind: 'pi', api: 'android.telephony.TelephonyManager.getDeviceId()', data_type: TYPES[k % TYPES.length]!, detail: JSON.stringify({ values: [`v${k % 997}-86421305123`] }) } });
      } else if (r < 8) {
        const host = `api${s}.sdk${s}.example.com`;
        items.push({
          row: { ...base, kind: 'net', api: 'java.net.SocketOutputStream.write([B,int,int)', data_type: null, detail: JSON.stringify({ layer: 'java', proto: 'http', tls: k % 3 === 0, op: 'send', host, port: 80, bytes: 200, sample: `POST /c HTTP/1.1\r\nHost: ${host}\r\n\r\nid=v${k % 997}-86421305123&n=${k}`, sampleEncoding: 'utf8' }) },
          net: { layer: 'java', proto: 'http', tls: k % 3 === 0 ? 1 : 0, host, ip: null, port: 80, url: null, bytes: 200, domain_sdk: null },
        });
      } else if (r === 8) {
        items.push({ row: { ...base, kind: 'lifecycle', api: 'android.app.Instrumentation.callActivityOnResume', data_type: null, detail: JSON.stringify({ type: k % 20 === 8 ? 'resume' : 'pause', component: `${APP}.Main` }), sdk: null, party: null, attribution: null, stack: null } });
      } else {
        items.push({
          row: { ...base, kind: 'launch', api: 'android.app.ContextImpl.startService', data_type: null, detail: JSON.stringify({ via: 'service', component: `com.other${s}/x.S`, package: `com.other${s}` }) },
          launch: { via: 'service', action: null, component: `com.other${s}/x.S`, target_package: `com.other${s}`, other_app: 1 },
        });
      }
    }
    store.transaction(() => store.appendEvents(runId, items));
  }
  store.endRun(runId, 'bulk', T0 + events * 5);
  return { store, runId, seconds: (Date.now() - started) / 1000 };
}
