// Collection that bypasses the framework's getters: identifier files read directly, shell commands
// that print identifiers, and system-property keys. ONE table for every route that meets them:
// the Java file funnel (libcore.io.IoBridge.open), Runtime.exec/ProcessBuilder.start, the
// SystemProperties.get hook and native reads (open/openat/fopen, __system_property_get) all ask
// these functions, so a path or command means the same data type wherever it is seen. Plain data
// and pure functions: the agent and the host (docs, `sdktrace hooks`) both import it.
import type { DataType } from '../../protocol/constants.js';

export interface Collected {
  readonly dataType: DataType;
  /** What was read, for the event's detail ("/sys/class/net/wlan0/address", "pm list packages"). */
  readonly what: string;
  /** Another app's package the path or command is about (existence probes), when there is one. */
  readonly package?: string;
}

/** System properties that hold identifiers (SDKs read them by reflection, getprop or natively). */
export const SYSPROP_KEYS: Readonly<Record<string, DataType>> = {
  'ro.serialno': 'serial',
  'ro.boot.serialno': 'serial',
  'ril.serialnumber': 'serial',
  'sys.serialnumber': 'serial',
  'gsm.serial': 'serial',
  'ro.ril.oem.imei': 'imei',
  'ro.ril.oem.imei1': 'imei',
  'ro.ril.oem.imei2': 'imei',
  'persist.radio.imei': 'imei',
  'persist.radio.imei1': 'imei',
  'persist.radio.imei2': 'imei',
  'ril.gsm.imei': 'imei',
  'ro.ril.oem.meid': 'meid',
  'persist.radio.meid': 'meid',
  'ril.cdma.meid': 'meid',
  'ro.boot.wifimacaddr': 'mac_address',
  'ro.boot.btmacaddr': 'bluetooth_address',
  'persist.service.bdroid.bdaddr': 'bluetooth_address',
  'gsm.sim.iccid': 'iccid',
  'gsm.sim.operator.numeric': 'sim_operator',
  'gsm.sim.operator.alpha': 'sim_operator',
  'gsm.operator.numeric': 'network_operator',
  'gsm.operator.alpha': 'network_operator',
  'gsm.sim.operator.iso-country': 'country_code',
  'gsm.operator.iso-country': 'country_code',
  'persist.sys.device_name': 'device_name',
};

/** Path patterns (absolute, after normalising // and /./) -> data type. First match wins. */
const PATHS: readonly (readonly [RegExp, DataType])[] = [
  [/^\/sys\/class\/net\/[^/]+\/address$/, 'mac_address'],
  [/^\/sys\/devices\/virtual\/net\/[^/]+\/address$/, 'mac_address'],
  [/^\/sys\/class\/bluetooth\/[^/]+\/address$/, 'bluetooth_address'],
  [/^\/proc\/net\/arp$/, 'wifi_info'],
  [/^\/proc\/net\/(tcp6?|udp6?|raw6?|unix)$/, 'network_connections'],
  [/^\/proc\/net\/(if_inet6|route|ipv6_route|dev)$/, 'ip_address'],
  [/^\/proc\/cpuinfo$/, 'serial'],
  [/^\/sys\/block\/[^/]+\/device\/(cid|serial)$/, 'serial'],
  [/^\/sys\/class\/mmc_host\/[^/]+\/[^/]+\/(cid|serial)$/, 'serial'],
  [/^\/sys\/devices\/soc0\/serial_number$/, 'serial'],
  [/^\/proc\/(sys\/kernel\/random\/boot_id)$/, 'serial'],
  [/^\/(system|vendor|odm|product|system_ext)\/build\.prop$/, 'build_info'],
  [/^\/(default\.prop|prop\.default|system\/etc\/prop\.default)$/, 'build_info'],
];

/** Paths that name another app's package: its data, external files, APK, OBB. */
const APP_PATHS: readonly RegExp[] = [
  /^\/data\/(?:data|user\/\d+|user_de\/\d+)\/([a-zA-Z][\w]*(?:\.[\w]+)+)(?:\/|$)/,
  /^\/(?:sdcard|storage\/emulated\/\d+|mnt\/sdcard)\/Android\/(?:data|obb|media)\/([a-zA-Z][\w]*(?:\.[\w]+)+)(?:\/|$)/,
  /^\/data\/app\/(?:~~[^/]+\/)?([a-zA-Z][\w]*(?:\.[\w]+)+)-[^/]+(?:\/|$)/,
];

/** /proc/<pid>/... of another process (the app's own pid is /proc/self by then): what runs on the device. */
const PROC_PID = /^\/proc\/(\d+)\/(cmdline|stat|status|comm|maps)$/;

