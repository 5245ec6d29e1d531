// What emulated framework code may know about its surroundings: the device's facts, the
// installed packages, the process it runs in, the clock and scheduler, the network stack and the
// system server (other apps' components). EmulatedProcess implements it; area modules read it as
// `c.env`.
import type { JavaThread } from '../java/threads.js';
import type { JObject } from '../java/heap.js';
import type { ArtVm } from '../java/vm.js';
import type { JLoader, JMethod } from '../java/classes.js';

// The emulated VM hands Java code its process environment as `c.env` (java/model.ts JavaEnv);
// the framework model says what that environment is, so emulator/java never imports this layer.
declare module '../java/model.js' {
  interface JavaEnv extends ProcessEnv {}
}

/** One stored SharedPreferences value with its Java type (a JS number is an int or a float). */
export interface PrefValue {
  type: 'boolean' | 'int' | 'long' | 'float' | 'String';
  value: boolean | number | bigint | string;
}
/** A preferences file as on the disk (app data, android/prefs.ts): name -> value. */
export type PrefsFile = Map<string, PrefValue>;

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
  gateway: string;
  dns: string;
  /** MHz. */
  frequency: number;
  rssi: number;
  /** Networks a scan finds (the connected one included). */
  scan: readonly { ssid: string; bssid: string; level: number; frequency: number }[];
}

/** A serving or neighbouring cell (CellIdentity* fields). `area` is the TAC (LTE) or LAC (GSM). */
export interface CellFacts {
  type: 'gsm' | 'lte';
  mcc: number;
  mnc: number;
  area: number;
  cid: number;
  pci: number;
  arfcn: number;
  dbm: number;
  registered: boolean;
}

export interface AccountFacts {
  name: string;
  type: string;
  /** Package of the authenticator that owns the account type. */
  authenticator: string | null;
  /** Packages the account is made visible to (AccountManager.setAccountVisibility, Android 8+). */
  visibleTo: readonly string[];
  password: string | null;
  authTokens: Readonly<Record<string, string>>;
  userData: Readonly<Record<string, string>>;
}

export interface SensorFacts {
  type: number;
  name: string;
  vendor: string;
  /** Sensor.isWakeUpSensor(): getDefaultSensor(type, true) answers only wake-up sensors. */
  wakeUp: boolean;
  /** Dynamic sensors (getDynamicSensorList), e.g. a connected head tracker. */
  dynamic: boolean;
}

export interface ContactFacts {
  name: string;
  phone: string;
  email: string | null;
}

export interface SmsFacts {
  address: string;
  body: string;
  date: number;
  /** Telephony.Sms.MESSAGE_TYPE_INBOX (1) / SENT (2). */
  type: number;
}

export interface CallFacts {
  number: string;
  name: string | null;
  date: number;
  duration: number;
  /** CallLog.Calls.INCOMING_TYPE (1) / OUTGOING_TYPE (2) / MISSED_TYPE (3). */
  type: number;
}

export interface NotificationFacts {
  package: string;
  id: number;
  title: string;
  text: string;
  postedAt: number;
}

export interface UsageFacts {
  package: string;
  foregroundMs: number;
  lastUsed: number;
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
  /** The traced app, whose ANDROID_ID androidId is (other signing keys get their own from Android 8). */
  androidIdPackage: string;
  wifi: WifiFacts | null;
  location: Location | null;
  /** Domain -> IPv4, for DNS answers. */
  hosts: Readonly<Record<string, string>>;
  /** Servers that choose HTTP/2 when a client offers it in ALPN (OkHttp offers h2 and http/1.1). */
  h2Hosts: readonly string[];
  cells: readonly CellFacts[];
  bluetooth: { address: string; name: string; bonded: readonly { address: string; name: string }[] } | null;
  accounts: readonly AccountFacts[];
  contacts: readonly ContactFacts[];
  sms: readonly SmsFacts[];
  callLog: readonly CallFacts[];
  sensors: readonly SensorFacts[];
  /** Google advertising ID (GMS installed) and the vendor OAID (HMS/Honor/MSA), when the device has them. */
  advertisingId: string | null;
  limitAdTracking: boolean;
  oaid: string | null;
  /** Vendor IDs besides the OAID (Xiaomi's IdProviderImpl, OEM ID services), when the device has them. */
  vendorIds: { readonly udid?: string; readonly vaid?: string; readonly aaid?: string };
  notifications: readonly NotificationFacts[];
  /** Notification listeners the user enabled ("pkg/cls"). */
  notificationListeners: readonly string[];
  usage: readonly UsageFacts[];
  /** Reverse-geocoding answer for the device's position. */
  address: { countryCode: string; country: string; adminArea: string | null; locality: string | null; line: string } | null;
  /** System properties beyond the ones derived from the facts above. */
  systemProperties: Readonly<Record<string, string>>;
  /**
   * Files the app can open, by absolute path: their content, or the errno an open gets (SELinux
   * denials are EACCES). Paths not listed do not exist (ENOENT).
   */
  files: Readonly<Record<string, string | { readonly errno: 'EACCES' | 'ENOENT' | 'EPERM' }>>;
  /** MediaDrm (Widevine) deviceUniqueId, hex; null: the device has no Widevine (UnsupportedSchemeException). */
  drmId: string | null;
  /** MediaDrm (Widevine) string properties the scenario states (getPropertyString); others are not modelled. */
  drmStrings: Readonly<Record<string, string>>;
  /** Settings.Global device_name (the name users give the device). */
  deviceName: string;
  /** IMEI SV (TelephonyManager.getDeviceSoftwareVersion), two digits. */
  softwareVersion: string | null;
  /** SIM country (ISO 3166 alpha-2, lower case) and the registered network's. */
  simCountry: string | null;
  /** The cellular data interface's IPv4 (rmnet_data0) when there is a SIM. */
  mobileIp: string | null;
}

