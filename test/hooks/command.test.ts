// `sdktrace hooks [--json]` through the real CLI program.
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../host/cli.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookRecords, hooksTable, type JavaHookRecord } from '../../host/commands/hooks.js';
import { Store } from '../../store/db.js';

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
    expect(text).toMatch(new RegExp(`catalog \\S+: ${methods} Java methods \\(\\d+ known overloads\\), 20 native hooks`));
    expect(text).toContain('app.ContextImpl.bindServiceCommon');
    expect(text).toContain('libssl.so!SSL_write');
  });

  it('with --run, gives each hook its status in that run: vendor classes absent everywhere are "not present"', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sdktrace-hooks-')), 'p.db');
    const store = Store.open(db, { create: true });
    const runId = store.createRun({ mode: 'trace', started_at: 0, tool_version: 'test', package: 'com.example.app' });
    const main = store.addProcess({ run_id: runId, pid: 100, name: 'com.example.app', target: true, started_at: 0, spawned_by: 'sdktrace' });
    const push = store.addProcess({ run_id: runId, pid: 101, name: 'com.example.app:push', target: true, started_at: 0, spawned_by: 'device' });
    const set = (p: number, id: string, state: string, reason?: string) => store.setHookStatus(runId, p, { id, class: 'C', method: 'm', state, overloads: state === 'installed' ? 1 : 0, ...(reason === undefined ? {} : { reason }) });
    set(main.id, 'vendor.xiaomi.getOAID', 'missing-class', 'class com.android.id.impl.IdProviderImpl not found');
    set(push.id, 'vendor.xiaomi.getOAID', 'missing-class', 'class com.android.id.impl.IdProviderImpl not found');
    set(main.id, 'vendor.samsung.repeackage.getOAID', 'missing-class');
    set(push.id, 'vendor.samsung.repeackage.getOAID', 'installed');
    set(main.id, 'telephony.getImei', 'installed');
    set(main.id, 'telephony.getNai', 'skipped', 'needs API 28+, device is API 26');
    store.close();
    const records = JSON.parse(await run(['hooks', '--json', '--run', 'latest', '--db', db])) as any[];
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get('vendor.xiaomi.getOAID')).toMatchObject({ status: 'not present', statusReason: 'class com.android.id.impl.IdProviderImpl not found', vendor: { oem: 'Xiaomi' } });
    expect(byId.get('vendor.samsung.repeackage.getOAID').status).toBe('installed');
    expect(byId.get('telephony.getImei').status).toBe('installed');
    expect(byId.get('telephony.getNai')).toMatchObject({ status: 'skipped', statusReason: 'needs API 28+, device is API 26' });
    expect(byId.get('telephony.getDeviceId').status).toBe('not reported');
    expect(await run(['hooks', '--run', 'latest', '--db', db])).toMatch(/STATUS[\s\S]*not present/);
  });
});
