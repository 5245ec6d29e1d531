// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

const AM = 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am';

export const ANDROID: ConformanceEntry[] = [
  {
    id: 'android.malloc.reusesFreed',
    runtime: 'android',
    behaviour:
      'Memory released by free() is available to the next allocation: after SSL_free, the next SSL_new may return the same SSL* address (the emulator always hands the last freed SSL object out again, the least kind case).',
    source: 'ISO C11 7.22.3.3 (free: "the space is made available for further allocation"); bionic libc/bionic/malloc_common.cpp free -> scudo/jemalloc, which recycle freed chunks of a size class',
    model: 'emulator/native/natives.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.boringssl.servernameOwned',
    runtime: 'android',
    behaviour:
      'SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) on a client returns ssl->hostname, a NUL-terminated copy owned by the SSL and freed by SSL_free; a client that set no name gets NULL.',
    source: 'google/boringssl ssl/ssl_lib.cc, SSL_get_servername and SSL_set_tlsext_host_name (hostname.reset(OPENSSL_strdup(name)))',
    model: 'emulator/native/natives.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.telephony.forwardsToSlotOverload',
    runtime: 'android',
    behaviour:
      'API 26+: TelephonyManager.getImei() is `return getImei(getSlotIndex())` and getMeid() is `return getMeid(getSlotIndex())`, on the calling thread, so a hook on every overload sees one app call twice.',
    source: 'aosp-mirror/platform_frameworks_base telephony/java/android/telephony/TelephonyManager.java, getImei() / getMeid()',
    model: 'emulator/android/telephony.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.telephony.forwardsToSubIdOverload',
    runtime: 'android',
    behaviour:
      'getSubscriberId(), getSimSerialNumber() and getLine1Number() forward to their hidden (int subId) overloads with getSubId() (API 22+, int subId), on the calling thread; getDeviceId() does not forward (it calls ITelephony itself).',
    source: 'aosp-mirror/platform_frameworks_base telephony/java/android/telephony/TelephonyManager.java, getSubscriberId() / getSimSerialNumber() / getLine1Number() / getDeviceId()',
    model: 'emulator/android/telephony.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.clipboard.getTextForwards',
    runtime: 'android',
    behaviour: 'The deprecated ClipboardManager.getText() reads `getPrimaryClip()` and returns the first item\'s text, on the calling thread.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/content/ClipboardManager.java, getText()',
    model: 'emulator/android/clipboard.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.classloader.baseDexFunnel',
    runtime: 'android',
    behaviour: 'DexClassLoader, PathClassLoader, InMemoryDexClassLoader and DelegateLastClassLoader constructors all call a BaseDexClassLoader constructor, on the calling thread; a loader delegates to its parent first, so a class exists twice only when a loader does not have the app\'s loader as parent (an isolated plugin) and ships its own copy.',
    source: 'aosp-mirror/platform_libcore dalvik/src/main/java/dalvik/system/DexClassLoader.java, PathClassLoader.java, InMemoryDexClassLoader.java, DelegateLastClassLoader.java (super(...)); libcore ojluni java/lang/ClassLoader.java loadClass (parent first)',
    model: 'emulator/android/lang.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.strictmode.networkOnMain',
    runtime: 'android',
    behaviour: 'A network call from the main thread of an app targeting API 11+ throws NetworkOnMainThreadException (StrictMode\'s default for apps), which SDK code usually catches. The emulator checks at connect and DatagramSocket.send; AOSP also checks at DNS resolution of a non-numeric host (BlockGuardOs.android_getaddrinfo), which the emulator does not model yet (there it is kinder).',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/ActivityThread.java handleBindApplication (StrictMode.enableDeathOnNetwork for targetSdk >= HONEYCOMB); core/java/android/os/StrictMode.java onNetwork; libcore luni/src/main/java/libcore/io/BlockGuardOs.java connect / android_getaddrinfo',
    model: 'emulator/android/net.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'android.hidden.nonSdkMembers',
    runtime: 'android',
    behaviour: 'The hidden (non-SDK) classes and members the agent hooks or the emulator needs exist as AOSP declares them (one entry per class in emulator/android/hidden.ts, each with its AOSP source file and why it is needed); frida-java-bridge sees hidden overloads like public ones.',
    source: 'the AOSP file cited per class in emulator/android/hidden.ts (frameworks/base, libcore, external/okhttp, external/conscrypt)',
    model: 'emulator/android/hidden.ts',
    test: 'test/emulator/honesty.test.ts',
  },
  {
    id: 'android.exec.forwardsToProcessBuilder',
    runtime: 'android',
    behaviour: 'Runtime.exec(String[, envp[, dir]]) tokenizes the command with StringTokenizer and calls exec(String[], envp, dir); every exec(String[] ...) form ends in new ProcessBuilder(cmdarray).environment(envp).directory(dir).start(), so one app call crosses several hookable methods.',
    source: 'aosp libcore/ojluni/src/main/java/java/lang/Runtime.java exec(String, String[], File) and exec(String[], String[], File)',
    model: 'emulator/android/lang.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.exec.emptyCommand',
    runtime: 'android',
    behaviour: 'Runtime.exec with an empty command string throws IllegalArgumentException("Empty command"); ProcessBuilder.start with no words fails on cmdarray[0].',
    source: 'aosp libcore/ojluni/src/main/java/java/lang/Runtime.java exec(String, String[], File); java/lang/ProcessBuilder.java start()',
    model: 'emulator/android/lang.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.ioBridge.open.errno',
    runtime: 'android',
    behaviour: 'IoBridge.open opens through Libcore.os.open; an ErrnoException becomes FileNotFoundException(path + ": " + message), the message reading "open failed: EACCES (Permission denied)" / "ENOENT (No such file or directory)". FileInputStream, FileReader and RandomAccessFile open through it.',
    source: 'aosp libcore/luni/src/main/java/libcore/io/IoBridge.java open(String, int)',
    model: 'emulator/android/net.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.sms.sendChecks',
    runtime: 'android',
    behaviour: 'SmsManager.sendTextMessage/sendMultipartTextMessage/sendDataMessage reject an empty destination (IllegalArgumentException "Invalid destinationAddress") and an empty body ("Invalid message body" / "Invalid message data") before the SMS service enforces SEND_SMS.',
    source: 'aosp frameworks/base/telephony/java/android/telephony/SmsManager.java sendTextMessageInternal, sendMultipartTextMessageInternal, sendDataMessage',
    model: 'emulator/android/identity.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.smsMessage.createFromPdu.forwards',
    runtime: 'android',
    behaviour: 'From API 23 SmsMessage.createFromPdu(byte[]) picks the format from the active phone type and calls createFromPdu(byte[], String); a PDU the parser rejects gives null (the exception is logged).',
    source: 'aosp frameworks/base/telephony/java/android/telephony/SmsMessage.java createFromPdu(byte[]), createFromPdu(byte[], String)',
    model: 'emulator/android/identity.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.mediaProjection.noToken',
    runtime: 'android',
    behaviour: "MediaProjectionManager.getMediaProjection returns null unless resultCode is RESULT_OK and the intent carries the EXTRA_MEDIA_PROJECTION token the system's consent activity put there.",
    source: 'aosp frameworks/base/media/java/android/media/projection/MediaProjectionManager.java getMediaProjection(int, Intent)',
    model: 'emulator/android/identity.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.settingsGlobal.deviceName',
    runtime: 'android',
    behaviour: 'Settings.Global.getString funnels into getStringForUser; device_name is readable by every app.',
    source: 'aosp frameworks/base/core/java/android/provider/Settings.java Global.getString, Global.getStringForUser; DEVICE_NAME',
    model: 'emulator/android/provider.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.uicc.iccidFiltered',
    runtime: 'android',
    behaviour: 'TelephonyManager.getUiccCardsInfo returns the cards with private information (EID, ICCID) filtered out for callers without carrier privileges.',
    source: 'aosp frameworks/base/telephony/java/com/android/internal/telephony/ITelephony.aidl getUiccCardsInfo (javadoc)',
    model: 'emulator/android/telephony.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.location.readOncePerObject',
    runtime: 'android',
    behaviour: "Location.getLatitude/getLongitude are plain getters on the object's fields; the emulator only has to keep one Location object per fix so that identity means 'one fix'.",
    source: 'aosp frameworks/base/location/java/android/location/Location.java getLatitude, getLongitude',
    model: 'emulator/android/location.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.mediaDrm.widevineDeviceUniqueId',
    runtime: 'android',
    behaviour: "new MediaDrm(WIDEVINE_UUID) fails with UnsupportedSchemeException on devices without the Widevine plugin; getPropertyByteArray(PROPERTY_DEVICE_UNIQUE_ID) returns the device's Widevine ID with no permission.",
    source: 'aosp frameworks/base/media/java/android/media/MediaDrm.java MediaDrm(UUID), getPropertyByteArray, PROPERTY_DEVICE_UNIQUE_ID',
    model: 'emulator/android/identity.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.native.propertyGet',
    runtime: 'android',
    behaviour: '__system_property_get(name, value) copies the property value (at most PROP_VALUE_MAX, 92 bytes with the NUL) into the caller\'s buffer and returns its length, 0 when the property is unset or unreadable.',
    source: 'aosp bionic/libc/bionic/system_property_api.cpp __system_property_get; bionic/libc/include/sys/system_properties.h PROP_VALUE_MAX',
    model: 'emulator/native/natives.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
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
  {
    id: 'android.activity.pause-before-next-create',
    runtime: 'android',
    behaviour:
      'When an activity starts another one of its app (Splash -> Main), the system pauses the resumed activity first and only then creates and resumes the next; the previous one stops after the next is visible. Analysis (analysis/phase.ts) keeps the app in the foreground across that gap.',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/wm/ActivityStack.java resumeTopActivityInnerLocked ("We need to start pausing the current activity so the top one can be resumed", startPausing before the next activity is resumed; TaskFragment.resumeTopActivity in later releases); developer.android.com "Coordinating activities" (A.onPause, B.onCreate/onStart/onResume, A.onStop)',
    model: 'emulator/device.ts (deliver, case activity: pause the top record, then launch and resume the new one)',
    test: 'test/analysis/phase-switch.test.ts',
  },
];
