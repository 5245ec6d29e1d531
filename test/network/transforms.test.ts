// Personal information through gzip, AES and Base64 into a send, on the emulated device with the
// real agent bundle: the agent reports each step (kind 'transform': input and output samples,
// algorithm, key length), and the host follows the value from its read to the host it went to
// (reports/transforms.ts). Ledger: android.crypto.cipher-aes, android.zip.gzip-stream, android.util.base64.
import type { Scenario } from '../../emulator/index.js';
import { describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import { traceScenario } from '../emulator/trace.js';
import { traceAndReport } from './helpers.js';

const KEY = Array.from({ length: 16 }, (_, i) => i + 1);
const IV = Array.from({ length: 16 }, (_, i) => 0x20 + i);

/** The steps a reporting SDK takes: JSON of IMEI + apps -> gzip -> AES/CBC -> Base64 -> POST. */
export function encryptedUpload(url: string): any[] {
  return [
    { read: 'imei', as: 'imei' },
    { read: 'installed_packages', as: 'apps' },
    { call: 'java.lang.String.concat(java.lang.String)', on: '{"imei":"', args: ['$imei'], as: 'j1' },
    { call: 'java.lang.String.concat(java.lang.String)', on: '$j1', args: ['","apps":["com.tencent.mm"]}'], as: 'json' },
    { new: 'java.io.ByteArrayOutputStream()', as: 'baos' },
    { new: 'java.util.zip.GZIPOutputStream(java.io.OutputStream)', args: ['$baos'], as: 'gz' },
    { call: 'java.io.OutputStream.write(byte[])', on: '$gz', args: [{ call: 'java.lang.String.getBytes(java.lang.String)', on: '$json', args: ['UTF-8'] }] },
    { call: 'java.util.zip.GZIPOutputStream.close()', on: '$gz' },
    { call: 'javax.crypto.Cipher.getInstance(java.lang.String)', args: ['AES/CBC/PKCS5Padding'], as: 'cipher' },
    {
      call: 'javax.crypto.Cipher.init(int,java.security.Key,java.security.spec.AlgorithmParameterSpec)',
      on: '$cipher',
      args: [1, { new: 'javax.crypto.spec.SecretKeySpec(byte[],java.lang.String)', args: [{ array: 'byte', items: KEY }, 'AES'] }, { new: 'javax.crypto.spec.IvParameterSpec(byte[])', args: [{ array: 'byte', items: IV }] }],
    },
    { call: 'javax.crypto.Cipher.doFinal(byte[])', on: '$cipher', args: [{ call: 'java.io.ByteArrayOutputStream.toByteArray()', on: '$baos' }], as: 'enc' },
    { call: 'android.util.Base64.encodeToString(byte[],int)', args: ['$enc', 2], as: 'b64' },
    { http: { url, method: 'POST', body: 'd={{$b64}}' } },
  ];
}

/** Android 9 (API 28, target 28) for the device and the app. */
const android9 = (s: Scenario) => {
  s.device.apiLevel = 28;
  s.app.targetSdk = 28;
};

function scenario(): Scenario {
  // Android 9: an app holding READ_PHONE_STATE still reads the IMEI (from 10 it is privileged).
  return sdkThreadScenario(encryptedUpload('https://log.pushsdk.example/v1/up'), { patch: android9 });
}

describe('transforms on the emulated device', () => {
  it('reports gzip input, the AES init (key length) and doFinal (in/out), and the Base64 output', async () => {
    const t = await traceScenario(scenario());
    expect(t.errors).toEqual([]);
    const tr = t.events.filter((e) => e.kind === 'transform');
    const gz = tr.find((e) => e.hook === 'gzip.write');
    expect(gz?.detail).toMatchObject({ op: 'gzip', inEncoding: 'utf8' });
    expect(gz!.detail!.in).toContain('861234567890123');
    const init = tr.find((e) => e.hook === 'cipher.init');
    expect(init?.detail).toMatchObject({ op: 'cipher-init', algorithm: 'AES/CBC/PKCS5Padding', mode: 'encrypt', keyBits: 128 });
    const fin = tr.find((e) => e.hook === 'cipher.doFinal');
    expect(fin?.detail).toMatchObject({ op: 'cipher', algorithm: 'AES/CBC/PKCS5Padding', inEncoding: 'base64', outEncoding: 'base64', obj: init!.detail!.obj });
    expect(Buffer.from(fin!.detail!.in, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const b64 = tr.find((e) => e.hook === 'base64.encodeToString');
    expect(b64!.detail!.out).toBe(Buffer.from(fin!.detail!.out, 'base64').toString('base64').slice(0, b64!.detail!.out.length));
  });

  it('the report traces read -> gzip -> AES/CBC -> base64 -> send to host, and marks the send app-layer encrypted', async () => {
    const { model } = await traceAndReport(scenario(), 'transforms');
    const chains = model.encryptedFlows;
    const imei = chains.find((c) => c.dataType === 'imei');
    expect(imei).toBeDefined();
    expect(imei!.steps.map((s) => s.label)).toEqual(['gzip', 'AES/CBC/PKCS5Padding (128-bit key)', 'base64']);
    expect(imei).toMatchObject({ host: 'log.pushsdk.example', tls: true, appEncrypted: true });
    expect(imei!.steps.every((s) => typeof s.eventId === 'number')).toBe(true);
    expect(typeof imei!.readEventId).toBe('number');
    expect(typeof imei!.sendEventId).toBe('number');
    const apps = chains.find((c) => c.dataType !== 'imei');
    expect(apps).toBeDefined();
  }, 60_000);
});

// MessageDigest, Mac and Deflater, as SDKs use them before sending: the hash of an identifier is
// still the identifier's flow (marked hashed with the algorithm), an HMAC likewise, and a Deflater
// or DeflaterOutputStream step is followed like gzip. Ledger: android.security.messagedigest,
// android.crypto.mac, android.zip.deflater.
const bytes = (v: string) => ({ call: 'java.lang.String.getBytes(java.lang.String)', on: v, args: ['UTF-8'] });

function hashedScenario(): Scenario {
  return sdkThreadScenario(
    [
      { read: 'imei', as: 'imei' },
      { read: 'android_id', as: 'aid' },
      // MD5 of the IMEI, Base64, in a query parameter.
      { call: 'java.security.MessageDigest.getInstance(java.lang.String)', args: ['MD5'], as: 'md' },
      { call: 'java.security.MessageDigest.digest(byte[])', on: '$md', args: [bytes('$imei')], as: 'h' },
      { call: 'android.util.Base64.encodeToString(byte[],int)', args: ['$h', 2], as: 'h64' },
      // HMAC-SHA256 of android_id under an SDK key: init, update, doFinal.
      { call: 'javax.crypto.Mac.getInstance(java.lang.String)', args: ['HmacSHA256'], as: 'mac' },
      { call: 'javax.crypto.Mac.init(java.security.Key)', on: '$mac', args: [{ new: 'javax.crypto.spec.SecretKeySpec(byte[],java.lang.String)', args: [{ array: 'byte', items: KEY }, 'HmacSHA256'] }] },
      { call: 'javax.crypto.Mac.update(byte[])', on: '$mac', args: [bytes('$aid')] },
      { call: 'javax.crypto.Mac.doFinal()', on: '$mac', as: 'sig' },
      { call: 'android.util.Base64.encodeToString(byte[],int)', args: ['$sig', 2], as: 'sig64' },
      // A Deflater used directly on a JSON holding the IMEI.
      { call: 'java.lang.String.concat(java.lang.String)', on: '{"device":"', args: ['$imei'], as: 'j1' },
      { call: 'java.lang.String.concat(java.lang.String)', on: '$j1', args: ['","os":"android","sdk":"9.2.1","channel":"store"}'], as: 'json' },
      { new: 'java.util.zip.Deflater()', as: 'def' },
      { call: 'java.util.zip.Deflater.setInput(byte[])', on: '$def', args: [bytes('$json')] },
      { call: 'java.util.zip.Deflater.finish()', on: '$def' },
      // The output buffer the SDK deflates into (512 bytes).
      { call: 'java.lang.String.getBytes(java.lang.String)', on: '.'.repeat(512), args: ['UTF-8'], as: 'buf' },
      { call: 'java.util.zip.Deflater.deflate(byte[])', on: '$def', args: ['$buf'], as: 'n' },
      { call: 'android.util.Base64.encodeToString(byte[],int,int,int)', args: ['$buf', 0, '$n', 2], as: 'z64' },
      { http: { url: 'https://stat.hashsdk.example/v2/report', method: 'POST', body: 'u={{$h64}}&s={{$sig64}}&z={{$z64}}' } },
    ],
    { patch: android9 },
  );
}

describe('hashes, HMACs and Deflater (issue 14 B)', () => {
  it('the agent reports digest, MAC and Deflater calls once each, with their bytes (nested forwarding folded)', async () => {
    const t = await traceScenario(hashedScenario());
    expect(t.errors).toEqual([]);
    const tr = t.events.filter((e) => e.kind === 'transform');
    // digest(byte[]) forwards to update(byte[]) and digest(): one event, input and output.
    const md = tr.filter((e) => e.hook?.startsWith('digest.'));
    expect(md).toHaveLength(1);
    expect(md[0]!.detail).toMatchObject({ op: 'digest', algorithm: 'MD5', in: '861234567890123', outBytes: 16 });
    const macInit = tr.find((e) => e.hook === 'mac.init');
    expect(macInit?.detail).toMatchObject({ op: 'mac-init', algorithm: 'HmacSHA256', keyBits: 128 });
    const mac = tr.filter((e) => e.hook === 'mac.update' || e.hook === 'mac.doFinal');
    expect(mac.map((e) => [e.hook, e.detail!.inBytes ?? null, e.detail!.outBytes ?? null])).toEqual([['mac.update', 16, null], ['mac.doFinal', null, 32]]);
    expect(mac.every((e) => e.detail!.obj === macInit!.detail!.obj)).toBe(true);
    const def = tr.filter((e) => e.hook?.startsWith('deflater.'));
    expect(def.map((e) => e.hook)).toEqual(['deflater.setInput', 'deflater.deflate']);
    expect(def[1]!.detail).toMatchObject({ op: 'deflate', outEncoding: 'base64' });
    expect(Buffer.from(def[1]!.detail!.out, 'base64')[0]).toBe(0x78);
  });

  it('the report follows the IMEI through MD5 and through the Deflater, android_id through HMAC-SHA256, each marked hashed or not', async () => {
    const { model } = await traceAndReport(hashedScenario(), 'hashed');
    const flows = model.encryptedFlows.filter((f) => f.host === 'stat.hashsdk.example');
    const labels = flows.map((f) => [f.dataType, f.steps.map((s) => s.label).join(' > '), f.hashed]);
    expect(labels).toContainEqual(['imei', 'MD5 hash > base64', 'MD5']);
    expect(labels).toContainEqual(['android_id', 'HmacSHA256 (128-bit key) > base64', 'HmacSHA256']);
    expect(labels).toContainEqual(['imei', 'deflate > base64', null]);
    expect(flows.every((f) => f.appEncrypted === false && f.tls === true)).toBe(true);
  }, 60_000);

  it('a DeflaterOutputStream (zlib) step is followed like gzip: its output is inflated where it shows up', async () => {
    const { model } = await traceAndReport(
      sdkThreadScenario(
        [
          { read: 'android_id', as: 'aid' },
          { call: 'java.lang.String.concat(java.lang.String)', on: '{"aid":"', args: ['$aid'], as: 'j1' },
          { call: 'java.lang.String.concat(java.lang.String)', on: '$j1', args: ['","v":3,"lang":"zh-CN","net":"wifi"}'], as: 'json' },
          { new: 'java.io.ByteArrayOutputStream()', as: 'baos' },
          { new: 'java.util.zip.DeflaterOutputStream(java.io.OutputStream)', args: ['$baos'], as: 'zs' },
          { call: 'java.io.OutputStream.write(byte[])', on: '$zs', args: [bytes('$json')] },
          { call: 'java.util.zip.DeflaterOutputStream.close()', on: '$zs' },
          { call: 'android.util.Base64.encodeToString(byte[],int)', args: [{ call: 'java.io.ByteArrayOutputStream.toByteArray()', on: '$baos' }, 2], as: 'b64' },
          { http: { url: 'https://cfg.zsdk.example/up', method: 'POST', body: 'p={{$b64}}' } },
        ],
        { patch: android9 },
      ),
      'zlib',
    );
    const f = model.encryptedFlows.find((x) => x.host === 'cfg.zsdk.example' && x.dataType === 'android_id');
    expect(f?.steps.map((s) => s.label)).toEqual(['deflate', 'base64']);
    expect(f?.hashed).toBeNull();
  }, 60_000);
});
