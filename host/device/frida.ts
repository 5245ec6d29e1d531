// Real devices through Frida 17's Node binding. The `frida` package is an optional dependency
// (its install downloads a native binding), so it is loaded lazily, only when a real device is
// asked for; without it every other command still works.
import type * as Frida from 'frida';
import { UserError } from '../../protocol/errors.js';
import { findInstallRoot } from '../../install/root.js';
import type { DeviceLike } from './types.js';

export type FridaModule = typeof Frida;


// Works from any folder: it names the install folder, and the emulated-device commands need no path
// (the demo scenario is bundled).
export const FRIDA_MISSING = [
  'The Frida Node binding (the `frida` npm package) is not installed, so sdktrace cannot talk to a',
  'real device. It is an optional dependency because its install step downloads a prebuilt native',
  'binding, which fails without internet access. On a machine with internet access run',
  `\`npm install frida@17.18.0\` in ${findInstallRoot() ?? 'the folder sdktrace is installed in'} (the device needs frida-server 17, or an app`,
  'repackaged with frida-gadget 17). Without it you can still use the built-in emulated device:',
  '`sdktrace trace --device emulated` (the bundled demo scenario), or `sdktrace demo`.',
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

export const DEFAULT_PORT = 27042;

/**
 * Checks a -H address the way Frida parses it (GLib's network-address syntax): `host`,
 * `host:port`, `[v6]:port` or a bare IPv6 address; the port defaults to 27042. Returns the
 * address to hand to addRemoteDevice, or throws a UserError naming what is wrong.
 */
export function parseRemoteAddress(text: string): { host: string; port: number; address: string } {
  const s = text.trim();
  let host: string;
  let port: string | undefined;
  const v6 = /^\[([0-9A-Fa-f:.%\w]+)\](?::(\d*))?$/.exec(s);
  if (v6 !== null) {
    host = v6[1]!;
    port = v6[2];
  } else if ((s.match(/:/g) ?? []).length > 1) {
    host = s; // a bare IPv6 address
  } else {
    const i = s.lastIndexOf(':');
    host = i < 0 ? s : s.slice(0, i);
    port = i < 0 ? undefined : s.slice(i + 1);
  }
  if (host === '' || /[\s/]/.test(host)) throw new UserError(`-H expects HOST[:PORT] (e.g. 192.168.1.20:27042), got ${JSON.stringify(text)}`);
  let n = DEFAULT_PORT;
  if (port !== undefined) {
    n = /^\d+$/.test(port) ? Number(port) : NaN;
    if (!(n >= 1 && n <= 65535)) throw new UserError(`-H ${text}: the port must be a number from 1 to 65535`);
  }
  const address = host.includes(':') ? `[${host}]:${n}` : `${host}:${n}`;
  return { host, port: n, address };
}

/** Finds the device the way frida-tools' -U / -D / -H do. */
export async function getFridaDevice(sel: DeviceSelector, frida?: FridaModule): Promise<DeviceLike> {
  const f = frida ?? (await loadFrida());
  const timeout = sel.timeout ?? 5000;
  try {
    let device: Frida.Device;
    if (sel.host !== undefined) {
      device = await f.getDeviceManager().addRemoteDevice(parseRemoteAddress(sel.host).address);
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
    if (e instanceof UserError) throw e;
    const what = sel.host !== undefined ? `remote frida-server at ${sel.host}` : sel.id !== undefined ? `device ${sel.id}` : 'a USB device';
    throw new UserError(`could not reach ${what}: ${(e as Error).message}. Is frida-server 17 running on the device (adb shell su -c /data/local/tmp/frida-server &)?`, 3);
  }
}
