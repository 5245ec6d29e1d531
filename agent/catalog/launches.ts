// Launches of components (ours or another app's): activities, services, binds, broadcasts and the
// PendingIntents that carry them. Recorded: action, component, package, data URI, flags, extras
// keys (never values) and, for implicit intents, the packages they resolve to.
//
// Funnels (docs/frida-notes.md §5): activities go through Instrumentation.execStartActivity*; services and
// binds through ContextImpl's private startServiceCommon/bindServiceCommon; broadcasts have no
// common funnel, so every ContextImpl send*Broadcast* overload is hooked, outermost-only because
// several of them call each other. Hooking ContextImpl (not ContextWrapper) also sees calls made on
// bare contexts and never double-counts.
import type { HookArea, HookSpec, Signature } from './types.js';

const INS = 'android.app.Instrumentation';
const CI = 'android.app.ContextImpl';
const ciAosp = 'frameworks/base/core/java/android/app/ContextImpl.java';
const insHidden = { aosp: 'frameworks/base/core/java/android/app/Instrumentation.java' };
const C = 'android.content.Context';
const B = 'android.os.IBinder';
const I = 'android.content.Intent';
const IA = '[Landroid.content.Intent;';
const BU = 'android.os.Bundle';
const UH = 'android.os.UserHandle';
const SC = 'android.content.ServiceConnection';
const H = 'android.os.Handler';
const EX = 'java.util.concurrent.Executor';
const S = 'java.lang.String';

const launch = (spec: Omit<HookSpec, 'kind' | 'outermostOnly' | 'ret'>): HookSpec => ({ kind: 'launch', outermostOnly: true, ret: false, ...spec });

/**
 * A ContextImpl broadcast method. Public ones implement android.content.Context (their public
 * overloads are in signatures.ts); `declared` lists hidden overloads as AOSP 16 declares them.
 */
const broadcast = (method: string, isPublic: boolean, declared: Signature[] = [], note?: string): HookSpec =>
  launch({
    id: `broadcast.${method}`,
    class: CI,
    method,
    overloads: 'all',
    hidden: isPublic ? { aosp: ciAosp, publicApi: C } : { aosp: ciAosp },
    ...(declared.length > 0 ? { declared } : {}),
    extract: 'intent-launch',
    args: false,
    ...(note === undefined ? {} : { note }),
  });

const SA = '[Ljava.lang.String;';
const BR = 'android.content.BroadcastReceiver';
const BO = 'android.app.BroadcastOptions';

const pending = (method: string, minApi?: number): HookSpec => ({
  id: `pendingIntent.${method}`,
  class: 'android.app.PendingIntent',
  method,
  overloads: 'all',
  kind: 'launch',
  extract: 'pending-intent',
  args: false,
  ret: false,
  ...(minApi === undefined ? {} : { minApi }),
});

const execStartActivity: Signature[] = [
  { params: [C, B, B, 'android.app.Activity', I, 'int', BU] },
  { params: [C, B, B, S, I, 'int', BU] },
  { params: [C, B, B, S, I, 'int', BU, UH] },
];

export const launches: HookArea = {
  area: 'launches',
  hooks: [
    launch({ id: 'activity.execStartActivity', class: INS, method: 'execStartActivity', overloads: 'all', hidden: insHidden, declared: execStartActivity, extract: 'intent-launch', args: false, note: 'every startActivity* (Activity, Fragment, ContextImpl) goes through here; the overload set varies by release' }),
    launch({ id: 'activity.execStartActivities', class: INS, method: 'execStartActivities', overloads: 'all', hidden: insHidden, declared: [{ params: [C, B, B, 'android.app.Activity', IA, BU] }], extract: 'intent-launch', args: false }),
    launch({ id: 'activity.execStartActivitiesAsUser', class: INS, method: 'execStartActivitiesAsUser', overloads: 'all', hidden: insHidden, declared: [{ params: [C, B, B, 'android.app.Activity', IA, BU, 'int'] }], extract: 'intent-launch', args: false }),
    {
      ...launch({
        id: 'service.startServiceCommon',
        class: CI,
        method: 'startServiceCommon',
        overloads: 'all',
        hidden: { aosp: ciAosp },
        declared: [{ params: [I, UH], maxApi: 25 }, { params: [I, 'boolean', UH], minApi: 26 }],
        extract: 'intent-launch',
        args: false,
        note: 'startService / startForegroundService (requireForeground) / *AsUser; the returned ComponentName is kept: null means no service matched (a refusal throws, and the exception is kept)',
      }),
      // A start the system refused is an attempt: the return (null: nothing matched) says so.
      ret: true,
    },
    launch({
      id: 'service.bindServiceCommon',
      class: CI,
      method: 'bindServiceCommon',
      overloads: 'all',
      hidden: { aosp: ciAosp },
      declared: [
        { params: [I, SC, 'int', UH], maxApi: 25 },
        { params: [I, SC, 'int', H, UH], minApi: 26, maxApi: 28 },
        { params: [I, SC, 'int', S, H, EX, UH], minApi: 29, maxApi: 33 },
        { params: [I, SC, 'long', S, H, EX, UH], minApi: 34 },
      ],
      extract: 'intent-launch',
      args: false,
      note: 'every bindService*/bindIsolatedService overload; flags became a long in API 34',
    }),
    broadcast('sendBroadcast', true, [{ params: [I, S, 'int'] }]),
    broadcast('sendBroadcastMultiplePermissions', false, [{ params: [I, SA] }, { params: [I, SA, BU] }, { params: [I, SA, SA, SA, BO] }]),
    broadcast('sendBroadcastWithMultiplePermissions', true, [], 'API 30 public wrapper of sendBroadcastMultiplePermissions'),
    broadcast('sendBroadcastAsUser', true, [{ params: [I, UH, S, BU] }, { params: [I, UH, S, 'int'] }]),
    broadcast('sendBroadcastAsUserMultiplePermissions', false, [{ params: [I, UH, SA] }, { params: [I, UH, SA, BO] }]),
    broadcast('sendOrderedBroadcast', true, [
      { params: [I, S, 'int', BR, H, 'int', S, BU] },
      { params: [I, 'int', S, S, BR, H, S, BU, BU] },
    ]),
    broadcast('sendOrderedBroadcastMultiplePermissions', false, [
      { params: [I, SA, S, BR, H, 'int', S, BU, BU] },
      { params: [I, SA, SA, S, BR, H, 'int', S, BU, BU] },
    ]),
    broadcast('sendOrderedBroadcastAsUser', true, [
      { params: [I, UH, S, 'int', BR, H, 'int', S, BU] },
      { params: [I, UH, S, 'int', BU, BR, H, 'int', S, BU] },
    ]),
    broadcast('sendOrderedBroadcastAsUserMultiplePermissions', false, [
      { params: [I, UH, SA, 'int', BU, BR, H, 'int', S, BU] },
      { params: [I, UH, SA, SA, 'int', BU, BR, H, 'int', S, BU] },
    ]),
    broadcast('sendStickyBroadcast', true),
    broadcast('sendStickyBroadcastAsUser', true, [{ params: [I, UH, BU] }]),
    broadcast('sendStickyOrderedBroadcast', true),
    broadcast('sendStickyOrderedBroadcastAsUser', true),
    pending('getActivity'),
    pending('getActivities'),
    pending('getService'),
    pending('getForegroundService', 26),
    pending('getBroadcast'),
  ],
};
