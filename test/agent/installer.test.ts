import { describe, expect, it } from 'vitest';
import { Emitter } from '../../agent/core/emitter.js';
import { ThreadGuard } from '../../agent/core/guard.js';
import { HookInstaller } from '../../agent/core/installer.js';
import { DEFAULT_LIMITS } from '../../agent/core/summarize.js';
import type { HookSpec } from '../../agent/catalog/types.js';
import type { Extractor } from '../../agent/extract/types.js';
import { EXTRACTORS } from '../../agent/extract/index.js';
import { FakeJava, FakePlatform } from './fakes.js';

function setup(extractors: Record<string, Extractor> = EXTRACTORS, apiLevel = 34, disabled: string[] = []) {
  const platform = new FakePlatform();
  const java = new FakeJava(platform);
  const emitter = new Emitter(platform, 4242, { flushIntervalMs: 50, batchSize: 1000, stackLimit: 16 });
  const installer = new HookInstaller({
    platform,
    emitter,
    guard: new ThreadGuard(),
    extractors,
    limits: () => DEFAULT_LIMITS,
    apiLevel,
    disabled: new Set(disabled),
    java,
  });
  const events = () => {
    emitter.flush();
    return platform.sent.filter((m) => m.kind === 'batch').flatMap((b) => b.events);
  };
  return { platform, java, emitter, installer, events };
}

const TM = 'android.telephony.TelephonyManager';

