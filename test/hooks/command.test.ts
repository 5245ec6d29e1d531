// `sdktrace hooks [--json]` through the real CLI program.
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../host/cli.js';
import { hookRecords, hooksTable, type JavaHookRecord } from '../../host/commands/hooks.js';

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'sdktrace', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('sdktrace hooks', () => {
  it('prints one JSON record per hooked method, natives included', async () => {
    const records = JSON.parse(await run(['hooks', '--json'])) as any[];
    expect(records).toEqual(hookRecords());
    const getDeviceId = records.find((r) => r.id === 'telephony.getDeviceId');
    expect(getDeviceId).toMatchObject({
      class: 'android.telephony.TelephonyManager',
      method: 'getDeviceId',
      params: [[], ['int']],
      signatures: [{ params: [], source: 'sdk' }, { params: ['int'], minApi: 23, source: 'sdk' }],
      category: 'identifiers',
      kind: 'pi',
      dataType: 'imei',
      hidden: false,
      loader: 'system',
    });
    const bind = records.find((r) => r.id === 'service.bindServiceCommon');
    expect(bind).toMatchObject({ hidden: true, aosp: 'frameworks/base/core/java/android/app/ContextImpl.java', category: 'launches' });
    expect(bind.params.at(-1)).toContain('long');
    expect(records.find((r) => r.id === 'okhttp3.newCall')).toMatchObject({ loader: 'app', params: [['okhttp3.Request']] });
    expect(records.find((r) => r.id === 'native.SSL_write')).toEqual({ id: 'native.SSL_write', native: true, module: 'libssl.so', symbol: 'SSL_write', category: 'network', kind: 'net', note: expect.any(String) });
  });

  it('prints a table with a summary line', async () => {
    const text = await run(['hooks']);
    expect(text).toBe(hooksTable(hookRecords()));
    const java = hookRecords().filter((r) => r.native !== true) as JavaHookRecord[];
    const methods = new Set(java.map((r) => `${r.class}.${r.method}`)).size;
    expect(text).toMatch(new RegExp(`catalog \\S+: ${methods} Java methods \\(\\d+ known overloads\\), 11 native hooks`));
    expect(text).toContain('app.ContextImpl.bindServiceCommon');
    expect(text).toContain('libssl.so!SSL_write');
  });
});
