// What woke the process (see agent/catalog/wake.ts for why these hooks and not
// handleBindApplication). One lifecycle event of type 'process-start' per process:
//  - API 35+: the system's own record (ActivityManager.getHistoricalProcessStartReasons ->
//    ApplicationStartInfo of our pid) decides, as soon as it can be read;
//  - otherwise the first component entry after bind decides: a manifest receiver, a service
//    (create, then its start or bind intent, for the action), an activity, a dynamic receiver, or
//    another app calling into one of our providers.
// The decision's state lives in wake-tracker.ts; this file reads the hooked calls.
import type { StartReason } from '../../protocol/constants.js';
import { summarizeIntent } from './intent-summary.js';
import { argOf, className, field, str } from './java.js';
import type { Extractor, HookCall } from './types.js';
import type { WakeDetail } from './wake-tracker.js';

const BOOT_ACTIONS = new Set([
  'android.intent.action.BOOT_COMPLETED',
  'android.intent.action.LOCKED_BOOT_COMPLETED',
  'android.intent.action.QUICKBOOT_POWERON',
  'com.htc.intent.action.QUICKBOOT_POWERON',
]);

/** Broadcast actions of push channels (FCM and the Chinese vendor/aggregator channels). */
const PUSH_ACTIONS = new Set([
  'com.google.android.c2dm.intent.RECEIVE',
  'com.huawei.android.push.intent.RECEIVE',
  'com.huawei.push.msg.NOTIFY_MSG',
  'com.xiaomi.mipush.RECEIVE_MESSAGE',
  'com.meizu.flyme.push.intent.MESSAGE',
  'com.coloros.mcs.action.RECEIVE_MCS_MESSAGE',
  'com.heytap.mcs.action.RECEIVE_MCS_MESSAGE',
  'com.vivo.pushclient.action.RECEIVE',
  'cn.jpush.android.intent.MESSAGE_RECEIVED',
  'cn.jpush.android.intent.NOTIFICATION_RECEIVED',
]);
const PUSH_PREFIXES = ['com.igexin.sdk.action.', 'com.umeng.message.', 'com.tencent.android.xg.vip.action.'];

const ALARM_COUNT = 'android.intent.extra.ALARM_COUNT';

export function isPushAction(action: string | undefined): boolean {
  if (action === undefined) return false;
  return PUSH_ACTIONS.has(action) || PUSH_PREFIXES.some((p) => action.startsWith(p));
}


function detail(reason: StartReason, component?: string, action?: string, caller?: string): WakeDetail {
  const d: WakeDetail = { type: 'process-start', reason };
  if (component !== undefined) d.component = component;
  if (action !== undefined) d.action = action;
  if (caller !== undefined) d.caller = caller;
  return d;
}

function componentOf(call: HookCall, info: any): string | undefined {
  const pkg = str(field(info, 'packageName'));
  const name = str(field(info, 'name'));
  return pkg !== null && name !== null ? call.clip(`${pkg}/${name}`) : undefined;
}

function emitIf(call: HookCall, d: WakeDetail | null): void | false {
  if (d === null) return false;
  (call.draft as any).detail = d;
}

/** The reason a broadcast intent suggests. */
function receiverReason(call: HookCall, intent: any, action: string | undefined): StartReason {
  if (action !== undefined && BOOT_ACTIONS.has(action)) return 'receiver';
  if (isPushAction(action)) return 'push';
  // Extras are lazily unparcelled from API 33 on, so asking for the alarm count is safe there.
  if (call.services.apiLevel >= 33) {
    try {
      if (intent.hasExtra(ALARM_COUNT) === true) return 'alarm';
    } catch {
      // Not readable: stay with 'receiver'.
    }
  }
  return 'receiver';
}

/** ActivityThread.handleReceiver(ReceiverData): a manifest receiver. */
export const wakeReceiver: Extractor = (call) => {
  if (call.services.wake.decided) return false;
  const data = call.args[0];
  const intent = field(data, 'intent');
  const s = summarizeIntent(intent, call.services.apiLevel, call.clip, false);
  const component = componentOf(call, field(data, 'info')) ?? s.component;
  const sentFrom = str(field(data, 'mSentFromPackage'));
  return emitIf(call, call.services.wake.offer(detail(receiverReason(call, intent, s.action), component, s.action, sentFrom === null ? undefined : call.clip(sentFrom))));
};

