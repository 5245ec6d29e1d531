// The agent -> host wire protocol, defined once as TypeBox schemas. The host validates every
// message against these schemas; the agent imports only the derived types (`import type`), so
// no TypeBox code ends up in the agent bundle.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DATA_TYPE_NAMES, EVENT_KINDS, HOOK_STATES, LAUNCH_VIAS, LIMITS, PROTOCOL_VERSION, START_REASONS } from './constants.js';

export { LIMITS };

const literals = <T extends readonly string[]>(names: T) => Type.Union(names.map((n) => Type.Literal(n)));


const Str = (max: number = LIMITS.string) => Type.String({ maxLength: max });
const Int = Type.Integer();
const NonNeg = Type.Integer({ minimum: 0 });

export const DataTypeSchema = literals(DATA_TYPE_NAMES);
export const EventKindSchema = literals(EVENT_KINDS);

/**
 * One Java frame: [className, methodName, fileName | null, lineNumber]. A tuple rather than an
 * object because stacks dominate the wire size. lineNumber is -1 when unknown, -2 for native.
 */
export const FrameSchema = Type.Tuple([Str(), Str(), Type.Union([Str(), Type.Null()]), Int]);
export type Frame = Static<typeof FrameSchema>;

/** A string too long to send whole: its start, its full length and its SHA-256. */
export const TruncatedSchema = Type.Object(
  { $: Type.Literal('trunc'), head: Str(), len: NonNeg, sha256: Str(64) },
  { additionalProperties: false },
);
/** A Java object that is not a string: its runtime class and (bounded) toString(). */
export const ObjectSummarySchema = Type.Object(
  { $: Type.Literal('obj'), cls: Str(), str: Type.Optional(Type.Union([Str(), TruncatedSchema])) },
  { additionalProperties: false },
);
/** A byte array: length, SHA-256, and a bounded hex prefix. */
export const BytesSummarySchema = Type.Object(
  { $: Type.Literal('bytes'), len: NonNeg, sha256: Str(64), hex: Str() },
  { additionalProperties: false },
);
const ScalarSummary = Type.Union([Type.Null(), Type.Boolean(), Type.Number(), Str(), TruncatedSchema, ObjectSummarySchema, BytesSummarySchema]);
/** A Java array or collection: length and the first items (one level deep, never nested). */
export const ArraySummarySchema = Type.Object(
  { $: Type.Literal('arr'), cls: Type.Optional(Str()), len: NonNeg, items: Type.Array(ScalarSummary, { maxItems: LIMITS.arrayItems }) },
  { additionalProperties: false },
);
export const SummarySchema = Type.Union([ScalarSummary, ArraySummarySchema]);
export type Summary = Static<typeof SummarySchema>;

const StrList = Type.Array(Str(), { maxItems: LIMITS.arrayItems });

