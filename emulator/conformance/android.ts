// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

const AM = 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am';

export const ANDROID: ConformanceEntry[] = [
  {
    id: 'android.service.sticky-restart',
    runtime: 'android',
    behaviour:
      'When a process dies without a force-stop, its started services whose onStartCommand returned START_STICKY (or START_STICKY_COMPATIBILITY, START_REDELIVER_INTENT) are restarted: the first restart SERVICE_RESTART_DURATION (1 s) later, a restart within SERVICE_RESET_RUN_DURATION (60 s) of the last one FACTOR (4) times later, restarts of different services at least SERVICE_MIN_RESTART_TIME_BETWEEN (10 s) apart; START_STICKY restarts call onStartCommand with a null intent. START_NOT_STICKY services, stopped services and force-stopped packages are not restarted.',
    source: `${AM}/ActiveServices.java killServicesLocked / scheduleServiceRestartLocked / serviceDoneExecutingLocked (stopIfKilled); ${AM}/ActivityManagerConstants.java DEFAULT_SERVICE_RESTART_DURATION, DEFAULT_SERVICE_RESET_RUN_DURATION, DEFAULT_SERVICE_RESTART_DURATION_FACTOR, DEFAULT_SERVICE_MIN_RESTART_TIME_BETWEEN; core/java/android/app/ActivityThread.java handleServiceArgs`,
    model: 'emulator/system.ts (SystemServices.processDied, serviceStartResult); emulator/android/app.ts (handleServiceArgs)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.service.background-start-limit',
    runtime: 'android',
    behaviour:
      'API 26+, for packages targeting 26+: startService of a service (another app’s or the app’s own) whose uid is idle is refused: ActiveServices answers ComponentName("?", "app is in background uid …") and ContextImpl.startServiceCommon throws IllegalStateException (API 31+: BackgroundServiceStartNotAllowedException). A UidRecord is created idle and stays idle while its processes are in background states (receiver, started service); a resumed activity or a foreground service makes it active, and it goes idle again BACKGROUND_SETTLE_TIME (60 s) after leaving them. Apps targeting 25 or lower are not limited. Not modelled (such starts are refused here, never allowed): temporary allowlists (boot, high-priority push, notification actions).',
    source: `${AM}/ActiveServices.java startServiceLocked; ${AM}/ActivityManagerService.java getAppStartModeLOSP / appRestrictedInBackgroundLOSP / idleUids; ${AM}/UidRecord.java constructor (mIdle = true); ${AM}/ActivityManagerConstants.java DEFAULT_BACKGROUND_SETTLE_TIME; core/java/android/app/ContextImpl.java startServiceCommon; core/java/android/app/ServiceStartNotAllowedException.java newInstance`,
    model: 'emulator/device.ts (EmulatedDevice.uidIdle, launch)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.service.fgs-background-start',
    runtime: 'android',
    behaviour:
      'API 31+, for callers targeting 31+: startForegroundService from the background throws ForegroundServiceStartNotAllowedException("startForegroundService() not allowed due to mAllowStartForeground false: service pkg/.Cls"). Allowed with a visible activity, within TOP_TO_FGS_GRACE_DURATION (15 s) of leaving it, while a foreground service runs, or with SYSTEM_ALERT_WINDOW. Not modelled (refused here): the other exemptions (high-priority FCM, exact alarms, companion devices…).',
    source: `${AM}/ActiveServices.java startServiceLocked (FGS_START_EXCEPTION_CHANGE_ID) / shouldAllowFgsStartForegroundLocked; ${AM}/ActivityManagerConstants.java DEFAULT_TOP_TO_FGS_GRACE_DURATION`,
    model: 'emulator/device.ts (EmulatedDevice.fgsStartAllowed, launch)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.activity.background-start',
    runtime: 'android',
    behaviour:
      'API 29+: an activity start from an app in the background is aborted (START_ABORTED, which Instrumentation.checkStartActivityResult does not turn into an exception): nothing starts and the caller is not told. Exempt: the foreground app, an app whose activity started or finished within ACTIVITY_BG_START_GRACE_PERIOD_MS (10 s), an app holding SYSTEM_ALERT_WINDOW. Not modelled (aborted here): PendingIntents sent by a foreground app, apps bound by a visible app, companion and device-owner apps.',
    source: 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/wm/ActivityStarter.java shouldAbortBackgroundActivityStart; services/core/java/com/android/server/wm/ActivityTaskManagerService.java ACTIVITY_BG_START_GRACE_PERIOD_MS; core/java/android/app/Instrumentation.java checkStartActivityResult',
    model: 'emulator/device.ts (EmulatedDevice.backgroundActivityStartAllowed, launch)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.provider.wake',
    runtime: 'android',
    behaviour:
      'Another app acquiring an exported ContentProvider of the app (ContentResolver.query/call/insert on its authority) makes the system start the provider’s process if it is not running (ApplicationStartInfo START_REASON_CONTENT_PROVIDER on API 35), install the provider during bindApplication, then deliver the call to it with the caller’s identity.',
    source: 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am/ContentProviderHelper.java getContentProviderImpl (startProcessLocked with HostingRecord "content provider"); core/java/android/app/ActivityThread.java handleBindApplication -> installContentProviders; core/java/android/app/ApplicationStartInfo.java START_REASON_CONTENT_PROVIDER',
    model: 'emulator/device.ts (EmulatedDevice.providerEntry, deliver kind provider); emulator/android/providers.ts (incomingProviderCall)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.activity.finish-in-oncreate',
    runtime: 'android',
    behaviour:
      'Activity.finish() sets mFinished and the system destroys the activity; one that finishes in onCreate is never started or resumed (ActivityThread.handleStartActivity / performResumeActivity return early for a finished activity), so a transparent trampoline such as Getui’s GActivity never brings its app to the foreground. Another app starting the activity is subject to the background-activity rules (API 29+). Translucent themes, excludeFromRecents and taskAffinity have no further effect in the emulator (no recents or window model).',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/Activity.java finish / isFinishing (mFinished); core/java/android/app/ActivityThread.java handleStartActivity, performResumeActivity',
    model: 'emulator/android/app.ts (Activity.finish, runLifecycle); emulator/device.ts (activityFinished, uiOp open from another app)',
    test: 'test/reports/startup-emulated.test.ts',
  },
];
