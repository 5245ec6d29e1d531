// DeviceOps on the emulated device: what `adb shell` would do there, through the device's own
// model of Android (pm clear, am force-stop and the stopped state, HOME, am start, and the
// system's broadcasts after a device change, delivered by Android's rules for them).
import type { EmulatedDevice } from '../../emulator/device.js';
import { TRIGGERS, type DeviceOps, type OpResult, type TriggerName } from './ops.js';

export class EmulatedOps implements DeviceOps {
  readonly description = 'the emulated device\'s shell';

  constructor(private readonly device: EmulatedDevice) {}

  private run(detail: string, fn: () => void): Promise<OpResult> {
    try {
      fn();
      return Promise.resolve({ ok: true, detail });
    } catch (e) {
      return Promise.resolve({ ok: false, detail: `${detail}: ${(e as Error).message}` });
    }
  }

  clearData(pkg: string): Promise<OpResult> {
    return this.run(`pm clear ${pkg}`, () => this.device.clearAppData(pkg));
  }

  forceStop(pkg: string): Promise<OpResult> {
    return this.run(`am force-stop ${pkg}`, () => this.device.forceStopPackage(pkg));
  }

  home(): Promise<OpResult> {
    return this.run('input keyevent KEYCODE_HOME', () => this.device.pressHome());
  }

  async exportedActivities(pkg: string): Promise<string[]> {
    const info = this.device.world.packages.get(pkg);
    if (info === undefined) return [];
    // exported, or with intent filters (the manifest default before Android 12 required it).
    return info.components.activities.filter((a) => a.exported ?? (a.actions ?? []).length > 0).map((a) => a.name);
  }

  startActivity(pkg: string, cls: string): Promise<OpResult> {
    return this.run(`am start -n ${pkg}/${cls}`, () => this.device.startActivityFromShell(pkg, cls));
  }

  async scroll(): Promise<OpResult> {
    // Views have no scroll state in the emulator: say so rather than pretend a swipe did something.
    return { ok: false, detail: 'input swipe: scrolling is not modelled on the emulated device' };
  }

  trigger(name: TriggerName): Promise<OpResult> {
    const t = TRIGGERS[name];
    let reached: string[] = [];
    return this.run(`${t.how}: the system sends ${t.action}`, () => {
      reached = this.device.systemBroadcast(t.action, name === 'package-added' ? { 'android.intent.extra.UID': 10_999 } : {});
    }).then((r) => (r.ok ? { ok: true, detail: `${r.detail} (delivered to ${reached.length === 0 ? 'no app' : reached.join(', ')})` } : r));
  }
}
