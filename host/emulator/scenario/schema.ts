// Scenario files: an app (with its SDKs and components), the device it runs on, and a timeline of
// what happens, in virtual milliseconds. Validated with TypeBox; every error names its JSON path.
import { Type, type Static } from '@sinclair/typebox';

const Str = Type.String({ minLength: 1 });
const ClassName = Type.String({ pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+$', description: 'a binary class name, e.g. com.igexin.push.core.a$1' });
const Package = Type.String({ pattern: '^[a-zA-Z][\\w]*(\\.[a-zA-Z][\\w]*)+$' });
const Ms = Type.Integer({ minimum: 0 });
const opt = Type.Optional;

/** 'com.sdk.Cls.method' (outermost frame first when in a list). */
const FrameRef = Type.String({ pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+\\.[A-Za-z_$<][\\w$>]*$', description: 'class.method' });

/** A value passed to a Java method: a JSON literal or "$name" (a variable, $context, $activity, $this). */
const Arg = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const READS = ['android_id', 'android_id_system', 'imei', 'device_id', 'meid', 'imsi', 'sim_serial', 'phone_number', 'serial', 'location', 'installed_packages', 'installed_applications'] as const;

const Http = Type.Object(
  {
    url: Type.String({ pattern: '^https?://' }),
    method: opt(Type.String({ pattern: '^[A-Z]+$' })),
    headers: opt(Type.Record(Type.String(), Type.String())),
    /** Body template: {{$var}}, {{md5:$var}}, {{sha1:…}}, {{sha256:…}}, {{base64:…}}, {{hex:…}}, {{urlencode:…}}, {{ts}}. */
    body: opt(Type.String()),
    response: opt(Type.Object({ status: Type.Integer({ minimum: 100, maximum: 599 }), body: opt(Type.String()) }, { additionalProperties: false })),
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
      Type.Object({ call: Type.String({ pattern: '^[\\w.$]+\\.[\\w$<>]+\\([\\w.$\\[\\];, ]*\\)$' }), on: opt(Type.String()), args: opt(Type.Array(Arg)), as: opt(Str), uncaught: opt(Type.Boolean()) }, { additionalProperties: false }),
      Type.Object({ read: Type.Union(READS.map((r) => Type.Literal(r))), slot: opt(Type.Integer({ minimum: 0, maximum: 1 })), as: opt(Str), uncaught: opt(Type.Boolean()) }, { additionalProperties: false }),
      Type.Object({ in: Type.Union([FrameRef, Type.Array(FrameRef, { minItems: 1 })]), do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ execute: Str, task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ post: Type.Literal('main'), delayMs: opt(Ms), task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ thread: Str, task: ClassName, do: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ http: Http, as: opt(Str) }, { additionalProperties: false }),
      Type.Object({ socket: Type.Object({ host: Str, port: Type.Integer({ minimum: 1, maximum: 65535 }), payload: Type.String() }, { additionalProperties: false }) }, { additionalProperties: false }),
      Type.Object(
        {
          native: Type.Object(
            { lib: Type.String({ pattern: '^lib[\\w.-]+\\.so$' }), method: FrameRef, host: Str, port: Type.Integer({ minimum: 1, maximum: 65535 }), payload: Type.String() },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object({ start: Intent }, { additionalProperties: false }),
      Type.Object({ exec: Type.Object({ path: Type.String({ pattern: '^/' }), argv: opt(Type.Array(Type.String())) }, { additionalProperties: false }) }, { additionalProperties: false }),
      Type.Object({ throw: ClassName, message: opt(Type.String()) }, { additionalProperties: false }),
    ]),
  { $id: 'Action' },
);
export type Action = Static<typeof ActionSchema>;

const Actions = Type.Array(ActionSchema);

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
    onBind: opt(Actions),
    onReceive: opt(Actions),
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
      { activities: opt(Type.Array(Component)), services: opt(Type.Array(Component)), receivers: opt(Type.Array(Component)) },
      { additionalProperties: false },
    ),
  ),
  permissions: opt(Permissions),
  usesCleartextTraffic: opt(Type.Boolean()),
  queries: opt(Type.Array(Package)),
  nativeLibs: opt(Type.Array(Type.String({ pattern: '^lib[\\w.-]+\\.so$' }))),
};

const App = Type.Object(
  {
    ...AppBase,
    sdks: opt(Type.Array(Sdk)),
    executors: opt(Type.Record(Str, Executor)),
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
    wifi: opt(Type.Object({ ssid: Str, bssid: Str, mac: Str, ip: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+$' }) }, { additionalProperties: false })),
    location: opt(Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }), accuracy: opt(Type.Number({ minimum: 0 })), provider: opt(Str) }, { additionalProperties: false })),
    installedApps: opt(Type.Array(Type.Object({ package: Package, label: opt(Str), versionName: opt(Type.String()), versionCode: opt(Type.Integer({ minimum: 0 })), system: opt(Type.Boolean()) }, { additionalProperties: false }))),
    hosts: opt(Type.Record(Type.String(), Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+$' }))),
  },
  { additionalProperties: false },
);

const StartReason = Type.Union([Type.Literal('launcher'), Type.Literal('activity'), Type.Literal('service'), Type.Literal('receiver'), Type.Literal('alarm'), Type.Literal('job'), Type.Literal('push')]);
const ProcessRef = opt(Type.String({ pattern: '^(:[\\w.]+|main|[a-zA-Z][\\w.]*(:[\\w.]+)?)$' }));

const Entry = Type.Union([
  Type.Object({ at: Ms, type: Type.Literal('launch') }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('background') }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('foreground') }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('open'), activity: ClassName }, { additionalProperties: false }),
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
  Type.Object({ at: Ms, type: Type.Literal('broadcast'), action: Str, component: opt(ClassName), package: opt(Package), reason: opt(StartReason) }, { additionalProperties: false }),
  Type.Object({ at: Ms, type: Type.Literal('service'), component: ClassName, package: opt(Package), action: opt(Str), reason: opt(StartReason), bind: opt(Type.Boolean()) }, { additionalProperties: false }),
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