/** ActivityThread.handleCreateService(CreateServiceData): pends until the start/bind intent. */
export const wakeServiceCreate: Extractor = (call) => {
  if (call.services.wake.decided) return false;
  const info = field(call.args[0], 'info');
  const job = str(field(info, 'permission')) === 'android.permission.BIND_JOB_SERVICE';
  const d = detail(job ? 'job' : 'service', componentOf(call, info));
  return emitIf(call, call.services.wake.offer(d, { pend: { api: (call.draft as any).api, hook: call.spec.id } }));
};

/** ActivityThread.handleServiceArgs(.args) / handleBindService(.intent): completes a pending service entry. */
export const wakeServiceIntent: Extractor = (call) => {
  if (call.services.wake.decided) return false;
  const data = call.args[0];
  const intent = field(data, 'args') ?? field(data, 'intent');
  const s = summarizeIntent(intent, call.services.apiLevel, call.clip, false);
  const reason: StartReason | undefined = isPushAction(s.action) ? 'push' : undefined;
  return emitIf(call, call.services.wake.complete(s.action, reason));
};

/** LoadedApk$ReceiverDispatcher$Args: a dynamic receiver's delivery (mCurIntent). */
export const wakeDynamicReceiver: Extractor = (call) => {
  if (call.services.wake.decided) return false;
  const intent = field(call.self, 'mCurIntent');
  const s = summarizeIntent(intent, call.services.apiLevel, call.clip, false);
  return emitIf(call, call.services.wake.offer(detail(receiverReason(call, intent, s.action), undefined, s.action)));
};

/** ContentProvider$Transport.query/call/insert: another app calling into our provider. */
export const wakeProvider: Extractor = (call) => {
  if (call.services.wake.decided) return false;
  let caller: string | null = null;
  const source = argOf(call, 'android.content.AttributionSource');
  if (source !== undefined && source !== null) caller = str(source.getPackageName());
  else {
    const first = argOf(call, 'java.lang.String');
    caller = str(first);
  }
  const provider = className(field(call.self, 'this$0'));
  const own = call.services.ownPackage();
  const component = provider === undefined ? undefined : call.clip(own === null ? provider : `${own}/${provider}`);
  return emitIf(call, call.services.wake.offer(detail('provider', component, undefined, caller === null ? undefined : call.clip(caller))));
};

const CATEGORY_LAUNCHER = 'android.intent.category.LAUNCHER';

/** Whether an intent carries CATEGORY_LAUNCHER (from its summary, else asked directly). */
function hasLauncherCategory(intent: any, categories: readonly string[] | undefined): boolean {
  if ((categories ?? []).includes(CATEGORY_LAUNCHER)) return true;
  try {
    return intent !== null && intent !== undefined && intent.hasCategory(CATEGORY_LAUNCHER) === true;
  } catch {
    return false;
  }
}

/**
 * The activity's launch: LAUNCHER (the user, or sdktrace's spawn) or another component. The rule
 * is the system's own (AOSP AppStartInfoTracker.onIntentStarted, API 35): an intent with
 * CATEGORY_LAUNCHER is START_REASON_LAUNCHER whatever its action, any other START_ACTIVITY. A
 * Frida spawn starts PackageManager.getLaunchIntentForPackage's intent, which has the category.
 */
export function activityWake(call: HookCall, activity: any): WakeDetail | null {
  if (call.services.wake.decided) return null;
  const intent = activity.getIntent();
  const s = summarizeIntent(intent, call.services.apiLevel, call.clip, false);
  const launcher = hasLauncherCategory(intent, s.categories);
  const referrer = str(field(activity, 'mReferrer'));
  const cls = className(activity);
  const own = call.services.ownPackage();
  const component = s.component ?? (cls === undefined ? undefined : call.clip(own === null ? cls : `${own}/${cls}`));
  return call.services.wake.offer(detail(launcher ? 'launcher' : 'activity', component, s.action, referrer === null ? undefined : call.clip(referrer)));
}