/** Per-kind details. Every field is optional unless the analysis cannot do without it. */
export const PiDetailSchema = Type.Object(
  {
    key: Type.Optional(Str()), // e.g. the Settings key ("android_id")
    target: Type.Optional(Str()), // e.g. the queried package name or content URI
    authority: Type.Optional(Str()),
    sensor: Type.Optional(Str()),
    count: Type.Optional(NonNeg), // items returned (apps in a list, rows, ...)
    values: Type.Optional(StrList), // PI values seen (IDs, package names) kept for payload matching
    /** Collection that bypasses the framework API: a file opened, a command run, a libc call. */
    via: Type.Optional(literals(['file', 'exec', 'native'] as const)),
    module: Type.Optional(Str()), // native caller module for native-layer reads
  },
  { additionalProperties: false },
);
export const NetDetailSchema = Type.Object(
  {
    layer: literals(['java', 'native', 'webview'] as const),
    proto: literals(['http', 'https', 'tcp', 'udp', 'tls', 'dns', 'ws', 'wss', 'unknown'] as const),
    tls: Type.Boolean(),
    /**
     * What happened: a URL opened, a connection made, a request sent (method + URL), bytes sent or
     * received, a DNS lookup. Absent means 'send'. Counting sends: op 'send' and 'request'.
     * 'tls-record': ciphertext on a socket that an SSL_write already reported (engine sockets);
     * `recordOf` names those SSL_write events by seq, so it is never a second send.
     */
    op: Type.Optional(literals(['open', 'connect', 'request', 'send', 'recv', 'dns', 'tls-record'] as const)),
    recordOf: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 16 })),
    /** SSL_write on an SSL* without fd (SSL_get_fd -1: a memory BIO, Conscrypt's engine socket). */
    noFd: Type.Optional(Type.Boolean()),
    /** Every address a DNS lookup returned (ip is the first). */
    ips: Type.Optional(Type.Array(Str(64), { maxItems: LIMITS.arrayItems })),
    host: Type.Optional(Str()),
    /** How a native event knows `host` when the call itself had only an address: a getaddrinfo answer. */
    hostFrom: Type.Optional(literals(['getaddrinfo'] as const)),
    ip: Type.Optional(Str(64)),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    url: Type.Optional(Str()),
    method: Type.Optional(Str(32)),
    bytes: Type.Optional(NonNeg),
    fd: Type.Optional(Int),
    module: Type.Optional(Str()), // native caller module for native-layer events
    sample: Type.Optional(Str(LIMITS.sample)),
    sampleEncoding: Type.Optional(literals(['utf8', 'base64'] as const)),
    sampleTruncated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const LaunchDetailSchema = Type.Object(
  {
    via: literals(LAUNCH_VIAS),
    action: Type.Optional(Str()),
    component: Type.Optional(Str()), // "pkg/cls"
    package: Type.Optional(Str()),
    resolved: Type.Optional(StrList), // packages an implicit intent resolves to
    data: Type.Optional(Str()),
    authority: Type.Optional(Str()),
    flags: Type.Optional(Int),
    extras: Type.Optional(StrList), // extras keys only, never values
    pendingType: Type.Optional(Str(32)),
  },
  { additionalProperties: false },
);
export const ScheduleDetailSchema = Type.Object(
  {
    via: literals(['alarm', 'job', 'work', 'sync', 'foreground', 'receiver', 'sticky-service'] as const),
    action: Type.Optional(Str()),
    actions: Type.Optional(StrList),
    component: Type.Optional(Str()),
    triggerAt: Type.Optional(Type.Number()),
    interval: Type.Optional(Type.Number()),
    alarmType: Type.Optional(Int),
    jobId: Type.Optional(Int),
    persisted: Type.Optional(Type.Boolean()),
    target: Type.Optional(Str()),
    /** A cancel (AlarmManager.cancel, JobScheduler.cancel/cancelAll): the work it names is withdrawn. */
    cancel: Type.Optional(Type.Literal(true)),
    /** JobScheduler.cancelAll: every job of the app. */
    all: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
export const LifecycleDetailSchema = Type.Object(
  {
    // 'consent-api': the app told an SDK the user's privacy decision (e.g. UMConfigure.submitPolicyGrantResult);
    // evidence, and the user's consent only where the run is configured to treat it so.
    type: literals(['process-start', 'activity-create', 'resume', 'pause', 'finish', 'destroy', 'click', 'dialog', 'consent-api'] as const),
    state: Type.Optional(literals(['granted', 'refused'] as const)),
    reason: Type.Optional(literals(START_REASONS)),
    component: Type.Optional(Str()),
    action: Type.Optional(Str()),
    caller: Type.Optional(Str()), // package that sent the waking intent, where known
    text: Type.Optional(Str()), // clicked control's text or dialog title
    viewId: Type.Optional(Str()),
    // 'activity-create': the created activity's ActivityInfo (Activity.mActivityInfo, set in
    // Activity.attach): its theme resource id, whether it is excluded from recents
    // (FLAG_EXCLUDE_FROM_RECENTS) and its task affinity (null: none).
    theme: Type.Optional(Type.Integer()),
    excludeFromRecents: Type.Optional(Type.Boolean()),
    taskAffinity: Type.Optional(Type.Union([Str(), Type.Null()])),
  },
  { additionalProperties: false },
);
export const ConsentDetailSchema = Type.Object(
  {
    state: literals(['granted', 'refused'] as const),
    source: literals(['click', 'api', 'marker'] as const),
    text: Type.Optional(Str()),
  },
  { additionalProperties: false },
);
export const PermissionDetailSchema = Type.Object(
  {
    type: literals(['request', 'result', 'check'] as const), // 'result': the user's answer to a request
    permissions: StrList,
    results: Type.Optional(Type.Array(Int, { maxItems: LIMITS.arrayItems })),
    requestCode: Type.Optional(Int),
  },
  { additionalProperties: false },
);
export const HookDetailSchema = Type.Object(
  { hook: Str(), error: Str() },
  { additionalProperties: false },
);

/**
 * One call of a cipher, digest, MAC, Base64 or compression API: what went in and what came out
 * (bounded samples), so the host can follow personal information through it into a send.
 */
export const TransformDetailSchema = Type.Object(
  {
    op: literals(['cipher-init', 'cipher', 'digest', 'mac-init', 'mac', 'base64', 'gzip', 'deflate', 'inflate'] as const),
    /** "AES/CBC/PKCS5Padding", "SHA-256", "HmacSHA256". */
    algorithm: Type.Optional(Str(128)),
    mode: Type.Optional(literals(['encrypt', 'decrypt', 'wrap', 'unwrap'] as const)),
    keyBits: Type.Optional(NonNeg),
    /** Identity of the Cipher/Mac/stream object, linking init, update and doFinal of one use. */
    obj: Type.Optional(Type.Integer()),
    inBytes: Type.Optional(NonNeg),
    in: Type.Optional(Str(LIMITS.sample)),
    inEncoding: Type.Optional(literals(['utf8', 'base64'] as const)),
    outBytes: Type.Optional(NonNeg),
    out: Type.Optional(Str(LIMITS.sample)),
    outEncoding: Type.Optional(literals(['utf8', 'base64'] as const)),
  },
  { additionalProperties: false },
);

/** Fields every event carries. */
const eventBase = {
  seq: NonNeg, // per process, gap-free
  t: Type.Number(), // wall time, ms since the epoch (device clock)
  tid: Int,
  thread: Str(256),
  api: Str(), // "android.telephony.TelephonyManager.getDeviceId(int)"
  hook: Type.Optional(Str(128)), // catalog hook id
  dataType: Type.Optional(DataTypeSchema),
  args: Type.Optional(Type.Array(SummarySchema, { maxItems: LIMITS.argsPerEvent })),
  ret: Type.Optional(SummarySchema),
  /** The Java exception the original threw, e.g. "java.lang.SecurityException: …" (the call still shows intent). */
  thrown: Type.Optional(Str()),
  stack: Type.Optional(Str(64)), // interned stack id (Java.backtrace id)
  /** Stacks of the code that submitted the asynchronous work this thread runs, innermost first. */
  origins: Type.Optional(Type.Array(Str(64), { maxItems: 8 })),
};
const eventOf = <K extends string, D extends TSchema>(kind: K, detail: D) =>
  Type.Object({ ...eventBase, kind: Type.Literal(kind), detail: Type.Optional(detail) }, { additionalProperties: false });

export const PiEventSchema = eventOf('pi', PiDetailSchema);
export const NetEventSchema = eventOf('net', NetDetailSchema);
export const LaunchEventSchema = eventOf('launch', LaunchDetailSchema);
export const ScheduleEventSchema = eventOf('schedule', ScheduleDetailSchema);
export const LifecycleEventSchema = eventOf('lifecycle', LifecycleDetailSchema);
export const ConsentEventSchema = eventOf('consent', ConsentDetailSchema);
export const PermissionEventSchema = eventOf('permission', PermissionDetailSchema);
export const HookEventSchema = eventOf('hook', HookDetailSchema);
export const TransformEventSchema = eventOf('transform', TransformDetailSchema);

export const EventSchema = Type.Union([
  PiEventSchema,
  NetEventSchema,
  LaunchEventSchema,
  ScheduleEventSchema,
  LifecycleEventSchema,
  ConsentEventSchema,
  PermissionEventSchema,
  HookEventSchema,
  TransformEventSchema,
]);
export type AgentEvent = Static<typeof EventSchema>;
export type EventOfKind<K extends AgentEvent['kind']> = Extract<AgentEvent, { kind: K }>;
export type EventDetail<K extends AgentEvent['kind']> = NonNullable<EventOfKind<K>['detail']>;

const Pid = Type.Integer({ minimum: 0 });
const V = Type.Literal(PROTOCOL_VERSION);

/** First message of every agent instance: who and where it is. */
export const HelloSchema = Type.Object(
  {
    v: V,
    kind: Type.Literal('hello'),
    pid: Pid,
    process: Str(), // process name, e.g. "com.example:push"
    agent: Str(64), // agent version
    catalog: Str(64), // hook catalog version
    java: Type.Boolean(), // whether a Java VM is present
    android: Type.Optional(Type.Object({ release: Str(32), sdk: NonNeg }, { additionalProperties: false })),
    t: Type.Number(),
  },
  { additionalProperties: false },
);
export type Hello = Static<typeof HelloSchema>;

/**
 * Per-hook call counters since the previous batch: [hookId, calls, emitted]. Usually calls >=
 * emitted (sampling drops details, not calls), but an event the agent reports under a hook's id
 * without a call of its own (what woke the process, read when the agent loads) counts as emitted
 * only, so the host accepts either order.
 */
export const CountSchema = Type.Tuple([Str(128), NonNeg, NonNeg]);

export const BatchSchema = Type.Object(
  {
    v: V,
    kind: Type.Literal('batch'),
    pid: Pid,
    events: Type.Array(EventSchema, { maxItems: LIMITS.eventsPerBatch }),
    /** Frames of stacks first used in this batch, by id. Each id is sent once per process. */
    stacks: Type.Optional(Type.Record(Str(64), Type.Array(FrameSchema, { maxItems: LIMITS.framesPerStack }))),
    counts: Type.Optional(Type.Array(CountSchema, { maxItems: 4096 })),
  },
  { additionalProperties: false },
);
export type Batch = Static<typeof BatchSchema>;

export const HookStatusSchema = Type.Object(
  {
    id: Str(128),
    class: Str(),
    method: Str(),
    state: literals(HOOK_STATES),
    overloads: NonNeg, // overloads hooked
    reason: Type.Optional(Str()),
  },
  { additionalProperties: false },
);
export type HookStatus = Static<typeof HookStatusSchema>;

/** Hook installation report; sent after each installation pass (loaders can appear late). */
export const HooksMessageSchema = Type.Object(
  { v: V, kind: Type.Literal('hooks'), pid: Pid, hooks: Type.Array(HookStatusSchema, { maxItems: 4096 }) },
  { additionalProperties: false },
);
export type HooksMessage = Static<typeof HooksMessageSchema>;

/** The app's identity as the device's PackageManager reports it (sent once the app is bound). */
export const AppInfoSchema = Type.Object(
  {
    v: V,
    kind: Type.Literal('app'),
    pid: Pid,
    package: Str(),
    versionName: Type.Union([Str(256), Type.Null()]),
    versionCode: Type.Number(),
    /** SHA-256 of each signing certificate (hex, lower case). */
    signing: Type.Array(Str(64), { maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type AppInfo = Static<typeof AppInfoSchema>;

export const AgentMessageSchema = Type.Union([HelloSchema, BatchSchema, HooksMessageSchema, AppInfoSchema]);
export type AgentMessage = Static<typeof AgentMessageSchema>;

/** Agent configuration, passed through rpc `init` before the process is resumed. */
export interface AgentConfig {
  /** The traced app's package name; the agent reports it and uses it to skip its own launches. */
  package?: string;
  /** Max ms between sends of a non-empty batch. */
  flushIntervalMs?: number;
  /** Max events per batch before an immediate send. */
  batchSize?: number;
  /** Strings longer than this are sent truncated (head + length + sha256). */
  maxString?: number;
  /** Max bytes of a network payload kept as a sample. */
  maxSample?: number;
  /**
   * Frames per stack: the innermost this many, or (with `originGate`) down to the first frame of a
   * deciding class when none of those past the hooked method is, within LIMITS.framesPerStack.
   */
  stackLimit?: number;
  /** Hook ids to leave out. */
  disabledHooks?: string[];
  /**
   * Byte patterns (Memory.scanSync syntax) of SSL_write / SSL_read in builds that link BoringSSL
   * statically without exporting it (libflutter.so, libcronet*.so, ...), per module name: the
   * pattern files of the builds a lab has (docs/network.md). Matched in modules loaded at any time.
   */
  tlsPatterns?: TlsPatterns[];
  /**
   * Which asynchronous submissions (executor, Handler, Thread.start) walk the submitting Java
   * stack: 'all' walks at every outermost submission; 'gated' skips the walk when the submitted
   * work's own class decides attribution (docs/attribution.md "Origins"). Default 'gated'.
   */
  originStacks?: OriginStacks;
  /** Which class names decide attribution, from the host's classifier (attribution/origin-gate.ts). */
  originGate?: OriginGate;
}

export type OriginStacks = 'all' | 'gated';

/**
 * The host's frame classifier as the agent needs it to gate origin walks: a class decides when
 * the longest entry of `prefixes` it lies in (on '.' or '$' boundaries) says true; no entry at
 * all decides too (SDK, app, obfuscated or unknown code). Names starting with one of
 * `generatedStarts` ($Proxy classes, LSPosed/EdXposed hook stubs) never decide.
 */
export interface OriginGate {
  prefixes: [prefix: string, decides: boolean][];
  generatedStarts: string[];
}

export interface TlsPatterns {
  /** Module file name ("libflutter.so"). */
  module: string;
  SSL_write?: string[];
  SSL_read?: string[];
}

/** What rpc `status` returns. */
export interface AgentStatus {
  pid: number;
  seq: number; // next seq to be assigned
  queued: number; // events not yet sent
  stacks: number; // stacks interned
  hooks: Record<string, number>; // count per HookState
  counters: Record<string, { calls: number; emitted: number }>;
  /**
   * Class-loader enumerations (Java.enumerateClassLoadersSync: ART suspends every thread while it
   * walks the heap): how many, and the pause each cost in ms as the agent measured it.
   */
  loaderScans?: { count: number; totalMs: number; maxMs: number; loaders: number };
  /** Class loaders built after the agent started (BaseDexClassLoader constructors seen). */
  loadersSeen?: number;
}

/** One on-screen control the agent found while walking the resumed activities' views (rpc `findControls`). */
export interface ControlInfo {
  /** TextView text, else the content description (trimmed, clipped). */
  text: string;
  /** Runtime class of the view. */
  cls: string;
  /** The window that holds it: the activity's class, or "<owner class> (window <root class>)" for a dialog or popup. */
  activity: string;
  /** Child indexes from the window's root view: how to find the same view again. */
  path: number[];
  /** View.isShown(): the view and its ancestors are visible and attached. */
  shown: boolean;
}

/** What rpc `findControls` returns. */
export interface ControlsResult {
  /** Resumed activities walked (class names), top first. */
  activities: string[];
  controls: ControlInfo[];
  /** Views visited; `truncated` when the walk stopped at its bound. */
  visited: number;
  truncated: boolean;
}

/** What rpc `clickControl` returns: the control clicked and performClick's result (a listener ran). */
export interface ClickResult {
  clicked: ControlInfo;
  handled: boolean;
}
