// Native DNS and UDP through the real agent bundle on the emulated device: an SDK's own .so
// resolves with libc getaddrinfo and connects to the answer; the connect and the sends carry the
// name it asked for (hostFrom 'getaddrinfo'), also on a connected UDP socket sending with sendmmsg.
// Ledger: android.bionic.addrinfo-layout, android.bionic.mmsghdr-layout.
import { describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import { traceScenario } from '../emulator/trace.js';
import { traceAndReport } from './helpers.js';

function scenario(native: { host: string; port: number; udp?: boolean; via?: 'sendmmsg' }) {
  return sdkThreadScenario([{ read: 'android_id', as: 'aid' }, { native: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.report', payload: 'aid={{$aid}}', ...native } }], {
    patch: (s) => {
      s.app.sdks![0]!.nativeLibs = ['libpushcore.so'];
    },
  });
}

describe('native DNS answers name native connections', () => {
  it('TCP: the connect and the send carry the looked-up name', async () => {
    const t = await traceScenario(scenario({ host: 'collect.pushcore.example', port: 9001 }));
    expect(t.errors).toEqual([]);
    const net = t.events.filter((e) => e.kind === 'net' && e.detail?.module === 'libpushcore.so');
    const connect = net.find((e) => e.hook === 'native.connect');
    expect(connect?.detail).toMatchObject({ host: 'collect.pushcore.example', hostFrom: 'getaddrinfo', port: 9001 });
    const send = net.find((e) => e.hook === 'native.sendto');
    expect(send?.detail).toMatchObject({ host: 'collect.pushcore.example', hostFrom: 'getaddrinfo', op: 'send' });
    expect(send!.detail!.sample).toContain('aid=');
    // The lookup itself is no event: Java lookups are reported by their own hooks.
    expect(t.events.filter((e) => e.hook === 'native.getaddrinfo')).toEqual([]);
  });

  it('UDP sendmmsg: one event per call with the name, the destination and the sample', async () => {
    const t = await traceScenario(scenario({ host: 'udp.pushcore.example', port: 8125, udp: true, via: 'sendmmsg' }));
    expect(t.errors).toEqual([]);
    const sends = t.events.filter((e) => e.hook === 'native.sendmmsg');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.detail).toMatchObject({ proto: 'udp', host: 'udp.pushcore.example', port: 8125, bytes: expect.any(Number) });
    expect(sends[0]!.detail!.sample).toContain('aid=');
  });

  it('a numeric host is not looked up, and the connect has no name', async () => {
    const t = await traceScenario(scenario({ host: '198.51.100.7', port: 9001 }));
    const connect = t.events.find((e) => e.hook === 'native.connect' && e.detail?.module === 'libpushcore.so');
    expect(connect?.detail).toMatchObject({ ip: '198.51.100.7' });
    expect(connect!.detail!.host).toBeUndefined();
  });
});

describe('native DNS in the report', () => {
  it('the native destination is named, and says the name came from DNS', async () => {
    const { model } = await traceAndReport(scenario({ host: 'collect.pushcore.example', port: 9001 }), 'dns');
    const d = model.network.find((x) => x.port === 9001);
    expect(d).toMatchObject({ host: 'collect.pushcore.example', hostFrom: 'dns' });
    expect(d!.ip).not.toBeNull();
  }, 60_000);
});
