// Conscrypt engine sockets (API 30+) through the real agent bundle on the emulated device: the
// SSL_write has no fd, so its host comes from SNI and its address from the record that the plain
// socket carries afterwards; that record is linked to it (op 'tls-record'), never a second send.
// Ledger: android.conscrypt.engine-socket-default, android.conscrypt.engine-ssl-no-fd.
import { describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import { traceScenario } from '../emulator/trace.js';
import { traceAndReport } from './helpers.js';

function scenario(api: number) {
  return sdkThreadScenario([{ read: 'android_id', as: 'aid' }, { http: { url: 'https://api.push.example/v1/reg', method: 'POST', body: 'aid={{$aid}}' } }], {
    patch: (s) => {
      s.device.apiLevel = api;
      s.app.targetSdk = Math.min(api, 33);
    },
  });
}

describe('Conscrypt engine sockets', () => {
  it('API 30: SSL_write with SNI host, its record linked by seq and carrying the address; one send', async () => {
    const t = await traceScenario(scenario(30));
    expect(t.errors).toEqual([]);
    const net = t.events.filter((e) => e.kind === 'net' && e.process === 'com.example.app');
    const ssl = net.filter((e) => e.hook === 'native.SSL_write');
    expect(ssl).toHaveLength(1);
    // Its SNI host needs issue 13's readUtf8String fix (agent/natives/gum.ts); checked in the report test.
    expect(ssl[0]!.detail).toMatchObject({ tls: true, noFd: true });
    expect(ssl[0]!.detail!.sample).toContain('aid=');
    const rec = net.filter((e) => e.detail?.op === 'tls-record');
    expect(rec).toHaveLength(1);
    expect(rec[0]!.hook).toBe('socket.write');
    expect(rec[0]!.detail).toMatchObject({ recordOf: [(ssl[0] as any).seq], port: 443, tls: true });
    expect(rec[0]!.detail!.sample).toBeUndefined();
    // Sends: the SSL_write only (plus the Java-layer request event of the HTTP client).
    const sends = net.filter((e) => (e.detail?.op ?? 'send') === 'send' && e.detail?.tls === true);
    expect(sends.map((e) => e.hook)).toEqual(['native.SSL_write']);
  });

  it('API 29: the file-descriptor socket, SSL_get_fd answers the fd, no record event at all', async () => {
    const t = await traceScenario(scenario(29));
    const net = t.events.filter((e) => e.kind === 'net' && e.process === 'com.example.app');
    const ssl = net.filter((e) => e.hook === 'native.SSL_write');
    expect(ssl).toHaveLength(1);
    expect(ssl[0]!.detail!.noFd).toBeUndefined();
    expect(typeof ssl[0]!.detail!.fd).toBe('number');
    expect(ssl[0]!.detail!.ip).toBeDefined();
    expect(net.filter((e) => e.detail?.op === 'tls-record')).toEqual([]);
  });
});

describe('engine sockets in the report', () => {
  it('the SSL_write is one send to its SNI host with the address of the socket that carried its record', async () => {
    const { model } = await traceAndReport(scenario(30), 'engine');
    const d = model.network.filter((x) => x.host === 'api.push.example');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ port: 443, hostFrom: 'event', tls: true });
    expect(d[0]!.ip).not.toBeNull();
    // The Java request event and the SSL_write: the record adds no send.
    const tlsSends = model.network.filter((x) => x.host === 'api.push.example').reduce((n, x) => n + x.sends, 0);
    const flows = model.dataFlows.filter((f) => f.host === 'api.push.example' && f.tls);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => f.port === 443 && f.destinationFrom === 'event')).toBe(true);
    // The native SSL_write's own flow got its address from the record, not from a guess.
    const native = flows.filter((f) => f.layer === 'native');
    expect(native.length).toBeGreaterThan(0);
    expect(native.every((f) => f.ip !== null && f.port === 443)).toBe(true);
    expect(tlsSends).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
