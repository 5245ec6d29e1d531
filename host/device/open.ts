// Opens the device a run uses: a phone through Frida (-U / -D ID / -H HOST[:PORT], the frida module
// loaded only then), or the built-in emulated device (`--device emulated`, a scenario file).
// The caller sees a DeviceLike either way, plus what only the emulated device has.
import { EmulatedDevice, ScenarioError } from '../../emulator/index.js';
import { UserError } from '../../protocol/errors.js';
import { getFridaDevice } from './frida.js';
import type { DeviceLike } from './types.js';

export type DeviceChoice =
  | { kind: 'usb'; timeout?: number }
  | { kind: 'id'; id: string; timeout?: number }
  | { kind: 'remote'; host: string }
  | { kind: 'emulated'; scenario: string; apiLevel?: number; realtime?: boolean };

export interface OpenedDevice {
  device: DeviceLike;
  /** For the run record: usb | id | remote | emulated. */
  kind: DeviceChoice['kind'];
  /** The emulated device's extras (scenario end, startScenario), or null on a phone. */
  emulated: EmulatedDevice | null;
  /** The device's own clock when the host can read it exactly (the emulated device). */
  deviceNow?: () => number;
  close(): void;
}

export async function openDevice(choice: DeviceChoice, log: (line: string) => void = () => undefined): Promise<OpenedDevice> {
  if (choice.kind === 'emulated') {
    let device: EmulatedDevice;
    try {
      device = new EmulatedDevice({
        scenario: choice.scenario,
        apiLevel: choice.apiLevel,
        mode: choice.realtime === true ? { kind: 'realtime', factor: 1 } : { kind: 'max' },
        log: (l) => log(`emulator: ${l}`),
      });
    } catch (e) {
      if (e instanceof ScenarioError) throw new UserError(e.message);
      throw e;
    }
    return { device, kind: 'emulated', emulated: device, deviceNow: () => device.scheduler.wallNow(), close: () => device.close() };
  }
  const device =
    choice.kind === 'usb'
      ? await getFridaDevice({ usb: true, timeout: choice.timeout })
      : choice.kind === 'id'
        ? await getFridaDevice({ id: choice.id, timeout: choice.timeout })
        : await getFridaDevice({ host: choice.host });
  return { device, kind: choice.kind, emulated: null, close: () => undefined };
}
