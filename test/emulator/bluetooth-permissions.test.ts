// The Bluetooth service's permission refusals, as a phone words them (conformance:
// android.bluetooth.permissionTexts): before Android 12 the service's enforce message completed
// by ContextImpl; from Android 12, for apps targeting 31+, the data-delivery check with the
// AttributionSource as a user build prints it. Each case runs an SDK task that calls the adapter
// without the permission, traced by the real agent bundle; refusals whose text nobody pinned must
// stop the run loudly instead of inventing one.
import { describe, expect, it } from 'vitest';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.bt';
const adapter = { call: 'android.bluetooth.BluetoothManager.getAdapter()', args: [], on: { call: 'android.content.Context.getSystemService(java.lang.String)', args: ['bluetooth'], on: '$context' } };

function scenario(api: number, target: number, method: string, permissions: string[] = []): Scenario {
  return {
    name: `bluetooth ${method} at API ${api}`,
    device: { apiLevel: api, imei: ['861234567890123'], androidId: '9774d56d682e549c', bluetooth: { address: '3c:28:6d:44:55:66', name: 'Pixel 6' } },
    app: {
      package: PKG,
      targetSdk: target,
      permissions: Object.fromEntries(permissions.map((p) => [`android.permission.${p}`, 'granted'])),
      launcher: { class: `${PKG}.MainActivity` },
      sdks: [{ id: 'bt', name: 'BT SDK', packages: ['com.sdk.bt'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.bt.Probe', do: [{ call: `android.bluetooth.BluetoothAdapter.${method}()`, args: [], on: adapter }] as Action[] },
      { at: 2000, type: 'end' },
    ],
  } as Scenario;
}

async function run(api: number, target: number, method: string, permissions: string[] = []): Promise<{ thrown: (string | null)[]; errors: string[] }> {
  const t = await traceScenario(scenario(api, target, method, permissions), { apiLevel: api });
  t.device.close();
  return {
    thrown: t.events.filter((e) => e.hook === `bluetooth.${method}`).map((e) => e.thrown ?? null),
    errors: t.errors.map((e) => String((e as { description?: string }).description ?? JSON.stringify(e))),
  };
}

describe('android.bluetooth.permissionTexts: Bluetooth refusals worded as on a phone', () => {
  it('before Android 12: the service\'s enforce message completed by ContextImpl ("Need BLUETOOTH permission", "Need BLUETOOTH ADMIN permission")', async () => {
    const { thrown } = await run(29, 29, 'getBondedDevices');
    expect(thrown).toEqual([expect.stringMatching(/^java\.lang\.SecurityException: Need BLUETOOTH permission: Neither user \d+ nor current process has android\.permission\.BLUETOOTH\.$/)]);
    expect((await run(29, 29, 'startDiscovery', ['BLUETOOTH'])).thrown).toEqual([expect.stringMatching(/^java\.lang\.SecurityException: Need BLUETOOTH ADMIN permission: Neither user \d+ nor current process has android\.permission\.BLUETOOTH_ADMIN\.$/)]);
    expect((await run(29, 29, 'getBondedDevices', ['BLUETOOTH'])).thrown).toEqual([null]);
  });

  it('Android 12+, apps targeting 31+: "Need android.permission.BLUETOOTH_CONNECT permission for android.content.AttributionSource@<hash>: AdapterService getBondedDevices" (a user build prints no details)', async () => {
    expect((await run(31, 31, 'getBondedDevices', ['BLUETOOTH'])).thrown).toEqual([
      expect.stringMatching(/^java\.lang\.SecurityException: Need android\.permission\.BLUETOOTH_CONNECT permission for android\.content\.AttributionSource@[0-9a-f]{1,8}: AdapterService getBondedDevices$/),
    ]);
    expect((await run(33, 33, 'getBondedDevices', ['BLUETOOTH_CONNECT'])).thrown).toEqual([null]);
    // An app targeting 30 keeps working with BLUETOOTH on Android 12.
    expect((await run(31, 30, 'getBondedDevices', ['BLUETOOTH'])).thrown).toEqual([null]);
  });

  it('refusals whose text is not pinned fail loudly: Android 12+ getAddress, and a legacy-target app without BLUETOOTH on Android 12', async () => {
    expect((await run(31, 31, 'getAddress')).errors).toEqual([expect.stringMatching(/BluetoothAdapter\.getAddress without android\.permission\.BLUETOOTH_CONNECT on Android 12\+: the Bluetooth service's refusal message for this call is not pinned/)]);
    expect((await run(31, 30, 'getBondedDevices')).errors).toEqual([expect.stringMatching(/by an app targeting 30 on Android 12\+: the refusal text is not pinned/)]);
  });
});