export interface ComponentDecl {
  name: string;
  /** ':push' style suffix or full process name; absent = the package's main process. */
  process?: string;
  exported?: boolean;
  actions?: readonly string[];
  authority?: string;
  /** android:permission of the component (a JobService requires android.permission.BIND_JOB_SERVICE). */
  permission?: string;
  /** Activities: android:persistableMode="persistAcrossReboots" (created with a PersistableBundle). */
  persistable?: boolean;
  /** Services: android:foregroundServiceType as ServiceInfo.FOREGROUND_SERVICE_TYPE_* bits. */
  foregroundServiceType?: number;
  /** Activities: android:theme as its framework resource id (ActivityInfo.theme). */
  theme?: number;
  /** Activities: android:excludeFromRecents. */
  excludeFromRecents?: boolean;
  /** Activities: android:taskAffinity as written (absent: the package name). */
  taskAffinity?: string;
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
  /** <uses-library> entries (org.apache.http.legacy ...). */
  usesLibraries: readonly string[];
  /** What the user answers when the app asks for a runtime permission (default: deny). */
  answers: Readonly<Record<string, boolean>>;
  /** What the user answers to the screen-capture consent dialog: "Start now" (true) or cancel (default). */
  screenCapture?: boolean;
}

/** A resolved component launch the system server handles (possibly in another package). */
export interface LaunchRequest {
  via: 'activity' | 'service' | 'foreground-service' | 'bind' | 'broadcast' | 'ordered-broadcast' | 'sticky-broadcast';
  callerPackage: string;
  callerPid: number;
  component: { package: string; class: string } | null;
  package: string | null;
  action: string | null;
  data: string | null;
  /** The Intent object, for the receiving side. */
  intent: JObject | null;
}

/** An extra's value as the system carries it between processes. */
export type ExtraValue = string | number | boolean | readonly string[] | readonly number[] | BinderExtra;

/** A binder in an extra (a projection token): the receiving process gets a BinderProxy to the same object. */
export interface BinderExtra {
  readonly binder: object;
}

/** What a PendingIntent starts (the system's PendingIntentRecord), kept host-side. */
export interface PendingTarget {
  kind: 'activity' | 'service' | 'foreground-service' | 'broadcast';
  creatorPackage: string;
  creatorUid: number;
  component: { package: string; class: string } | null;
  package: string | null;
  action: string | null;
  extras: Readonly<Record<string, ExtraValue>>;
}

/** A broadcast as a receiving process sees it. */
export interface BroadcastFacts {
  action: string;
  extras: Readonly<Record<string, ExtraValue>>;
  senderPackage: string;
}

/** A receiver registered at run time (Context.registerReceiver). */
export interface DynamicReceiverRecord {
  pid: number;
  package: string;
  actions: readonly string[];
  /** Context.RECEIVER_EXPORTED, or implied before Android 13. */
  exported: boolean;
  /** The registering process delivers it (LoadedApk$ReceiverDispatcher$Args on its handler). */
  deliver(b: BroadcastFacts): void;
  /** The receiver object, to unregister. */
  token: unknown;
}

