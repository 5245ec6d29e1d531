// The native fd pre-filter (agent/natives/fdfilter.ts) through the real agent bundle on the
// emulated device: an SDK library that writes its own log file many times and sends once over a
// native socket. With the CModule filter the log writes never enter JavaScript, and the network
// events are exactly those of the JavaScript-only baseline ('native.fd-filter' disabled).
// Ledger: gumjs.CModule.modelledSources, gumjs.Interceptor.attach.cCallbacks, gumjs.NativeCallback.calls.
import { describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import { traceScenario, type Trace } from '../emulator/trace.js';

const WRITES = 200;

function scenario() {
  return sdkThreadScenario(
    [
      { read: 'android_id', as: 'aid' },
      { nativeWrite: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.log', path: '/data/data/com.example.app/files/push.log', line: 'tick\n', times: WRITES } },
      { native: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.report', host: 'collect.pushcore.example', port: 9001, payload: 'aid={{$aid}}', via: 'write' } },
      { native: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.stat', host: 'udp.pushcore.example', port: 8125, payload: 'aid={{$aid}}', udp: true, via: 'sendmmsg' } },
    ],
    { patch: (s) => (s.app.sdks![0]!.nativeLibs = ['libpushcore.so']) },
  );
}

const netOf = (t: Trace) =>
  t.events
    .filter((e) => e.kind === 'net' && e.detail?.module === 'libpushcore.so')
    .map((e) => ({ hook: e.hook, op: e.detail!.op, host: e.detail!.host, port: e.detail!.port, sample: e.detail!.sample }));

describe('native fd pre-filter (CModule)', () => {
  it('unrelated descriptors never enter JavaScript; the network events equal the JavaScript-only baseline', async () => {
    const filtered = await traceScenario(scenario());
    const baseline = await traceScenario(scenario(), { agentConfig: { disabledHooks: ['native.fd-filter'] } });
    expect(filtered.errors).toEqual([]);
    expect(baseline.errors).toEqual([]);

    // Same evidence either way: the write to the TCP socket, the UDP sendmmsg, the connects.
    const events = netOf(filtered);
    expect(events).toEqual(netOf(baseline));
    expect(events.find((e) => e.hook === 'native.write')).toMatchObject({ op: 'send', host: 'collect.pushcore.example', port: 9001, sample: expect.stringContaining('aid=') });
    expect(events.filter((e) => e.hook === 'native.sendmmsg')).toHaveLength(1);
    expect(filtered.counts.get('native.write')).toEqual(baseline.counts.get('native.write'));

    // The C listener ran for every hot call (the log writes included) and called back into
    // JavaScript only for the sockets; the baseline entered JavaScript for every one of them.
    expect(filtered.nativeEntries.cListener).toBeGreaterThan(WRITES);
    expect(baseline.nativeEntries.cListener).toBe(0);
    expect(filtered.nativeEntries.nativeCallback).toBeLessThan(20);
    expect(baseline.nativeEntries.jsListener - filtered.nativeEntries.jsListener).toBeGreaterThanOrEqual(WRITES);
    // Per process, the new pseudo-hooks that mark sockets are installed.
    const hooks = filtered.hooks.get('com.example.app')!;
    expect(hooks.get('native.socket')?.state).toBe('installed');
    expect(hooks.get('native.accept4')?.state).toBe('installed');
    expect(hooks.get('native.write')?.state).toBe('installed');
  }, 60_000);
});
