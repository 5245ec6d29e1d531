// Personal information through gzip, AES and Base64 into a send, on the emulated device with the
// real agent bundle: the agent reports each step (kind 'transform': input and output samples,
// algorithm, key length), and the host follows the value from its read to the host it went to
// (reports/transforms.ts). Ledger: android.crypto.cipher-aes, android.zip.gzip-stream, android.util.base64.
import type { Scenario } from '../../emulator/index.js';
import { describe, expect, it } from 'vitest';
import { miniScenario } from '../emulator/helpers.js';
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

function scenario(): Scenario {
  return miniScenario((s) => {
    // Android 9: an app holding READ_PHONE_STATE still reads the IMEI (from 10 it is privileged).
    s.device.apiLevel = 28;
    s.app.targetSdk = 28;
    s.app.application!.onCreate = [{ in: ['com.sdk.push.PushManager.init'], do: [{ thread: 'sdk-net', task: 'com.sdk.push.a.c', do: encryptedUpload('https://log.pushsdk.example/v1/up') }] }] as any;
  });
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
