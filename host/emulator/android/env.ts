// What emulated framework code may know about its surroundings: the device's facts, the
// installed packages, the process it runs in, the clock and scheduler, the network stack and the
// system server (other apps' components). EmulatedProcess implements it; area modules read it as
// `c.env`.
import type { JavaThread } from '../java/threads.js';
import type { JObject } from '../java/heap.js';
import type { ArtVm } from '../java/vm.js';
import type { JLoader, JMethod } from '../java/classes.js';

export interface Location {
  latitude: number;
  longitude: number;
  accuracy: number;
  provider: string;
}

export interface WifiFacts {
  ssid: string;
  bssid: string;
  /** The real MAC; apps see 02:00:00:00:00:00 since Android 6. */
  mac: string;
  ip: string;
}

export interface DeviceFacts {
  api: number;
  /** ro.build.version.release */
  release: string;
  manufacturer: string;
  brand: string;
  model: string;
  device: string;
  fingerprint: string;
  serial: string;
  imei: readonly string[];
  meid: string | null;
  imsi: string | null;
  iccid: string | null;
  phoneNumber: string | null;
  operator: string | null;
  operatorName: string | null;
  /** Settings.Secure.ANDROID_ID as the traced app sees it (scoped per signing key since Android 8). */
  androidId: string;
  wifi: WifiFacts | null;
  location: Location | null;
  /** Domain -> IPv4, for DNS answers. */
  hosts: Readonly<Record<string, string>>;
}

export interface ComponentDecl {
  name: string;
  /** ':push' style suffix or full process name; absent = the package's main process. */
  process?: string;
  exported?: boolean;
  actions?: readonly string[];
  authority?: string;
}

export interface Components {
  activities: readonly ComponentDecl[];
  services: readonly ComponentDecl[];
  receivers: readonly ComponentDecl[];
  providers: readonly ComponentDecl[];
}

export interface InstalledPackage {
  package: string;
  label: string;
  versionName: string | null;
  versionCode: number;
  system: boolean;
  uid: number;
  targetSdk: number;
  /** DER bytes of each signing certificate. */
  signing: readonly Uint8Array[];
  firstInstallTime: number;
  lastUpdateTime: number;
  apkPath: string;
  dataDir: string;
  nativeLibraryDir: string;
  applicationClass: string | null;
  launcher: string | null;
  components: Components;
  /** Manifest permissions with their grant state. */
  permissions: Readonly<Record<string, boolean>>;
  usesCleartextTraffic: boolean;
  /** Package names declared in <queries> (visible on Android 11+ without QUERY_ALL_PACKAGES). */
  queries: readonly string[];
}

/** A resolved component launch the system server handles (possibly in another package). */
export interface LaunchRequest {
  via: 'activity' | 'service' | 'foreground-service' | 'bind' | 'broadcast';
  callerPackage: string;
  callerPid: number;
  component: { package: string; class: string } | null;
  package: string | null;
  action: string | null;
  data: string | null;
  /** The Intent object, for the receiving side. */
  intent: JObject | null;
}

export interface SystemServer {
  /** Delivers a launch; returns the packages it reached. */
  launch(req: LaunchRequest): string[];
}

export interface NetworkStack {
  resolve(host: string): string;
}

export interface ProcessEnv {
  readonly pid: number;
  readonly uid: number;
  readonly processName: string;
  readonly device: DeviceFacts;
  /** The package this process belongs to. */
  readonly app: InstalledPackage;
  readonly packages: ReadonlyMap<string, InstalledPackage>;
  readonly vm: ArtVm;
  readonly mainThread: JavaThread;
  readonly system: SystemServer;
  readonly net: NetworkStack;
  /** Wall-clock ms (the device clock). */
  now(): number;
  /** SystemClock.uptimeMillis(). */
  uptime(): number;
  /** Runs fn on `thread` after `delayMs` of device time (a Looper message or a pool worker's next task). */
  post(thread: JavaThread, delayMs: number, fn: () => void): void;
  /** Starts a new Java thread (Thread.start()); its body runs as the thread's first task. */
  startThread(name: string, body: () => void): JavaThread;
  /** A new thread parked in a long-running entry (pool worker, HandlerThread): `base` frames stay on its stack. */
  newThread(name: string, base: readonly JMethod[]): JavaThread;
  /** The app's PathClassLoader over its dex (LoadedApk.getClassLoader). */
  createAppLoader(): JLoader;
  permissionGranted(permission: string): boolean;
  /** Per-process framework singletons (the ActivityThread, the Application, system services...). */
  readonly singletons: Map<string, unknown>;
  /** fork + exec of a child program (Runtime.exec); returns the java.lang.Process object. */
  exec(argv: readonly string[]): JObject;
  /** Native layer (libc / libssl) operations with Interceptor-visible calls. */
  readonly natives: import('../native/natives.js').NativeLayer;
}