export interface AlarmRecord {
  package: string;
  pid: number;
  /** AlarmManager.RTC_WAKEUP (0), RTC (1), ELAPSED_REALTIME_WAKEUP (2), ELAPSED_REALTIME (3). */
  type: number;
  triggerAt: number;
  interval: number;
  target: PendingTarget | null;
  /**
   * AlarmManagerService sends its PendingIntent with BroadcastOptions carrying a temporary
   * allowlist: FLAG_ALLOW_WHILE_IDLE(_UNRESTRICTED) alarms (mIdleOptions; Android 12+
   * mOptsWithFgs) and alarm clocks (Android 12+ mOptsWithFgsForAlarmClock; counted at every
   * release, as an allowlist nobody has ruled out only makes a refusal fail loudly).
   */
  allowlistsOnSend?: boolean;
  /** An OnAlarmListener: runs in the registering process while it lives. */
  listener: (() => void) | null;
  /** The OnAlarmListener object itself (AlarmManager.cancel(OnAlarmListener) finds the alarm by it). */
  listenerToken?: unknown;
}

export interface JobRecord {
  package: string;
  uid: number;
  id: number;
  service: { package: string; class: string };
  minLatencyMs: number;
  intervalMs: number;
  persisted: boolean;
}

export interface RunningProcessRecord {
  pid: number;
  uid: number;
  processName: string;
  package: string;
  /** RunningAppProcessInfo.IMPORTANCE_*: 100 foreground, 125 foreground service, 400 cached... */
  importance: number;
}

export interface RunningServiceRecord {
  package: string;
  className: string;
  processName: string;
  pid: number;
  uid: number;
  foreground: boolean;
  /** SystemClock.elapsedRealtime() when it started. */
  activeSince: number;
}

export interface ClipboardState {
  text: string | null;
  label: string | null;
  /** Package that set the clip (the user's copy: null). */
  source: string | null;
  /** Virtual ms when it was set. */
  at: number;
}

/** One process start as the system recorded it (ApplicationStartInfo, Android 15+). */
export interface ProcessStartRecord {
  pid: number;
  processName: string;
  /** ApplicationStartInfo.START_REASON_*. */
  reason: number;
  /** START_TYPE_COLD (1). */
  startType: number;
  action: string | null;
  component: { package: string; class: string } | null;
  /** Device wall clock at the start. */
  at: number;
}

export interface SystemServer {
  /** Process starts of a package, newest first. */
  processStarts(pkg: string): ProcessStartRecord[];
  /** Delivers a launch; returns the packages it reached. */
  launch(req: LaunchRequest): string[];
  /** App processes alive now. */
  runningProcesses(): RunningProcessRecord[];
  /** Services running now (started or bound). */
  runningServices(): RunningServiceRecord[];
  /** Package whose activity is resumed on screen, or null. */
  foregroundPackage(): string | null;
  /**
   * The package's uid is top (ActivityManager PROCESS_STATE_TOP): an activity of it is resumed or
   * being launched (a launch makes it top before its process runs), and it has not left since.
   */
  uidTop(pkg: string): boolean;
  /** The primary clip (ClipboardService). */
  readonly clipboard: ClipboardState;
  /** Sets the primary clip and tells every registered OnPrimaryClipChangedListener. */
  setClipboard(text: string, label: string | null, source: string | null): void;
  /** A listener for primary clip changes, run in the registering process. */
  addClipListener(pid: number, fn: () => void): void;
  registerReceiver(r: DynamicReceiverRecord): void;
  unregisterReceiver(pid: number, token: unknown): boolean;
  setAlarm(a: AlarmRecord): void;
  /** Whether an equal PendingIntent (same kind, component/package, action) exists already. */
  samePending(t: PendingTarget): boolean;
  /** PendingIntent.cancel / AlarmManager.cancel: forgets it and the alarms that use it. */
  cancelPending(t: PendingTarget): void;
  /** AlarmManager.cancel(OnAlarmListener): the alarms set with that listener. */
  cancelAlarmListener(token: unknown): void;
  /** PendingIntent.send: the system starts what it names, as its creator. */
  sendPending(t: PendingTarget, extras: Readonly<Record<string, ExtraValue>>): void;
  scheduleJob(j: JobRecord): void;
  cancelJob(pkg: string, id: number): void;
  /** JobScheduler.cancelAll: every job of the package. */
  cancelAllJobs(pkg: string): void;
  /** The package's SharedPreferences file `name` on the disk (app data: survives its processes, gone with pm clear). */
  sharedPrefsFile(pkg: string, name: string): PrefsFile;
  /** Asks the user (the permission dialog): returns the answers, in order, and applies them. */
  requestPermissions(pkg: string, permissions: readonly string[]): boolean[];
  /** Asks the user (the screen-capture consent dialog): "Start now" (true) or cancel. */
  screenCaptureConsent(pkg: string): boolean;
  /**
   * MediaProjectionManagerService's state (the current projection grant) and, from API 34,
   * ActivityManagerService.mMediaProjectionTokenMap (the consent tokens per uid that let an app
   * start a foreground service of type mediaProjection). The grants are emulator/android/identity.ts's.
   */
  readonly mediaProjection: { current: object | null; readonly tokens: Map<number, Set<object>> };
  /** Registered location listeners hear of new fixes; returns an id for removal. */
  addLocationListener(pid: number, fn: (fix: Location) => void): void;
  /** Activity.finish(): the system removes the activity's record (a finished top no longer holds the foreground). */
  activityFinished(pkg: string, activity: JObject): void;
  /** An activity of the package was resumed (true) or paused (false): the uid's foreground state. */
  uiStateChanged(pkg: string, resumed: boolean): void;
  /** What a started service's onStartCommand returned (START_STICKY 1, START_NOT_STICKY 2, START_REDELIVER_INTENT 3). */
  serviceStartResult(pkg: string, className: string, result: number, intent: JObject | null): void;
  /** stopSelf / stopService: the service is not restarted after its process dies. */
  serviceStopped(pkg: string, className: string): void;
  /**
   * Services a foreground-service start turned into foreground services (startForeground), with
   * their ServiceInfo.FOREGROUND_SERVICE_TYPE_* bits (API 29+; 0 when none).
   */
  setForeground(pkg: string, className: string, foreground: boolean, types?: number): void;
  /**
   * Service.startForeground's background check (ActiveServices.setServiceForegroundInnerLocked,
   * Android 12+): the ForegroundServiceStartNotAllowedException text, or null when allowed.
   */
  startForegroundRefusal(pkg: string, className: string, types: number): string | null;
  /** ActivityManagerInternal.hasRunningForegroundService(uid, type): a foreground service of the uid has the type bit. */
  hasForegroundServiceOfType(uid: number, type: number): boolean;
  /** The package owning a content authority, with the provider's declaration. */
  providerFor(authority: string): { package: string; decl: ComponentDecl } | null;
  /**
   * Starts the process of another app's provider for a call into it (as the system does) and,
   * for query/call/insert, delivers that call to the provider with the caller's identity.
   */
  touchProvider(callerPackage: string, authority: string, call?: { op: 'query' | 'call' | 'insert'; method: string | null }): boolean;
  /** ContentResolver.setSyncAutomatically / getSyncAutomatically state. */
  readonly syncAutomatically: Map<string, boolean>;
  /** Something the emulator cannot model happened (reported, never hidden). */
  notice(text: string): void;
}