describe('HookInstaller', () => {
  it('hooks every overload of "all", calls the original and reports each call', () => {
    const { java, installer, events } = setup();
    const tm = java.define(TM, {
      getDeviceId: [
        { params: [], ret: 'java.lang.String', body: () => '866000000000001' },
        { params: ['int'], ret: 'java.lang.String', body: (slot: number) => `86600000000000${slot + 2}` },
      ],
    });
    const spec: HookSpec = { id: 'telephony.getDeviceId', class: TM, method: 'getDeviceId', overloads: 'all', kind: 'pi', dataType: 'imei', extract: 'identifier-value' };
    const [status] = installer.install([spec], [java]);
    expect(status).toMatchObject({ state: 'installed', overloads: 2 });

    expect(tm.getDeviceId.overloads[0]()).toBe('866000000000001');
    expect(tm.getDeviceId.overloads[1](1)).toBe('866000000000003');

    const evs = events();
    expect(evs.map((e) => e.api)).toEqual([`${TM}.getDeviceId()`, `${TM}.getDeviceId(int)`]);
    expect(evs.map((e) => e.seq)).toEqual([0, 1]);
    expect(evs[0]).toMatchObject({ kind: 'pi', dataType: 'imei', hook: 'telephony.getDeviceId', ret: '866000000000001', detail: { values: ['866000000000001'] } });
    expect(evs[1].args).toEqual([1]);
  });

  it('records missing classes, missing methods, missing overloads and API-level skips without failing', () => {
    const { java, installer } = setup(EXTRACTORS, 24, ['settings.off']);
    java.define(TM, { getDeviceId: [{ params: [], body: () => 'x' }] });
    const st = installer.install(
      [
        { id: 'a.missingClass', class: 'com.example.Nope', method: 'x', overloads: 'all', kind: 'pi' },
        { id: 'a.missingMethod', class: TM, method: 'getNope', overloads: 'all', kind: 'pi' },
        { id: 'a.missingOverload', class: TM, method: 'getDeviceId', overloads: [['long']], kind: 'pi' },
        { id: 'a.tooNew', class: TM, method: 'getImei', overloads: 'all', kind: 'pi', minApi: 26 },
        { id: 'settings.off', class: TM, method: 'getDeviceId', overloads: 'all', kind: 'pi' },
      ],
      [java],
    );
    expect(st.map((s) => s.state)).toEqual(['missing-class', 'missing-method', 'missing-method', 'skipped', 'skipped']);
    expect(st[0]!.reason).toContain('ClassNotFoundException');
    expect(st[2]!.reason).toContain('(long)');
    expect(st[3]!.reason).toBe('needs API 26+, device is API 24');
  });

  it('rethrows the Java exception of the original and still records the call with its exception', () => {
    const { java, installer, events } = setup();
    const javaError = Object.assign(new Error('java.lang.SecurityException: getDeviceId: The user 10123 does not meet the requirements'), { $h: {} });
    const tm = java.define(TM, {
      getImei: [
        {
          params: [],
          body: () => {
            throw javaError;
          },
        },
      ],
    });
    installer.install([{ id: 't.imei', class: TM, method: 'getImei', overloads: 'all', kind: 'pi', dataType: 'imei' }], [java]);
    expect(() => tm.getImei()).toThrow(javaError);
    const [ev] = events();
    expect(ev.thrown).toMatch(/^java\.lang\.SecurityException/);
    expect(ev.ret).toBeUndefined();
  });

  it('never lets an error in our hook body reach the app, and reports it as a hook event (bounded)', () => {
    const broken: Extractor = () => {
      throw new TypeError('boom');
    };
    const { java, installer, events, emitter } = setup({ broken });
    const tm = java.define(TM, { getLine1Number: [{ params: [], body: () => '+8613800000000' }] });
    installer.install([{ id: 't.line1', class: TM, method: 'getLine1Number', overloads: 'all', kind: 'pi', dataType: 'phone_number', extract: 'broken' }], [java]);
    for (let i = 0; i < 5; i++) expect(tm.getLine1Number()).toBe('+8613800000000');
    const evs = events();
    expect(evs).toHaveLength(3);
    expect(evs.every((e) => e.kind === 'hook' && e.detail.error === 'boom')).toBe(true);
    expect(emitter.counterSnapshot()['t.line1']).toEqual({ calls: 5, emitted: 3 });
  });

  it('reports an API-33 style chain once, by its outermost hooked call', () => {
    const { java, installer, events } = setup();
    const APM = 'android.app.ApplicationPackageManager';
    const list = (names: string[]) => ({ size: () => names.length, get: (i: number) => ({ packageName: { value: names[i] } }) });
    let pm: any;
    pm = java.define(APM, {
      getInstalledPackages: [
        { params: ['int'], body: (f: number) => pm.getInstalledPackages.overloads[1]({ flags: f }) },
        { params: ['android.content.pm.PackageManager$PackageInfoFlags'], body: (f: unknown) => pm.getInstalledPackagesAsUser(f, 0) },
      ],
      getInstalledPackagesAsUser: [{ params: ['android.content.pm.PackageManager$PackageInfoFlags', 'int'], body: () => list(['com.tencent.mm', 'com.eg.android.AlipayGphone']) }],
    });
    const specs: HookSpec[] = ['getInstalledPackages', 'getInstalledPackagesAsUser'].map((m) => ({
      id: `pm.${m}`,
      class: APM,
      method: m,
      overloads: 'all',
      kind: 'pi',
      dataType: 'installed_apps',
      outermostOnly: true,
      extract: 'package-list',
    }));
    installer.install(specs, [java]);
    pm.getInstalledPackages.overloads[0](0);
    pm.getInstalledPackagesAsUser({}, 0);
    const evs = events();
    expect(evs.map((e) => e.api)).toEqual([
      `${APM}.getInstalledPackages(int)`,
      `${APM}.getInstalledPackagesAsUser(android.content.pm.PackageManager$PackageInfoFlags,int)`,
    ]);
    expect(evs[0].detail).toEqual({ count: 2, values: ['com.tencent.mm', 'com.eg.android.AlipayGphone'] });
    expect(evs[0].ret).toBeUndefined();
  });

  it('lets hooked methods our own extractor calls pass through unrecorded (per-thread guard)', () => {
    let inner: any;
    const callsInner: Extractor = () => {
      inner.getSubscriberId();
    };
    const { java, installer, events } = setup({ callsInner });
    inner = java.define(TM, {
      getSubscriberId: [{ params: [], body: () => '460001234567890' }],
      getSimSerialNumber: [{ params: [], body: () => '89860000000000000000' }],
    });
    installer.install(
      [
        { id: 't.imsi', class: TM, method: 'getSubscriberId', overloads: 'all', kind: 'pi', dataType: 'imsi' },
        { id: 't.iccid', class: TM, method: 'getSimSerialNumber', overloads: 'all', kind: 'pi', dataType: 'iccid', extract: 'callsInner' },
      ],
      [java],
    );
    inner.getSimSerialNumber();
    const evs = events();
    expect(evs.map((e) => e.hook)).toEqual(['t.iccid']);
    // On another thread the same method is recorded as usual.
    inner.getSubscriberId();
    expect(events().map((e) => e.hook)).toEqual(['t.iccid', 't.imsi']);
  });

  it('drops calls an extractor rejects but still counts them', () => {
    const { java, installer, events, emitter } = setup();
    const S = 'android.provider.Settings$Secure';
    const secure = java.define(S, { getString: [{ params: ['android.content.ContentResolver', 'java.lang.String'], body: (_cr: unknown, k: string) => (k === 'android_id' ? '9774d56d682e549c' : '1') }] });
    installer.install([{ id: 'settings.secure.getString', class: S, method: 'getString', overloads: [['android.content.ContentResolver', 'java.lang.String']], kind: 'pi', extract: 'settings-key' }], [java]);
    secure.getString(null, 'screen_brightness');
    secure.getString(null, 'android_id');
    const evs = events();
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ dataType: 'android_id', detail: { key: 'android_id', values: ['9774d56d682e549c'] }, args: [null, 'android_id'] });
    expect(emitter.counterSnapshot()['settings.secure.getString']).toEqual({ calls: 2, emitted: 1 });
  });

  it('reports a `before` hook ahead of everything its original does (a click precedes what its listener does)', () => {
    const { java, installer, events } = setup();
    let tm: any;
    const view = java.define('android.view.View', {
      performClick: [{ params: [], ret: 'boolean', body: () => (tm.getImei(), true) }],
    });
    tm = java.define(TM, { getImei: [{ params: [], ret: 'java.lang.String', body: () => '864213051234567' }] });
    installer.install(
      [
        { id: 'lifecycle.performClick', class: 'android.view.View', method: 'performClick', overloads: [[]], kind: 'lifecycle', args: false, ret: false, before: true },
        { id: 't.imei', class: TM, method: 'getImei', overloads: 'all', kind: 'pi', dataType: 'imei' },
      ],
      [java],
    );
    expect(view.performClick()).toBe(true);
    expect(events().map((e) => [e.seq, e.hook])).toEqual([
      [0, 'lifecycle.performClick'],
      [1, 't.imei'],
    ]);
  });
});
