// Device operations of the audit: the emulated shell refuses what Android refuses, and the adb
// implementation runs the right commands and reports failures instead of hiding them.
import { describe, expect, it } from 'vitest';
import { AdbOps, NoOps, parseResolverActivities, type Exec } from '../../host/audit/ops-adb.js';
import { EmulatedOps } from '../../host/audit/ops-emulated.js';
import { EmulatedDevice } from '../../emulator/index.js';
import { AUDIT_SCENARIO } from './helpers.js';

describe('emulated shell', () => {
  it('a force-stopped package gets no broadcasts until something starts it explicitly', async () => {
    const device = new EmulatedDevice({ scenario: AUDIT_SCENARIO, watchdogMs: 60_000 });
    device.startScenario({ launch: false });
    await device.runFor(10);
    // BOOT_COMPLETED is exempt from the Android 8 implicit-broadcast limits: it reaches the app's receiver...
    expect(device.systemBroadcast('android.intent.action.BOOT_COMPLETED')).toEqual(['com.example.shop']);
    await device.runFor(100);
    expect(device.running('com.example.shop')).not.toBe(null);
    // ...but not once the app is force-stopped (FLAG_EXCLUDE_STOPPED_PACKAGES).
    const ops = new EmulatedOps(device);
    expect(await ops.forceStop('com.example.shop')).toEqual({ ok: true, detail: 'am force-stop com.example.shop' });
    expect(device.isStopped('com.example.shop')).toBe(true);
    expect(device.systemBroadcast('android.intent.action.BOOT_COMPLETED')).toEqual([]);
    await device.runFor(100);
    expect(device.running('com.example.shop')).toBe(null);
    // CONNECTIVITY_CHANGE reaches only the partner apps, which target API 23; one binds the app's
    // exported service, which an explicit bind may do, the other queries its exported JPush
    // DataProvider: the app runs again (both processes) and is no longer stopped.
    expect(device.systemBroadcast('android.net.conn.CONNECTIVITY_CHANGE')).toEqual(['com.partner.news', 'com.partner.weather']);
    await device.runFor(100);
    expect(device.running('com.example.shop:pushservice')).not.toBe(null);
    expect(device.running('com.example.shop')).not.toBe(null);
    expect(device.isStopped('com.example.shop')).toBe(false);
    device.close();
  });

  it('the shell starts exported activities only, and cannot scroll', async () => {
    const device = new EmulatedDevice({ scenario: AUDIT_SCENARIO, watchdogMs: 60_000 });
    const ops = new EmulatedOps(device);
    expect(await ops.exportedActivities('com.example.shop')).toEqual(['com.example.shop.ui.SplashActivity', 'com.example.shop.ui.MainActivity']);
    const r = await ops.startActivity('com.example.shop', 'com.example.shop.ui.SettingsActivity');
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/Permission Denial: starting Intent \{ cmp=com\.example\.shop\/com\.example\.shop\.ui\.SettingsActivity \} .* not exported/);
    expect((await ops.scroll()).ok).toBe(false);
    expect((await ops.clearData('com.nope.app')).detail).toBe('pm clear com.nope.app: Failed: unknown package com.nope.app');
    device.close();
  });
});

describe('adb', () => {
  const recorder = (answers: Record<string, string | Error> = {}) => {
    const calls: string[] = [];
    const exec: Exec = async (file, args) => {
      const cmd = [file, ...args].join(' ');
      calls.push(cmd);
      const a = Object.entries(answers).find(([k]) => cmd.includes(k))?.[1];
      if (a instanceof Error) throw Object.assign(a, { stderr: a.message });
      return { stdout: a ?? '', stderr: '' };
    };
    return { calls, exec };
  };

  it('runs each operation on the chosen serial', async () => {
    const { calls, exec } = recorder({ 'pm clear': 'Success' });
    const ops = new AdbOps('emulator-5554', null, exec);
    expect(await ops.clearData('com.example.shop')).toEqual({ ok: true, detail: 'pm clear com.example.shop: Success' });
    await ops.forceStop('com.example.shop');
    await ops.home();
    await ops.trigger('connectivity');
    expect(calls).toEqual([
      'adb -s emulator-5554 shell pm clear com.example.shop',
      'adb -s emulator-5554 shell am force-stop com.example.shop',
      'adb -s emulator-5554 shell input keyevent KEYCODE_HOME',
      'adb -s emulator-5554 shell svc wifi disable',
      'adb -s emulator-5554 shell svc wifi enable',
    ]);
  });

  it('reports failures: printed errors, a missing device, a trigger without its test app, bad names', async () => {
    const { exec } = recorder({ 'pm clear': 'Error: java.lang.SecurityException: PID 1 does not have permission', 'force-stop': new Error("adb: device 'x' not found") });
    const ops = new AdbOps('x', null, exec);
    expect(await ops.clearData('com.example.shop')).toEqual({ ok: false, detail: 'pm clear com.example.shop: Error: java.lang.SecurityException: PID 1 does not have permission' });
    expect(await ops.forceStop('com.example.shop')).toEqual({ ok: false, detail: "am force-stop com.example.shop: adb: device 'x' not found" });
    expect((await ops.trigger('package-added')).detail).toBe('a test app installed: no test app given (--trigger-apk FILE)');
    expect(() => ops.clearData('com.x; reboot')).toThrow(/not a package name/);
    expect((await new NoOps('adb is not on PATH').home()).ok).toBe(false);
  });

  it('reads the activities with intent filters from dumpsys package', () => {
    const dumpsys = [
      'Activity Resolver Table:',
      '  Non-Data Actions:',
      '      android.intent.action.MAIN:',
      '        5e3c1d2 com.example.shop/.ui.SplashActivity filter 9a1b2c3',
      '      com.example.shop.action.HOME:',
      '        77aa001 com.example.shop/com.example.shop.ui.MainActivity filter 1f2e3d4',
      '',
      'Receiver Resolver Table:',
      '        1234567 com.example.shop/.BootReceiver filter 89abcde',
    ].join('\n');
    expect(parseResolverActivities(dumpsys, 'com.example.shop')).toEqual(['com.example.shop.ui.SplashActivity', 'com.example.shop.ui.MainActivity']);
  });
});
