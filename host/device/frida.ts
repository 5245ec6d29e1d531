// Real devices through Frida 17's Node binding. The `frida` package is an optional dependency
// (its install downloads a native binding), so it is loaded lazily, only when a real device is
// asked for; without it every other command still works.
import type * as Frida from 'frida';
import { UserError } from '../errors.js';
import type { DeviceLike } from './types.js';

export type FridaModule = typeof Frida;

export const FRIDA_MISSING = [
  'The Frida Node binding (the `frida` npm package) is not installed, so sdktrace cannot talk to a',
  'real device. It is an optional dependency because its install step downloads a prebuilt native',
  'binding, which fails without internet access. On a machine with internet access run',
  '`npm install frida@17.18.0` in the sdktrace folder (the device needs frida-server 17, or an app',
  'repackaged with frida-gadget 17). Without it you can still use the built-in emulated device:',
  '`sdktrace trace --device emulated --scenario data/scenarios/demo.json`, or `sdktrace demo`.',
].join('\n');

let loaded: FridaModule | null = null;

/** Loads `frida` once; a missing or broken binding becomes one clear UserError. */
export async function loadFrida(importer: () => Promise<unknown> = () => import('frida')): Promise<FridaModule> {
  if (loaded !== null) return loaded;
  try {
    const mod = (await importer()) as FridaModule & { default?: FridaModule };
    loaded = (mod.default ?? mod) as FridaModule;
    return loaded;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (package|module) 'frida'|Could not locate the bindings file/.test(err.message ?? '');
    throw new UserError(missing ? FRIDA_MISSING : `${FRIDA_MISSING}\n(loading it failed: ${err.message})`, 3);
  }
}

export interface DeviceSelector {
  /** -U: the USB device. */
  usb?: boolean;
  /** -D: a device id (from `frida-ls-devices`, or an adb serial). */
  id?: string;
  /** -H: a remote frida-server, host[:port] (default port 27042). */
  host?: string;
  /** ms to wait for the device to show up. */
  timeout?: number;
}

/** Finds the device the way frida-tools' -U / -D / -H do. */
export async function getFridaDevice(sel: DeviceSelector, frida?: FridaModule): Promise<DeviceLike> {
  const f = frida ?? (await loadFrida());
  const timeout = sel.timeout ?? 5000;
  try {
    let device: Frida.Device;
    if (sel.host !== undefined) {
      const address = sel.host.includes(':') ? sel.host : `${sel.host}:27042`;
      device = await f.getDeviceManager().addRemoteDevice(address);
    } else if (sel.id !== undefined) {
      // {timeout} in ms; the default 0 fails at once if the device is not enumerated yet.
      device = await f.getDevice(sel.id, { timeout });
    } else {
      device = await f.getUsbDevice({ timeout });
    }
    // Compile-time proof that Frida's Device is a DeviceLike (checked against the pinned frida.d.ts).
    const like: DeviceLike = device;
    return like;
  } catch (e) {
    const what = sel.host !== undefined ? `remote frida-server at ${sel.host}` : sel.id !== undefined ? `device ${sel.id}` : 'a USB device';
    throw new UserError(`could not reach ${what}: ${(e as Error).message}. Is frida-server 17 running on the device (adb shell su -c /data/local/tmp/frida-server &)?`, 3);
  }
}
