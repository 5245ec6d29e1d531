// HTTP/2 traffic on the emulated device through the real agent bundle: an SDK's bundled OkHttp
// offers h2 in ALPN, the server picks it (device.h2Hosts), and SSL_write sees the preface and the
// HEADERS + DATA frames. The host decodes them (reports/h2) so the request shows and matches like
// HTTP/1: method, authority, path, headers, body. Ledger: android.okhttp.alpn-h2.
import { describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import { traceScenario } from '../emulator/trace.js';
import { traceAndReport } from './helpers.js';

function scenario(api = 33) {
  const builder = { new: 'okhttp3.Request$Builder()' };
  const withUrl = { call: 'okhttp3.Request$Builder.url(java.lang.String)', on: builder, args: ['https://h2.sdk.example/v3/batch?sdk=push'] };
  const body = { call: 'okhttp3.RequestBody.create(okhttp3.MediaType,java.lang.String)', args: [null, '$aid'] };
  const withBody = { call: 'okhttp3.Request$Builder.post(okhttp3.RequestBody)', on: withUrl, args: [body] };
  const req = { call: 'okhttp3.Request$Builder.build()', on: withBody };
  return sdkThreadScenario(
    [
      { read: 'android_id', as: 'aid' },
      { new: 'okhttp3.OkHttpClient()', as: 'client' },
      { call: 'okhttp3.OkHttpClient.newCall(okhttp3.Request)', on: '$client', args: [req], as: 'call' },
      { call: 'okhttp3.Call.execute()', on: '$call' },
    ],
    {
      patch: (s) => {
        s.device.apiLevel = api;
        s.device.h2Hosts = ['h2.sdk.example'];
        s.app.libraries = ['okhttp3'];
      },
    },
  );
}

describe('HTTP/2 on the emulated device', () => {
  it('SSL_write carries the preface, then HEADERS + DATA frames (binary samples)', async () => {
    const t = await traceScenario(scenario());
    expect(t.errors).toEqual([]);
    // (The SNI host of these writes depends on issue 13's readUtf8String fix; the report test
    // below gets the destination from SNI or from the record, whichever is there.)
    const writes = t.events.filter((e) => e.hook === 'native.SSL_write' && e.process === 'com.example.app');
    expect(writes).toHaveLength(2);
    expect(Buffer.from(writes[0]!.detail!.sample, writes[0]!.detail!.sampleEncoding === 'base64' ? 'base64' : 'latin1').toString('latin1')).toContain('PRI * HTTP/2.0');
    expect(writes[1]!.detail!.sampleEncoding).toBe('base64');
  });

  it('the report decodes the request: URL, proto h2, and the android_id in its DATA frame', async () => {
    const { model } = await traceAndReport(scenario(), 'h2');
    const d = model.network.find((x) => x.host === 'h2.sdk.example');
    expect(d?.protos).toContain('h2');
    const flows = model.dataFlows.filter((f) => f.host === 'h2.sdk.example' && f.proto === 'h2');
    expect(flows.length).toBeGreaterThan(0);
    expect(flows[0]).toMatchObject({ dataType: 'android_id', url: 'https://h2.sdk.example/v3/batch?sdk=push', tls: true, port: 443 });
    expect(flows[0]!.excerpt).toContain('9774d56d682e549c');
  }, 60_000);

  it('engine sockets (API 30) too: the h2 writes have the SNI host and the record address', async () => {
    const { model } = await traceAndReport(scenario(30), 'h2-engine');
    const flows = model.dataFlows.filter((f) => f.host === 'h2.sdk.example' && f.proto === 'h2');
    expect(flows.length).toBeGreaterThan(0);
    expect(flows[0]!.ip).not.toBeNull();
  }, 60_000);
});