function normalise(path: string): string {
  let p = path.replace(/\/+/g, '/').replace(/\/\.(?=\/|$)/g, '');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * The file the kernel opens for the calling process, spelled one way: /proc/<own pid>/ is
 * /proc/self/ ("/proc/self ... resolves to the process's own /proc/pid directory"), and
 * /proc/self/net/ is /proc/net/ ("/proc/net ... a symbolic link to /proc/self/net" since Linux
 * 2.6.25), both per proc(5), https://man7.org/linux/man-pages/man5/proc.5.html. So an SDK that
 * spells its own pid reads the same files as one that writes self, and is classified the same.
 */
function procCanonical(p: string, ownPid: number | null): string {
  if (!p.startsWith('/proc/')) return p; // every native open passes here: no work for other paths
  let q = p;
  const own = ownPid === null ? null : `/proc/${ownPid}`;
  if (own !== null && (q === own || q.startsWith(`${own}/`))) q = `/proc/self${q.slice(own.length)}`;
  const selfNet = '/proc/self/net';
  if (q === selfNet || q.startsWith(`${selfNet}/`)) q = `/proc/net${q.slice(selfNet.length)}`;
  return q;
}

/**
 * The data type of a file path, or null when the path is not a known identifier or app-list
 * source. `ownPackage` (the traced app) and `ownPid` keep the app's own files out; the event
 * names the path as the app spelled it (slashes normalised), matching uses procCanonical.
 */
export function classifyPath(path: string, ownPackage: string | null = null, ownPid: number | null = null): Collected | null {
  if (typeof path !== 'string' || !path.startsWith('/')) return null;
  const p = normalise(path);
  const canonical = procCanonical(p, ownPid);
  for (const [re, dataType] of PATHS) if (re.test(canonical)) return { dataType, what: p };
  for (const re of APP_PATHS) {
    const m = re.exec(canonical);
    if (m !== null && m[1] !== ownPackage) return { dataType: 'installed_apps', what: p, package: m[1]! };
  }
  if (PROC_PID.test(canonical)) return { dataType: 'running_apps', what: p };
  return null;
}

/** Splits `sh -c "..."` and plain command lines into words (quotes kept simple: no escapes). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The program's base name: /system/bin/getprop -> getprop. */
const base = (s: string | undefined): string => (s ?? '').split('/').pop() ?? '';

/**
 * The data type of a command (argv as exec receives it), or null. Shell wrappers (`sh -c "a; b"`)
 * are looked into; the first command of a pipeline or list that collects something decides.
 */
export function classifyCommand(argv: readonly string[], ownPackage: string | null = null, ownPid: number | null = null): Collected | null {
  if (argv.length === 0) return null;
  const prog = base(argv[0]);
  if ((prog === 'sh' || prog === 'bash' || prog === 'su') && argv[1] === '-c' && typeof argv[2] === 'string') {
    for (const part of argv[2].split(/[;|&]+/)) {
      const got = classifyCommand(words(part.trim()), ownPackage, ownPid);
      if (got !== null) return got;
    }
    return null;
  }
  const line = argv.join(' ');
  const what = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  const args = argv.slice(1);
  switch (prog) {
    case 'getprop': {
      if (args.length === 0) return { dataType: 'serial', what }; // every property, ro.serialno included
      const t = SYSPROP_KEYS[args[0]!];
      return t === undefined ? null : { dataType: t, what };
    }
    case 'cat':
    case 'head':
    case 'tail':
    case 'more':
    case 'less':
    case 'strings':
    case 'ls': {
      for (const a of args) {
        const got = classifyPath(a, ownPackage, ownPid);
        if (got !== null) return { ...got, what };
      }
      return null;
    }
    case 'pm':
      if (args[0] === 'list' && (args[1] === 'packages' || args[1] === 'package')) return { dataType: 'installed_apps', what };
      if (args[0] === 'path' && args[1] !== undefined && args[1] !== ownPackage) return { dataType: 'installed_apps', what, package: args[1] };
      return null;
    case 'cmd':
      if (args[0] === 'package' && args[1] === 'list' && args[2] === 'packages') return { dataType: 'installed_apps', what };
      return null;
    case 'ip':
      if (args.includes('neigh') || args.includes('neighbour') || args.includes('neighbor')) return { dataType: 'wifi_info', what };
      if (args.includes('link') || args.includes('addr') || args.includes('address') || args.includes('a')) return { dataType: 'mac_address', what };
      if (args.includes('route') || args.includes('r')) return { dataType: 'ip_address', what };
      return null;
    case 'ifconfig':
      return { dataType: 'mac_address', what };
    case 'settings': {
      if (args[0] !== 'get') return null;
      const key = args[2];
      if (key === 'android_id') return { dataType: 'android_id', what };
      if (key === 'device_name') return { dataType: 'device_name', what };
      if (key === 'bluetooth_address' || key === 'bluetooth_name') return { dataType: 'bluetooth_address', what };
      return null;
    }
    case 'service':
      // `service call iphonesubinfo N`: the subscriber-info binder (IMEI, IMSI, ICCID, number).
      if (args[0] === 'call' && args[1] === 'iphonesubinfo') return { dataType: 'imei', what };
      return null;
    case 'ps':
    case 'top':
      return { dataType: 'running_apps', what };
    case 'netstat':
      return { dataType: 'network_connections', what };
    default:
      return null;
  }
}