export interface NetworkStack {
  resolve(host: string): string;
}

export interface ProcessEnv {
  readonly pid: number;
  readonly uid: number;
  readonly processName: string;
  readonly device: DeviceFacts;
  /**
   * What open(path) finds from this process: /proc/<own pid>/ is /proc/self/ and /proc/self/net/
   * is /proc/net/ (proc(5)); /proc/self/cmdline and comm are the process's; else device.files.
   * undefined: no such file (ENOENT).
   */
  file(path: string): DeviceFacts['files'][string] | undefined;
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
  /** Runs a started thread's first task now if it has not run (a caller waits for it, as HandlerThread.getLooper does). */
  awaitThreadStart(thread: JavaThread): void;
  /** The thread ends (a Looper quit): queued work is dropped. */
  endThread(thread: JavaThread, safely?: boolean): void;
  /** A new thread parked in a long-running entry (pool worker, HandlerThread): `base` frames stay on its stack. */
  newThread(name: string, base: readonly JMethod[]): JavaThread;
  /** The app's PathClassLoader over its dex (LoadedApk.getClassLoader). */
  createAppLoader(): JLoader;
  /** A dex file the app may load after start (scenario app.plugins), by absolute path, or null. */
  dexFile(path: string): DexFile | null;
  /** Loaders created by BaseDexClassLoader constructors, by dex path (the latest per path). */
  readonly dexLoaders: Map<string, JLoader>;
  permissionGranted(permission: string): boolean;
  /** Per-process framework singletons (the ActivityThread, the Application, system services...). */
  readonly singletons: Map<string, unknown>;
  /** fork + exec of a child program (Runtime.exec); returns the java.lang.Process object. */
  exec(argv: readonly string[]): JObject;
  /** Native layer (libc / libssl) operations with Interceptor-visible calls. */
  readonly natives: import('../native/natives.js').NativeLayer;
}

/** A plugin dex: the classes it defines and whom its loader delegates to first. */
export interface DexFile {
  specs: ReadonlyMap<string, import('../java/model.js').ClassSpec>;
  parent: 'app' | 'boot';
}
