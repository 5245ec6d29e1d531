// Scenario files: an app (with its SDKs and components), the device it runs on, and a timeline of
// what happens, in virtual milliseconds. Validated with TypeBox; every error names its JSON path.
import { Type, type Static } from '@sinclair/typebox';

const Str = Type.String({ minLength: 1 });
const ClassName = Type.String({ pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+$', description: 'a binary class name, e.g. com.igexin.push.core.a$1' });
const Package = Type.String({ pattern: '^[a-zA-Z][\\w]*(\\.[a-zA-Z][\\w]*)+$' });
const Ms = Type.Integer({ minimum: 0 });
const Mac = Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$' });
const Ipv4 = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+$' });
const opt = Type.Optional;

/** 'com.sdk.Cls.method' (outermost frame first when in a list). */
const FrameRef = Type.String({ pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+\\.[A-Za-z_$<][\\w$>]*$', description: 'class.method' });

/** 'a.b.C.method(x.Y, int)': a method with its exact parameter list. */
const CallRef = Type.String({ pattern: '^[\\w.$]+\\.[\\w$<>]+\\([\\w.$\\[\\];, ]*\\)$' });
/** 'a.b.C(x.Y, int)': a constructor with its exact parameter list. */
const NewRef = Type.String({ pattern: '^[\\w.$]+\\([\\w.$\\[\\];, ]*\\)$' });
/** 'a.b.C.FIELD': a static field. */
const StaticRef = Type.String({ pattern: '^[\\w.$]+\\.[A-Za-z_$][\\w$]*$' });

/**
 * A value passed to a Java method: a JSON literal, "$name" (a variable, $context, $activity,
 * $this, $looper, $base, or $p0... for a callback's parameters), or a built value: a new object
 * through a public constructor, the result of a call, a static field, an array, or an object of
 * an SDK class implementing a framework interface (or extending a framework class) whose
 * callbacks run actions.
 */
export const ArgSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.String(),
      Type.Number(),
      Type.Boolean(),
      Type.Null(),
      Type.Object({ new: NewRef, args: Type.Optional(Type.Array(Self)) }, { additionalProperties: false }),
      Type.Object({ call: CallRef, on: Type.Optional(Self), args: Type.Optional(Type.Array(Self)) }, { additionalProperties: false }),
      Type.Object({ static: StaticRef }, { additionalProperties: false }),
      /**
       * A time relative to now, as SDK code computes it: SystemClock.elapsedRealtime() (default) or
       * System.currentTimeMillis() plus `after` ms (alarm trigger times, re-armed alarms).
       */
      Type.Object({ after: Type.Integer(), clock: Type.Optional(Type.Union([Type.Literal('elapsed'), Type.Literal('wall')])) }, { additionalProperties: false }),
      Type.Object({ array: Type.String({ minLength: 1 }), items: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object(
        {
          object: ClassName,
          of: ClassName,
          /** Callback bodies by method name; the callback's arguments are $p0, $p1, ... */
          methods: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_$][\\w$]*$' }), Type.Array(Type.Ref('Action')))),
          /** Constructor arguments for the framework superclass (when it has no no-argument constructor). */
          superArgs: Type.Optional(Type.Array(Self)),
        },
        { additionalProperties: false },
      ),
      /** The java.lang.Class of an app class (defined here when `of` is given, like `object`). */
      Type.Object(
        {
          class: ClassName,
          of: Type.Optional(ClassName),
          methods: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_$][\\w$]*$' }), Type.Array(Type.Ref('Action')))),
        },
        { additionalProperties: false },
      ),
    ]),
  { $id: 'Arg' },
);
export type ArgValue = Static<typeof ArgSchema>;
const Arg = ArgSchema;

export const READS = [
  'android_id',
  'android_id_system',
  'imei',
  'device_id',
  'meid',
  'imsi',
  'sim_serial',
  'phone_number',
  'serial',
  'location',
  'installed_packages',
  'installed_applications',
  'wifi_bssid',
  'wifi_ssid',
  'mac_address',
  'running_apps',
  'clipboard',
  'accounts',
  'cell_location',
  'advertising_id',
] as const;

const Http = Type.Object(
  {
    url: Type.String({ pattern: '^https?://' }),
    method: opt(Type.String({ pattern: '^[A-Z]+$' })),
    headers: opt(Type.Record(Type.String(), Type.String())),
    /**
     * Body template: {{$var}}, {{md5:$var}}, {{sha1:…}}, {{sha256:…}}, {{base64:…}}, {{hex:…}},
     * {{urlencode:…}}, {{lat:…}} / {{lng:…}} (of a location), {{fixed2:…}} … {{fixed7:…}} (a number
     * with that many decimals), chained right to left ({{fixed2:lat:$loc}}), and {{ts}}.
     */
    body: opt(Type.String()),
    response: opt(Type.Object({ status: Type.Integer({ minimum: 100, maximum: 599 }), body: opt(Type.String()) }, { additionalProperties: false })),
    /** HttpURLConnection.disconnect() after the response: the socket closes and Conscrypt frees its SSL*. */
    disconnect: opt(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Intent = Type.Object(
  {
    via: Type.Union([Type.Literal('activity'), Type.Literal('service'), Type.Literal('foreground-service'), Type.Literal('bind'), Type.Literal('broadcast')]),
    package: opt(Package),
    component: opt(ClassName),
    action: opt(Str),
    extras: opt(Type.Record(Type.String(), Type.String())),
    /** bindService needs a ServiceConnection: the SDK class implementing it. */
    connection: opt(ClassName),
  },
  { additionalProperties: false },
);

export const ActionSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ call: CallRef, on: opt(Arg), args: opt(Type.Array(Arg)), as: opt(Str), uncaught: opt(Type.Boolean()) }, { additionalProperties: false }),
      /** Constructs an object (framework, library or SDK class) and keeps it in a variable. */
      Type.Object({ new: NewRef, args: opt(Type.Array(Arg)), as: Str, uncaught: opt(Type.Boolean()) }, { additionalProperties: false }),
      Type.Object({ read: Type.Union(READS.map((r) => Type.Literal(r))), slot: opt(Type.Integer({ minimum: 0, maximum: 1 })), as: opt(Str), uncaught: opt(Type.Boolean()) }, { additionalProperties: false }),
      Type.Object({ in: Type.Union([FrameRef, Type.Array(FrameRef, { minItems: 1 })]), do: Type.Array(Self) }, { additionalProperties: false }),
      /** A loop in the current method: `do` runs `repeat` times from the same call sites (one dex pc per call, as a backward branch gives). */
      Type.Object({ repeat: Type.Integer({ minimum: 1, maximum: 1000 }), do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ execute: Str, task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      /** ExecutorService.submit(Runnable): the pool wraps the task in a FutureTask (AbstractExecutorService.newTaskFor). */
      Type.Object({ submit: Str, task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ post: Type.Literal('main'), delayMs: opt(Ms), task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ thread: Str, task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ http: Http, as: opt(Str) }, { additionalProperties: false }),
      /** new DexClassLoader(path, null, null, parent) (or PathClassLoader): the plugin's classes become loadable. */
      Type.Object({ loadDex: Type.String({ pattern: '^/' }), via: opt(Type.Union([Type.Literal('DexClassLoader'), Type.Literal('PathClassLoader')])) }, { additionalProperties: false }),
      /**
       * A string the SDK builds from several values (a template like an HTTP body), kept in a
       * variable: payloads made of several values, formatted numbers ({{fixed2:lat:$loc}}) and
       * nested encodings ({{base64:$json}} of a JSON text holding {{$imei}}).
       */
      Type.Object({ format: Type.String(), as: Str }, { additionalProperties: false }),
      Type.Object({ socket: Type.Object({ host: Str, port: Type.Integer({ minimum: 1, maximum: 65535 }), payload: Type.String() }, { additionalProperties: false }) }, { additionalProperties: false }),
      Type.Object(
        {
          native: Type.Object(
            {
              lib: Type.String({ pattern: '^lib[\\w.-]+\\.so$' }),
              method: FrameRef,
              host: Str,
              port: Type.Integer({ minimum: 1, maximum: 65535 }),
              payload: Type.String(),
              /** The libc call the library sends with (default sendto). */
              via: opt(Type.Union([Type.Literal('sendto'), Type.Literal('write'), Type.Literal('writev'), Type.Literal('sendmsg'), Type.Literal('sendmmsg')])),
              /** Over TLS through the system libssl (SSL_new with the host as SNI, SSL_write, SSL_free), instead of `via`. */
              tls: opt(Type.Boolean()),
              /** A connected UDP socket instead of TCP. */
              udp: opt(Type.Boolean()),
              /** Over TLS through BoringSSL linked into `lib` (one of the app's staticTlsLibs), loaded at first use. */
              staticTls: opt(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          /** A native library reads an identifier without the framework (libc), from `method` (a native frame). */
          nativeRead: Type.Object(
            {
              lib: Type.String({ pattern: '^lib[\\w.-]+\\.so$' }),
              method: FrameRef,
              call: Type.Union([Type.Literal('open'), Type.Literal('openat'), Type.Literal('fopen'), Type.Literal('__system_property_get'), Type.Literal('getifaddrs'), Type.Literal('ioctl')]),
              /** The path (open/openat/fopen), property name (__system_property_get) or interface (ioctl). */
              arg: opt(Type.String()),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          /**
           * A native library appends to its own file (a log or cache): openat, `times` write() calls
           * of `line`, close. Unrelated to the network: the traffic the hot libc hooks must ignore.
           */
          nativeWrite: Type.Object(
            {
              lib: Type.String({ pattern: '^lib[\\w.-]+\\.so$' }),
              method: FrameRef,
              path: Type.String({ pattern: '^/' }),
              line: Type.String(),
              times: opt(Type.Integer({ minimum: 1, maximum: 100000 })),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object({ start: Intent }, { additionalProperties: false }),
      Type.Object({ exec: Type.Object({ path: Type.String({ pattern: '^/' }), argv: opt(Type.Array(Type.String())) }, { additionalProperties: false }) }, { additionalProperties: false }),
      Type.Object({ throw: ClassName, message: opt(Type.String()) }, { additionalProperties: false }),
      /**
       * A condition in the SDK's or app's code: `then` runs when the value is true (a boolean),
       * non-null (an object or string) or non-zero (a number), else `else`. The value is built by
       * real calls, e.g. SharedPreferences.getBoolean on Context.getSharedPreferences("consent", 0):
       * "initialise only if consent was stored". A Java exception while building it counts as false.
       */
      Type.Object({ if: Arg, then: Type.Array(Self), else: opt(Type.Array(Self)) }, { additionalProperties: false }),
    ]),
  { $id: 'Action' },
);
export type Action = Static<typeof ActionSchema>;

const Actions = Type.Array(ActionSchema);

/** android:foregroundServiceType names and their ServiceInfo.FOREGROUND_SERVICE_TYPE_* bits. */
export const FOREGROUND_SERVICE_TYPES: Readonly<Record<string, number>> = {
  dataSync: 1,
  mediaPlayback: 2,
  phoneCall: 4,
  location: 8,
  connectedDevice: 16,
  mediaProjection: 32,
  camera: 64,
  microphone: 128,
  health: 256,
  remoteMessaging: 512,
  systemExempted: 1024,
  shortService: 2048,
  mediaProcessing: 8192,
  specialUse: 1073741824,
};

const Component = Type.Object(
  {
    class: ClassName,
    /** ':push' (private process suffix) or a full process name; default: the package's main process. */
    process: opt(Type.String({ pattern: '^(:[\\w.]+|[a-zA-Z][\\w.]*(:[\\w.]+)?)$' })),
    exported: opt(Type.Boolean()),
    actions: opt(Type.Array(Str)),
    onCreate: opt(Actions),
    onResume: opt(Actions),
    onPause: opt(Actions),
    onStartCommand: opt(Actions),
    /**
     * Services: what an onStartCommand override returns without calling super (START_NOT_STICKY:
     * the system does not restart it). Absent: the framework's Service.onStartCommand decides
     * (START_STICKY for apps targeting API 5+).
     */
    startMode: opt(Type.Union([Type.Literal('START_NOT_STICKY'), Type.Literal('START_STICKY'), Type.Literal('START_REDELIVER_INTENT')])),
    onBind: opt(Actions),
    onReceive: opt(Actions),
    /** JobService.onStartJob (a service whose superclass is android.app.job.JobService). */
    onStartJob: opt(Actions),
    /** ContentProvider callbacks (providers only). */
    onQuery: opt(Actions),
    onCall: opt(Actions),
    onInsert: opt(Actions),
    /**
     * A framework superclass other than the role's default (android.app.job.JobService,
     * android.service.notification.NotificationListenerService for services, ...).
     */
    superclass: opt(ClassName),
    /** android:permission (android.permission.BIND_JOB_SERVICE for a JobService). */
    permission: opt(Type.String({ pattern: '^[\\w.]+$' })),
    /** Content authority (providers only). */
    authority: opt(Type.String({ pattern: '^[\\w.-]+$' })),
    /**
     * Activities: android:theme. Only framework themes whose resource id and window attributes are
     * cited are modelled (ACTIVITY_THEMES in emulator/android/pm.ts); any other name is refused.
     */
    theme: opt(Type.Union([Type.Literal('@android:style/Theme.Translucent.NoTitleBar')])),
    /** Activities: android:excludeFromRecents (ActivityInfo.FLAG_EXCLUDE_FROM_RECENTS). */
    excludeFromRecents: opt(Type.Boolean()),
    /** Activities: android:taskAffinity (default: the package name). */
    taskAffinity: opt(Type.String({ pattern: '^[\\w.:]*$' })),
    /** Activities: android:persistableMode (persistAcrossReboots: created with a PersistableBundle). */
    persistableMode: opt(Type.Union([Type.Literal('persistRootOnly'), Type.Literal('persistAcrossReboots'), Type.Literal('persistNever')])),
    /**
     * Activities: Activity.onActivityResult, run when an activity started for a result answers
     * (the screen-capture consent dialog); its arguments are $requestCode, $resultCode and $data.
     */
    onActivityResult: opt(Actions),
    /** Services: android:foregroundServiceType (the ServiceInfo.FOREGROUND_SERVICE_TYPE_* names). */
    foregroundServiceType: opt(Type.Array(Type.Union(Object.keys(FOREGROUND_SERVICE_TYPES).map((k) => Type.Literal(k))), { minItems: 1 })),
  },
  { additionalProperties: false },
);

const Sdk = Type.Object(
  {
    id: Str,
    name: Str,
    /** Java package prefixes of the SDK's classes. */
    packages: Type.Array(Package, { minItems: 1 }),
    nativeLibs: opt(Type.Array(Type.String({ pattern: '^lib[\\w.-]+\\.so$' }))),
    /** Obfuscated builds strip source file names ("SourceFile" in stack traces). */
    obfuscated: opt(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * A class of an SDK (or of the app) with methods whose bodies are scenario actions:
 * `new LocationClient(ctx)` then `.start()` run in frames of that class, so what the method does
 * carries the SDK's own class on its stack. Declarations are Java-like: 'public <init>(android.content.Context)',
 * 'public void start()', 'public static void init(android.content.Context, java.lang.String)',
 * 'public java.lang.String getId()'. A body sees its arguments as $p0, $p1, ... and `$this`; the
 * variables a constructor or method sets (`as`) stay on the object (static methods: on the class),
 * so `start()` can use what the constructor kept.
 */
const SdkClass = Type.Object(
  {
    class: ClassName,
    /** A framework or library superclass (default java.lang.Object); its no-argument constructor runs first. */
    extends: opt(ClassName),
    /** Framework or library interfaces it implements (their abstract methods must be among `methods`). */
    implements: opt(Type.Array(ClassName)),
    methods: Type.Array(
      Type.Object(
        {
          decl: Type.String({ pattern: '^(public |protected |private )?(static )?(final )?([\\w.$\\[\\]]+ [A-Za-z_$][\\w$]*|<init>)\\([\\w.$\\[\\]; ,]*\\)$' }),
          do: Actions,
          /** What a non-void method returns (evaluated after its body). */
          returns: opt(Arg),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type SdkClassDeclaration = Static<typeof SdkClass>;

const Executor = Type.Object(
  {
    threads: opt(Type.Integer({ minimum: 1, maximum: 64 })),
    /** Worker thread name, %d = worker number; default Executors' "pool-N-thread-M". */
    threadName: opt(Str),
  },
  { additionalProperties: false },
);

const Permissions = Type.Record(Type.String({ pattern: '^[\\w.]+$' }), Type.Union([Type.Literal('granted'), Type.Literal('denied')]));

const AppBase = {
  package: Package,
  label: opt(Str),
  versionName: opt(Type.String()),
  versionCode: opt(Type.Integer({ minimum: 0 })),
  targetSdk: opt(Type.Integer({ minimum: 1, maximum: 40 })),
  /** Base64 DER of the signing certificate; default: a deterministic placeholder per package. */
  signingCertificate: opt(Type.String({ pattern: '^[A-Za-z0-9+/]+=*$' })),
  /** Checked against the certificate's SHA-256 when both are given. */
  signingCertSha256: opt(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  application: opt(Component),
  launcher: opt(Component),
  components: opt(
    Type.Object(
      { activities: opt(Type.Array(Component)), services: opt(Type.Array(Component)), receivers: opt(Type.Array(Component)), providers: opt(Type.Array(Component)) },
      { additionalProperties: false },
    ),
  ),
  permissions: opt(Permissions),
  usesCleartextTraffic: opt(Type.Boolean()),
  queries: opt(Type.Array(Package)),
  nativeLibs: opt(Type.Array(Type.String({ pattern: '^lib[\\w.-]+\\.so$' }))),
  /**
   * Libraries of the app with BoringSSL linked in (Flutter's libflutter.so, Cronet): no SSL_*
   * export, mapped when first used (a late load), sending with `native` actions whose `staticTls`
   * is set. Modelled as the emulated build STATIC_TLS_BUILD (emulator/native/natives.ts).
   */
  staticTlsLibs: opt(Type.Array(Type.String({ pattern: '^lib[\\w.-]+\\.so$' }))),
  /** <uses-library> entries, e.g. org.apache.http.legacy (off the boot class path since Android 9). */
  usesLibraries: opt(Type.Array(Type.String({ pattern: '^[\\w.]+$' }))),
  /** What the user taps when the app requests a runtime permission: "grant" or "deny" (default). */
  answers: opt(Type.Record(Type.String({ pattern: '^[\\w.]+$' }), Type.Union([Type.Literal('grant'), Type.Literal('deny')]))),
  /** What the user taps in the screen-capture consent dialog (MediaProjectionManager.createScreenCaptureIntent): "start" or "cancel" (default). */
  screenCapture: opt(Type.Union([Type.Literal('start'), Type.Literal('cancel')])),
};

/**
 * The privacy dialog the launcher activity shows while the user has not agreed (MIIT-style apps
 * show one on first start). Its views sit in the activity's window or in a Dialog; each button's listener runs
 * its actions when clicked, then the dialog goes away. "remember": the app stores the decision in
 * its data, so later starts skip the dialog until the data is cleared.
 */
const PrivacyDialog = Type.Object(
  {
    /** "activity" (default): a panel in the launcher's own window; "dialog": an android.app.Dialog, a window of its own. */
    window: opt(Type.Union([Type.Literal('activity'), Type.Literal('dialog')])),
    title: opt(Type.String()),
    message: opt(Type.String()),
    buttons: Type.Array(
      Type.Object(
        {
          text: Str,
          class: opt(ClassName),
          id: opt(Type.Integer({ minimum: 1 })),
          listener: ClassName,
          do: Actions,
          remember: opt(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type PrivacyDialogDeclaration = Static<typeof PrivacyDialog>;

const App = Type.Object(
  {
    ...AppBase,
    privacyDialog: opt(PrivacyDialog),
    sdks: opt(Type.Array(Sdk)),
    executors: opt(Type.Record(Str, Executor)),
    /** SDK (and app) classes with callable methods whose bodies are actions (see SdkClass). */
    classes: opt(Type.Array(SdkClass)),
    /**
     * Libraries compiled into the app (emulator/libraries): okhttp3, okhttp4, volley,
     * androidx.core, androidx.fragment, androidx.work, gms.ads.identifier, hms.ads.identifier,
     * honor.ads.identifier, msa.oaid. Their classes exist only in apps that ship them.
     */
    libraries: opt(Type.Array(Type.String({ pattern: '^[a-z0-9.]+$' }))),
    /**
     * Dex files the app loads after start (plugin SDKs, hot-fix or packer payloads): the classes of
     * `packages` live only there, and exist once a { loadDex } action has created their class loader.
     */
    plugins: opt(
      Type.Array(
        Type.Object(
          {
            path: Type.String({ pattern: '^/' }),
            packages: Type.Array(Type.String({ pattern: '^[a-z][\\w.]*$' }), { minItems: 1 }),
            /** Libraries compiled into the plugin (its own copy, see `parent`). */
            libraries: opt(Type.Array(Type.String({ pattern: '^[a-z0-9.]+$' }))),
            /** 'app' (default): the app's loader is the parent; 'boot': isolated, so a library it ships is a second copy. */
            parent: opt(Type.Union([Type.Literal('app'), Type.Literal('boot')])),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

const OtherApp = Type.Object({ ...AppBase }, { additionalProperties: false });

const Device = Type.Object(
  {
    apiLevel: Type.Integer({ minimum: 24, maximum: 36 }),
    manufacturer: opt(Str),
    brand: opt(Str),
    model: opt(Str),
    buildId: opt(Str),
    serial: opt(Str),
    imei: Type.Array(Type.String({ pattern: '^\\d{15}$' }), { minItems: 1, maxItems: 2 }),
    meid: opt(Type.String({ pattern: '^[0-9A-F]{14}$' })),
    imsi: opt(Type.String({ pattern: '^\\d{14,15}$' })),
    iccid: opt(Type.String({ pattern: '^\\d{19,20}$' })),
    phoneNumber: opt(Type.String({ pattern: '^\\+?\\d{5,15}$' })),
    operator: opt(Type.String({ pattern: '^\\d{5,6}$' })),
    operatorName: opt(Str),
    androidId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    wifi: opt(
      Type.Object(
        {
          ssid: Str,
          bssid: Mac,
          mac: Mac,
          ip: Ipv4,
          gateway: opt(Ipv4),
          dns: opt(Ipv4),
          frequency: opt(Type.Integer({ minimum: 2400, maximum: 7200 })),
          rssi: opt(Type.Integer({ minimum: -127, maximum: 0 })),
          scan: opt(Type.Array(Type.Object({ ssid: Type.String(), bssid: Mac, level: opt(Type.Integer({ minimum: -127, maximum: 0 })), frequency: opt(Type.Integer({ minimum: 2400, maximum: 7200 })) }, { additionalProperties: false }))),
        },
        { additionalProperties: false },
      ),
    ),
    cells: opt(
      Type.Array(
        Type.Object(
          {
            type: Type.Union([Type.Literal('gsm'), Type.Literal('lte')]),
            mcc: Type.Integer({ minimum: 0, maximum: 999 }),
            mnc: Type.Integer({ minimum: 0, maximum: 999 }),
            /** TAC (LTE/NR) or LAC (GSM/WCDMA). */
            area: Type.Integer({ minimum: 0, maximum: 16777215 }),
            cid: Type.Integer({ minimum: 0 }),
            pci: opt(Type.Integer({ minimum: 0, maximum: 1007 })),
            arfcn: opt(Type.Integer({ minimum: 0 })),
            dbm: opt(Type.Integer({ minimum: -150, maximum: -20 })),
            /** The serving cell (default: the first one). */
            registered: opt(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    bluetooth: opt(Type.Object({ address: Mac, name: Str, bonded: opt(Type.Array(Type.Object({ address: Mac, name: Str }, { additionalProperties: false }))) }, { additionalProperties: false })),
    accounts: opt(
      Type.Array(
        Type.Object(
          {
            name: Str,
            type: Str,
            /** Package of the authenticator (apps signed like it see the account on Android 8+). */
            authenticator: opt(Package),
            visibleTo: opt(Type.Array(Package)),
            password: opt(Type.String()),
            authTokens: opt(Type.Record(Type.String(), Type.String())),
            userData: opt(Type.Record(Type.String(), Type.String())),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    contacts: opt(Type.Array(Type.Object({ name: Str, phone: Str, email: opt(Type.String()) }, { additionalProperties: false }))),
    sms: opt(Type.Array(Type.Object({ address: Str, body: Type.String(), date: opt(Type.Integer({ minimum: 0 })), type: opt(Type.Union([Type.Literal('inbox'), Type.Literal('sent')])) }, { additionalProperties: false }))),
    callLog: opt(
      Type.Array(
        Type.Object(
          { number: Str, name: opt(Type.String()), date: opt(Type.Integer({ minimum: 0 })), duration: opt(Type.Integer({ minimum: 0 })), type: opt(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing'), Type.Literal('missed')])) },
          { additionalProperties: false },
        ),
      ),
    ),
    clipboard: opt(Type.String()),
    /** Hardware sensors (Sensor.TYPE_* numbers); default: a typical phone's set. */
    sensors: opt(Type.Array(Type.Object({ type: Type.Integer({ minimum: 1 }), name: Str, vendor: opt(Str), wakeUp: opt(Type.Boolean()), dynamic: opt(Type.Boolean()) }, { additionalProperties: false }))),
    /** Google advertising ID (needs com.google.android.gms among installedApps to be readable). */
    advertisingId: opt(Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' })),
    limitAdTracking: opt(Type.Boolean()),
    /** The vendor OAID (MSA / HMS / Honor identifier services). */
    oaid: opt(Type.String({ pattern: '^[0-9a-fA-F-]{16,64}$' })),
    /** The vendor's other IDs (UDID, VAID, AAID), answered by vendor ID services when declared. */
    vendorIds: opt(Type.Object({ udid: opt(Str), vaid: opt(Str), aaid: opt(Str) }, { additionalProperties: false })),
    notifications: opt(Type.Array(Type.Object({ package: Package, id: opt(Type.Integer()), title: Type.String(), text: Type.String(), postedAt: opt(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }))),
    /** Notification listeners the user enabled in settings: "package/class". */
    notificationListeners: opt(Type.Array(Type.String({ pattern: '^[\\w.]+/[\\w.$]+$' }))),
    /** Per-app usage (UsageStatsManager), readable with the PACKAGE_USAGE_STATS app-op. */
    usage: opt(Type.Array(Type.Object({ package: Package, foregroundMs: Type.Integer({ minimum: 0 }), lastUsed: opt(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }))),
    /** What reverse geocoding answers for the device's position (needs a geocoder backend: Google Play services). */
    address: opt(Type.Object({ countryCode: Type.String({ pattern: '^[A-Z]{2}$' }), country: Str, adminArea: opt(Str), locality: opt(Str), line: Str }, { additionalProperties: false })),
    systemProperties: opt(Type.Record(Type.String({ pattern: '^[\\w.-]+$' }), Type.String())),
    /** Files by absolute path: content, or the errno opening it gets (EACCES for SELinux denials). Unlisted paths do not exist. */
    files: opt(Type.Record(Type.String({ pattern: '^/' }), Type.Union([Type.String(), Type.Object({ errno: Type.Union([Type.Literal('EACCES'), Type.Literal('ENOENT'), Type.Literal('EPERM')]) }, { additionalProperties: false })]))),
    /** Widevine deviceUniqueId (hex, 32 bytes); absent: derived from the serial. null: no Widevine on the device. */
    drmId: opt(Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()])),
    /**
     * Widevine string properties (MediaDrm.getPropertyString) as this device's plugin answers them
     * ("vendor", "version", "systemId", ...). What a plugin answers differs by plugin version and
     * vendor; a property not listed here makes the emulator fail loudly rather than guess.
     */
    drmStrings: opt(Type.Record(Type.String({ minLength: 1 }), Type.String())),
    /** Settings.Global device_name; absent: the model name. */
    deviceName: opt(Str),
    /** IMEI SV, two digits. */
    softwareVersion: opt(Type.String({ pattern: '^[0-9]{2}$' })),
    /** SIM and network country (ISO 3166 alpha-2, lower case); absent: cn for MCC 460, else unknown. */
    simCountry: opt(Type.String({ pattern: '^[a-z]{2}$' })),
    location: opt(Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }), accuracy: opt(Type.Number({ minimum: 0 })), provider: opt(Str) }, { additionalProperties: false })),
    installedApps: opt(
      Type.Array(
        Type.Object(
          {
            package: Package,
            label: opt(Str),
            versionName: opt(Type.String()),
            versionCode: opt(Type.Integer({ minimum: 0 })),
            system: opt(Type.Boolean()),
            /** Its launcher activity (MAIN/LAUNCHER): launcher queries list it. */
            launcher: opt(ClassName),
            /** Permissions it was granted (getPackagesHoldingPermissions). */
            permissions: opt(Type.Array(Type.String({ pattern: '^[\\w.]+$' }))),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    hosts: opt(Type.Record(Type.String(), Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+$' }))),
    /**
     * Servers that select HTTP/2 through ALPN. Clients that offer it (app-bundled OkHttp 3/4:
     * protocols [HTTP_2, HTTP_1_1]) then speak h2 to them; the platform HttpURLConnection offers
     * only http/1.1.
     */
    h2Hosts: opt(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

const StartReason = Type.Union([Type.Literal('launcher'), Type.Literal('activity'), Type.Literal('service'), Type.Literal('receiver'), Type.Literal('alarm'), Type.Literal('job'), Type.Literal('push')]);
const ProcessRef = opt(Type.String({ pattern: '^(:[\\w.]+|main|[a-zA-Z][\\w.]*(:[\\w.]+)?)$' }));

const Entry = Type.Union([
  Type.Object({ at: Ms, type: Type.Literal('launch') }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('background') }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('foreground') }, { additionalProperties: false }),
  /** The user opens an activity of the app, or (`from`) another app's code starts it (a partner app's SDK waking this one). */
  Type.Object({ at: Ms, type: Type.Literal('open'), activity: ClassName, from: opt(Package) }, { additionalProperties: false }),
  Type.Object(
    {
      at: Ms,
      type: Type.Literal('click'),
      view: Type.Object({ class: opt(ClassName), text: opt(Type.String()), description: opt(Type.String()), id: opt(Type.Integer()) }, { additionalProperties: false }),
      listener: ClassName,
      do: Actions,
    },
    { additionalProperties: false },
  ),
  /**
   * A broadcast the system or another app sends to the app. `allowlistMs`: the sender's
   * BroadcastOptions temporary allowlist (Google Play services sends high-priority FCM messages with
   * one; the duration is the sender's choice): for that long the receiving app may start services
   * and foreground services from the background.
   */
  Type.Object(
    { at: Ms, type: Type.Literal('broadcast'), action: Str, component: opt(ClassName), package: opt(Package), reason: opt(StartReason), allowlistMs: opt(Type.Integer({ minimum: 1, maximum: 600_000 })) },
    { additionalProperties: false },
  ),
  /**
   * A service of the app (or of `package`) started, or with `bind` bound, by someone other than the
   * app's own code. `from`: who calls startService/bindService, "system" (a system_server
   * component, uid 1000) or another installed package. A plain start meets Android 8's background
   * limit like any startService (the service's app idle in the background: refused, the caller told,
   * the app sees nothing); a bind does not. A refused start that names no caller stops the run: who
   * asked decides what a phone does (a notification action or a push may have temp-allowlisted the
   * app), so the scenario must say.
   */
  Type.Object(
    {
      at: Ms,
      type: Type.Literal('service'),
      component: ClassName,
      package: opt(Package),
      action: opt(Str),
      reason: opt(StartReason),
      bind: opt(Type.Boolean()),
      /** "system" or another installed package (load.ts checks which, naming the entry). */
      from: opt(Str),
    },
    { additionalProperties: false },
  ),
  Type.Object({ at: Ms, type: Type.Literal('run'), process: ProcessRef, thread: opt(Str), task: ClassName, do: Actions }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('grant'), permission: Type.String({ pattern: '^[\\w.]+$' }), granted: Type.Boolean() }, { additionalProperties: false }),
  Type.Object(
    {
      at: Ms,
      type: Type.Literal('crash'),
      process: ProcessRef,
      kind: Type.Union([Type.Literal('java'), Type.Literal('native')]),
      exception: opt(ClassName),
      message: opt(Type.String()),
      library: opt(Type.String({ pattern: '^lib[\\w.-]+\\.so$' })),
      signal: opt(Type.Union([Type.Literal('SIGSEGV'), Type.Literal('SIGABRT'), Type.Literal('SIGBUS')])),
    },
    { additionalProperties: false },
  ),
  Type.Object({ at: Ms, type: Type.Literal('kill'), process: ProcessRef }, { additionalProperties: false }),
  /** Another installed app calls into one of the traced app's content providers. */
  Type.Object(
    { at: Ms, type: Type.Literal('provider'), from: Package, authority: Type.String({ pattern: '^[\\w.-]+$' }), op: Type.Union([Type.Literal('query'), Type.Literal('call'), Type.Literal('insert')]), method: opt(Str) },
    { additionalProperties: false },
  ),
  /** The user copies text (ClipboardManager listeners are told). */
  Type.Object({ at: Ms, type: Type.Literal('copy'), text: Type.String() }, { additionalProperties: false }),
  /** A new location fix: registered listeners receive it. */
  Type.Object({ at: Ms, type: Type.Literal('location'), latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }), accuracy: opt(Type.Number({ minimum: 0 })) }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('end') }, { additionalProperties: false }),
]);
export type Entry = Static<typeof Entry>;

export const ScenarioSchema = Type.Object(
  {
    $schema: opt(Type.String()),
    name: Str,
    description: opt(Type.String()),
    notes: opt(Type.Array(Type.String())),
    /** Device wall clock at virtual time 0 (ms since the epoch); default 2026-01-01T00:00:00Z. */
    startEpochMs: opt(Type.Integer({ minimum: 0 })),
    /** Virtual ms after the launch when the scenario ends; default: last timeline entry + 5000. */
    durationMs: opt(Type.Integer({ minimum: 1 })),
    device: Device,
    app: App,
    otherApps: opt(Type.Array(OtherApp)),
    timeline: Type.Array(Entry),
  },
  { additionalProperties: false },
);
export type Scenario = Static<typeof ScenarioSchema>;
export type ComponentDeclaration = Static<typeof Component>;
export type AppDeclaration = Static<typeof App>;
export type OtherAppDeclaration = Static<typeof OtherApp>;
