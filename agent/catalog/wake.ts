// What woke the process: the first component entry after the app is bound decides, and one
// lifecycle 'process-start' event reports it (reason, component, action, caller where known).
//
// Why not ActivityThread.handleBindApplication: in app processes Java.perform itself hooks
// handleBindApplication and getPackageInfo to learn the app's class loader, and runs our queued
// perform callbacks from inside getPackageInfo, i.e. during handleBindApplication. A hook we
// install there comes too late for the current process and would replace frida-java-bridge's own
// implementation. What runs after bind is still ahead of us when our hooks go in: manifest
// receivers (handleReceiver), services (handleCreateService, then handleServiceArgs or
// handleBindService with the intent), activities (Instrumentation.callActivityOnCreate, in the
// lifecycle area), dynamic receivers (LoadedApk$ReceiverDispatcher$Args) and another app's calls
// into our providers (ContentProvider$Transport). On API 35+ ActivityManager's
// getHistoricalProcessStartReasons (ApplicationStartInfo) is the system's own answer and takes
// precedence (agent/extract/wake-tracker.ts; the hooks are read by agent/extract/wake.ts).
import type { HookArea, HookSpec } from './types.js';

const AT = 'android.app.ActivityThread';
const atHidden = { aosp: 'frameworks/base/core/java/android/app/ActivityThread.java' };
const ARGS = 'android.app.LoadedApk$ReceiverDispatcher$Args';
const argsHidden = { aosp: 'frameworks/base/core/java/android/app/LoadedApk.java' };
const TRANSPORT = 'android.content.ContentProvider$Transport';
const transportHidden = { aosp: 'frameworks/base/core/java/android/content/ContentProvider.java' };
const AS = 'android.content.AttributionSource';
const S = 'java.lang.String';

const wake = (spec: Omit<HookSpec, 'kind' | 'args' | 'ret'>): HookSpec => ({ kind: 'lifecycle', args: false, ret: false, ...spec });

export const wakeArea: HookArea = {
  area: 'wake',
  hooks: [
    wake({ id: 'wake.handleReceiver', class: AT, method: 'handleReceiver', overloads: 'all', hidden: atHidden, declared: [{ params: ['android.app.ActivityThread$ReceiverData'] }], extract: 'wake-receiver', note: 'manifest receivers (boot, alarms, push, package changes)' }),
    wake({ id: 'wake.handleCreateService', class: AT, method: 'handleCreateService', overloads: 'all', hidden: atHidden, declared: [{ params: ['android.app.ActivityThread$CreateServiceData'] }], extract: 'wake-service-create', note: 'jobs arrive here too (service permission BIND_JOB_SERVICE)' }),
    wake({ id: 'wake.handleServiceArgs', class: AT, method: 'handleServiceArgs', overloads: 'all', hidden: atHidden, declared: [{ params: ['android.app.ActivityThread$ServiceArgsData'] }], extract: 'wake-service-intent' }),
    wake({ id: 'wake.handleBindService', class: AT, method: 'handleBindService', overloads: 'all', hidden: atHidden, declared: [{ params: ['android.app.ActivityThread$BindServiceData'] }], extract: 'wake-service-intent' }),
    wake({ id: 'wake.receiverArgs.getRunnable', class: ARGS, method: 'getRunnable', overloads: 'all', minApi: 33, hidden: argsHidden, declared: [{ params: [], minApi: 33 }], extract: 'wake-dynamic-receiver', note: 'dynamic receivers, API 33+' }),
    wake({ id: 'wake.receiverArgs.run', class: ARGS, method: 'run', overloads: 'all', maxApi: 32, hidden: argsHidden, declared: [{ params: [], maxApi: 32 }], extract: 'wake-dynamic-receiver', note: 'dynamic receivers, up to API 32 (Args implemented Runnable)' }),
    wake({
      id: 'wake.provider.query',
      class: TRANSPORT,
      method: 'query',
      overloads: 'all',
      hidden: transportHidden,
      declared: [{ params: [AS, 'android.net.Uri', '[Ljava.lang.String;', 'android.os.Bundle', 'android.os.ICancellationSignal'], minApi: 31 }],
      extract: 'wake-provider',
      note: "another app's query into our provider; before API 31 the caller came as String callingPkg (and featureId on API 30) instead of AttributionSource; 'all' hooks whichever form exists",
    }),
    wake({ id: 'wake.provider.call', class: TRANSPORT, method: 'call', overloads: 'all', hidden: transportHidden, declared: [{ params: [AS, S, S, S, 'android.os.Bundle'], minApi: 31 }], extract: 'wake-provider' }),
    wake({ id: 'wake.provider.insert', class: TRANSPORT, method: 'insert', overloads: 'all', hidden: transportHidden, declared: [{ params: [AS, 'android.net.Uri', 'android.content.ContentValues', 'android.os.Bundle'], minApi: 31 }], extract: 'wake-provider' }),
  ],
};
