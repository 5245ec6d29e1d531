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
    id: 'android.handler.dispatchOrder',
    runtime: 'android',
    behaviour: 'Handler.dispatchMessage runs msg.callback.run() (handleCallback) when the Message has a callback; otherwise mCallback.handleMessage(msg) when the Handler was built with a Callback, and then the Handler\'s own handleMessage(msg) unless mCallback returned true. So the running stack of a message holds the callback\'s run, or mCallback\'s handleMessage, or the Handler subclass\'s handleMessage; after mCallback returns false its frame is gone while handleMessage runs.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/os/Handler.java (commit 09c0da76) dispatchMessage, handleCallback, the Handler(Looper, Callback) constructor and the mCallback field',
    model: 'emulator/android/os.ts (android.os.Handler)',
    test: 'test/agent/origin-gate.test.ts',
  },
  {
    id: 'android.concurrent.taskFields',
    runtime: 'android',
    behaviour: 'The work a submitted object runs lives in instance fields frida-java-bridge can read: FutureTask.callable (cleared when the task completes), Executors$RunnableAdapter.task (what submit(Runnable) wraps) and Thread.target (what Thread.run() calls unless a subclass overrides run). Each read is one JNI field access; a wrapper\'s $className is GetObjectClass plus Class.getName (frida-java-bridge env.getObjectClassName). The emulated ART counts both, and every Java.backtrace() walk, exactly.',
    source: 'aosp-mirror-neo/platform_libcore ojluni/src/main/java/java/lang/Thread.java (commit 22e907d2, `private Runnable target`, "What will be run"), ojluni/src/main/java/java/util/concurrent/Executors.java (commit c453a853, RunnableAdapter: `private final Runnable task`); FutureTask `private Callable<V> callable`, nulled in finishCompletion (OpenJDK/jsr166 java/util/concurrent/FutureTask.java, which libcore imports; not read here from an AOSP copy); frida-java-bridge 7.0.13 lib/env.js getObjectClassName, lib/class-factory.js $className',
    model: 'emulator/android/concurrent.ts (FutureTask, Executors$RunnableAdapter), emulator/android/lang.ts (java.lang.Thread), emulator/java/vm.ts and emulator/java/jni.ts (counters)',
    test: 'test/agent/origin-gate.test.ts',
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
    id: 'android.ioBridge.open.libcOpen',
    runtime: 'android',
    behaviour: "A Java file open ends in libc open() on the calling thread: FileInputStream(String) is this(new File(name)); FileInputStream(File) throws NullPointerException for a null path, FileNotFoundException(\"Invalid file path\") for a path with a NUL, then calls IoBridge.open(name, O_RDONLY); IoBridge.open calls Libcore.os.open(path, flags, O_RDONLY ? 0 : 0666), libjavacore's Linux_open, which calls open(path, flags, mode) from libjavacore.so and throws ErrnoException(\"open\", errno) on -1.",
    source: 'aosp libcore/ojluni/src/main/java/java/io/FileInputStream.java FileInputStream(String), FileInputStream(File); libcore/luni/src/main/java/libcore/io/IoBridge.java open(String, int); libcore/luni/src/main/native/libcore_io_Linux.cpp Linux_open',
    model: 'emulator/android/net.ts, emulator/android/providers.ts, emulator/native/natives.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.bluetooth.profileProxy',
    runtime: 'android',
    behaviour: 'BluetoothAdapter.getProfileProxy(context, listener, profile) returns false for a null context or listener and for a profile it has no proxy for; otherwise it builds the proxy (BluetoothHeadset, BluetoothA2dp, BluetoothHidDevice from 28, BluetoothHearingAid from 29, BluetoothLeAudio) and returns true, and the proxy calls listener.onServiceConnected(profile, proxy) on the main thread once bound. A proxy\'s getConnectedDevices() needs BLUETOOTH (BLUETOOTH_CONNECT from Android 12 for apps targeting 31+), enforced by the Bluetooth service.',
    source: 'aosp frameworks/base/core/java/android/bluetooth/BluetoothAdapter.java getProfileProxy(Context, ServiceListener, int); BluetoothA2dp.java getConnectedDevices (packages/modules/Bluetooth/framework/java/android/bluetooth/ from Android 13)',
    model: 'emulator/android/bluetooth.ts (getProfileProxy, connectedDevices)',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.mediaDrm.propertyString',
    runtime: 'android',
    behaviour: 'MediaDrm.getPropertyString(name) throws IllegalArgumentException("property name String is null") for a null name; otherwise it returns what the DRM plugin answers for the name (plugin-specific: the emulator takes the answers from the scenario and fails loudly for any other name).',
    source: 'aosp frameworks/base/media/jni/android_media_MediaDrm.cpp android_media_MediaDrm_getPropertyString',
    model: 'emulator/android/identity.ts (getPropertyString)',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.networkInterface.getifaddrs',
    runtime: 'android',
    behaviour: 'NetworkInterface.getNetworkInterfaces() and getByName(name) (after its null check) list the interfaces through getAll(), which is Libcore.os.getifaddrs(): libjavacore\'s Linux_getifaddrs calls libc getifaddrs() on the calling thread (Android 7.0+, where NetworkInterface was rewritten on top of Libcore.io).',
    source: 'aosp libcore/ojluni/src/main/java/java/net/NetworkInterface.java getAll, getNetworkInterfaces, getByName; libcore/luni/src/main/native/libcore_io_Linux.cpp Linux_getifaddrs',
    model: 'emulator/android/net.ts (NetworkInterface), emulator/native/natives.ts (getifaddrs)',
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
    id: 'android.mediaProjection.consent',
    runtime: 'android',
    behaviour: "MediaProjectionManager.createScreenCaptureIntent() is an explicit intent to config_mediaProjectionPermissionDialogComponent, SystemUI's MediaProjectionPermissionActivity (com.android.systemui.media up to Android 13; moved to com.android.systemui.mediaprojection.permission during Android 14, the later name is modelled there). Started for a result, it asks the user; \"Start now\" makes the system create a projection for the app (createProjection) and answers RESULT_OK with the token's binder in EXTRA_MEDIA_PROJECTION; cancel answers RESULT_CANCELED without data. From Android 14 ActivityManagerService keeps the token per uid (mMediaProjectionTokenMap) until the projection stops.",
    source: 'aosp frameworks/base/media/java/android/media/projection/MediaProjectionManager.java createScreenCaptureIntent(); frameworks/base/core/res/res/values/config.xml config_mediaProjectionPermissionDialogComponent; frameworks/base/packages/SystemUI/src/com/android/systemui/media/MediaProjectionPermissionActivity.java getMediaProjectionIntent (mediaprojection/permission/ from Android 14 QPR); frameworks/base/services/core/java/com/android/server/am/ActivityManagerService.java mMediaProjectionTokenMap',
    model: 'emulator/android/identity.ts (createScreenCaptureIntent, awaitScreenCaptureConsent), emulator/android/app.ts (Activity.startActivityForResult), emulator/device.ts (launch), emulator/system.ts (screenCaptureConsent)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.foregroundService',
    runtime: 'android',
    behaviour: 'getMediaProjection builds a MediaProjection whose constructor starts the token (IMediaProjection.start). For an app targeting 29+ that is not privileged (requiresForegroundService), start throws SecurityException("Media projections require a foreground service of type ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION") unless a foreground service of the uid has that type (ActivityManagerInternal.hasRunningForegroundService). A token already started is counted again (mCountStarts) without an error. startForeground(int, Notification) takes the manifest\'s android:foregroundServiceType from API 29 (FOREGROUND_SERVICE_TYPE_MANIFEST).',
    source: 'aosp frameworks/base/services/core/java/com/android/server/media/projection/MediaProjectionManagerService.java MediaProjection.start, requiresForegroundService; frameworks/base/core/java/android/app/Service.java startForeground(int, Notification) (FOREGROUND_SERVICE_TYPE_MANIFEST)',
    model: 'emulator/android/identity.ts (getMediaProjection, startProjection), emulator/android/app.ts (startForegroundImpl), emulator/system.ts (hasForegroundServiceOfType)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.fgsTypePolicy34',
    runtime: 'android',
    behaviour: 'From Android 14 a foreground service of type mediaProjection needs FOREGROUND_SERVICE_MEDIA_PROJECTION and one of CAPTURE_VIDEO_OUTPUT or the media-projection custom permission, which holds while the uid has a consent token (isAllowedMediaProjectionNoOpCheck). Refused (no permission, or no consent token and no CAPTURE_VIDEO_OUTPUT; the PROJECT_MEDIA app-op is MODE_IGNORED by default), an app targeting 34+ gets validateForegroundServiceType\'s SecurityException("Starting FGS with type mediaProjection callerApp=" + ProcessRecord + " targetSDK=" + targetSdk + " requires permissions: all of the permissions allOf=true [android.permission.FOREGROUND_SERVICE_MEDIA_PROJECTION] any of the permissions allOf=false [android.permission.CAPTURE_VIDEO_OUTPUT, android:project_media] "); one targeting 33 or lower is only logged (FGS_TYPE_PERMISSION_CHANGE_ID @EnabledAfter(TIRAMISU)). Types are checked from the highest bit, the first one not OK ending the loop. On API 35-36, whose ActiveServices is not read, a refusal fails loudly.',
    source: 'the Android 14 platform sources, AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f219798: android/app/ForegroundServiceTypePolicy.java FGS_TYPE_POLICY_MEDIA_PROJECTION lines 413-428 (AppOpPermission named by AppOpsManager.opToPublicName, line 1197; OPSTR_PROJECT_MEDIA "android:project_media" MODE_IGNORED in android/app/AppOpsManager.java lines 1830 and 2511-2512), checkForegroundServiceTypePolicy lines 1363-1404; com/android/server/am/ActiveServices.java MediaProjectionFgsTypeCustomPermission lines 2794-2805 (not part of toPermissionString), validateForegroundServiceType lines 2659-2720, the highest-bit-first loop in setServiceForegroundInnerLocked lines 2399-2424',
    model: 'emulator/android/identity.ts (mediaProjectionTypeRefusal); emulator/android/app.ts (enforceTypePolicy)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.requiresCallback',
    runtime: 'android',
    behaviour: 'For apps targeting 34+ (MEDIA_PROJECTION_REQUIRES_CALLBACK, @EnabledSince UPSIDE_DOWN_CAKE) the public createVirtualDisplay(String, int, int, int, int, Surface, VirtualDisplay.Callback, Handler) throws IllegalStateException("Must register a callback before starting capture, to manage resources in response to MediaProjection states.") when no MediaProjection.Callback is registered. The hidden isSecure overload does not check.',
    source: 'aosp frameworks/base/media/java/android/media/projection/MediaProjection.java createVirtualDisplay, shouldMediaProjectionRequireCallback, MEDIA_PROJECTION_REQUIRES_CALLBACK (Android 14 and later sources)',
    model: 'emulator/android/identity.ts (MediaProjection.createVirtualDisplay)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.createVirtualDisplay.forwards',
    runtime: 'android',
    behaviour: 'Up to Android 10 both createVirtualDisplay overloads call DisplayManager.createVirtualDisplay themselves. From Android 14 the public overload and the hidden isSecure one build a VirtualDisplayConfig.Builder and call the hidden createVirtualDisplay(VirtualDisplayConfig.Builder, VirtualDisplay.Callback, Handler), which asks DisplayManager. Android 11 forwarded to a hidden createVirtualDisplay(VirtualDisplayConfig, ...) and Android 13 already to the Builder form; the emulator does not model those intermediate hidden overloads (API 30-33 create the display in the public overload): the app sees the same result and, by the one-call-one-event rule, the same single event.',
    source: 'aosp frameworks/base/media/java/android/media/projection/MediaProjection.java createVirtualDisplay overloads (Android 5 form: direct DisplayManager calls; Android 11 form: VirtualDisplayConfig overload; Android 13, 14 and 16 forms: Builder overload)',
    model: 'emulator/android/identity.ts (MediaProjection.createVirtualDisplay, forwardToBuilder, createDisplay)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.tokenOnce',
    runtime: 'android',
    behaviour: 'From Android 14 DisplayManagerService asks MediaProjectionManagerService.MediaProjection.isValid before a projection\'s virtual display: a token older than 5 minutes (mDefaultTimeoutMillis, from its creation at consent), started more than once (a second getMediaProjection from the same result data) or one that already made a display (notifyVirtualDisplayCreated) is invalid. For apps targeting 34+ (MEDIA_PROJECTION_PREVENTS_REUSING_CONSENT) that stops the projection and throws SecurityException("Don\'t re-use the resultData ..."). The re-consent dialog apps targeting below 34 get, a second capture before Android 14, a display on a projection that is no longer current and one after its mediaProjection foreground service ended (handleForegroundServicesChanged stops the projection) are not modelled: they fail loudly.',
    source: 'aosp frameworks/base/services/core/java/com/android/server/media/projection/MediaProjectionManagerService.java MediaProjection.isValid, mDefaultTimeoutMillis, notifyVirtualDisplayCreated, MEDIA_PROJECTION_PREVENTS_REUSING_CONSENT, handleForegroundServicesChanged',
    model: 'emulator/android/identity.ts (createDisplay)',
    test: 'test/emulator/catalog-coverage.test.ts',
  },
  {
    id: 'android.mediaProjection.callbacks',
    runtime: 'android',
    behaviour: 'MediaProjection.registerCallback rejects a null callback (IllegalArgumentException "callback should not be null" up to Android 13, NullPointerException from Objects.requireNonNull from Android 14); a null handler means new Handler() (the calling thread\'s looper) up to Android 14 and the context\'s main looper later. Stopping the projection (stop(), a new projection, or a refused reuse) posts onStop() to each callback of the MediaProjection that started it, through its Handler.',
    source: 'aosp frameworks/base/media/java/android/media/projection/MediaProjection.java registerCallback, unregisterCallback, CallbackRecord.onStop; aosp frameworks/base/services/core/java/com/android/server/media/projection/MediaProjectionManagerService.java MediaProjection.stop, startProjectionLocked',
    model: 'emulator/android/identity.ts (registerCallback, stopProjection)',
    test: 'test/emulator/catalog-coverage.test.ts',
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
      'API 26+, for packages targeting 26+: startService of a service (another app’s or the app’s own) whose uid is idle is refused: ActiveServices answers ComponentName("?", "app is in background uid …") and ContextImpl.startServiceCommon throws IllegalStateException (API 31+: BackgroundServiceStartNotAllowedException). A UidRecord is created idle and stays idle while its processes are in background states (receiver, started service); a resumed activity or a foreground service makes it active, and it goes idle again BACKGROUND_SETTLE_TIME (60 s) after leaving them. Apps targeting 25 or lower are not limited. A service already started (ServiceRecord.startRequested: onStartCommand ran and it has not stopped) is not checked again. Temporary allowlists: a sender\'s broadcast allowlist is modelled (android.service.temp-allowlist); a boot broadcast\'s is not, and such starts are refused here, never allowed; notifications, whose PendingIntents carry one, are not modelled at all (android.notification.pending-intent). Starts by the system or another app: android.service.timeline-start. Not modelled: the user\'s background restriction (Settings\' "Restricted" battery usage / background usage off: appop RUN_ANY_IN_BACKGROUND, app standby bucket RESTRICTED). On a phone (Android 9+) it makes startServiceLocked check every start of a uid that is not active (forcedStandby: bgLaunch && appRestrictedAnyInBackground, main also !isTempAllowedByAlarmClock and !isDeviceProvisioningPackage), an already-started service and a startForegroundService too (the latter dropped silently) of an app targeting 26+ (a legacy app\'s answer then rests on its RUN_IN_BACKGROUND appop); what it does to jobs, alarms and broadcasts is not read here; no scenario field sets it, so every emulated app is unrestricted, which is the phone\'s default.',
    source: `per release in the SDK's platform sources, com/android/server/am/ActiveServices.java startServiceLocked (the check, "Background start not allowed: service …", ComponentName("?", "app is in background uid " + uidRec)): AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 lines 367-385 (\`if (!r.startRequested && !fgRequired)\`, getAppStartModeLocked), AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b lines 471-500 (\`forcedStandby || (!r.startRequested && !fgRequired)\` from Android 9), AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a lines 491-520, AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 lines 546-575, AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 724-753 (getAppStartModeLOSP), AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 lines 935-964; com/android/server/am/ActivityManagerService.java getAppStartModeLocked / appServicesRestrictedInBackgroundLocked / appRestrictedInBackgroundLocked (APP_START_MODE_DELAYED_RIGID for targetSdk >= O; callingPid consulted only for APP_START_MODE_DELAYED) / isOnDeviceIdleWhitelistLocked (mDeviceIdleTempWhitelist): AndroidSDKSources/android-sdk-sources-for-api-level-26 lines 8373-8491, AndroidSDKSources/android-sdk-sources-for-api-level-28 lines 9305-9444, AndroidSDKSources/android-sdk-sources-for-api-level-29 lines 5939-6078, AndroidSDKSources/android-sdk-sources-for-api-level-30 lines 6278-6430, AndroidSDKSources/android-sdk-sources-for-api-level-31 (…LOSP, mDeviceIdleTempAllowlist) lines 5484-5639, AndroidSDKSources/android-sdk-sources-for-api-level-34 lines 5949-6104; com/android/server/am/ActiveServices.java bindServiceLocked (no getAppStartMode check before bringUpServiceLocked): AndroidSDKSources/android-sdk-sources-for-api-level-26 line 1228 on, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 3616 on; android/app/ContextImpl.java startServiceCommon ("Not allowed to start service " + service + ": " + cn.getClassName()): AndroidSDKSources/android-sdk-sources-for-api-level-26 line 1506; main: ${AM}/ActiveServices.java startServiceLocked; ${AM}/ActivityManagerService.java getAppStartModeLOSP / appRestrictedInBackgroundLOSP / idleUids; ${AM}/UidRecord.java constructor (mIdle = true); ${AM}/ActivityManagerConstants.java DEFAULT_BACKGROUND_SETTLE_TIME; core/java/android/app/ContextImpl.java startServiceCommon; core/java/android/app/ServiceStartNotAllowedException.java newInstance`,
    model: 'emulator/device.ts (EmulatedDevice.backgroundStartRefusal, uidIdle, launch)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.service.pending-background-start',
    runtime: 'android',
    behaviour:
      'API 26+: a service PendingIntent (PendingIntent.getService) sent by an alarm or by an app\'s own PendingIntent.send() starts the service through PendingIntentRecord.sendInner -> startServiceInPackage -> ActiveServices.startServiceLocked with the creator\'s identity (callingPid -1), so it meets the same background execution limit as Context.startService (android.service.background-start-limit: the service\'s app targets 26+, its uid is idle, the service is not already started). Refused, the service does not start and nothing reaches the sender: startServiceLocked returns ComponentName("?", "app is in background uid …") after logging "Background start not allowed", startServiceInPackage returns it, and sendInner ignores the result (it only catches RuntimeException, logging "Unable to send startService intent"); PendingIntent.send() returns normally. sendInner temp-allowlists the creator\'s uid for a service PendingIntent only from a notification\'s allowlist token (setPendingIntentAllowlistDuration; the emulator has no SystemUI sends) and, on main, from the sender\'s BroadcastOptions only for a getForegroundService PendingIntent; an alarm sends options with a temporary allowlist only for while-idle alarms (mIdleOptions; Android 12+ mOptsWithFgs) and alarm clocks (Android 12+ mOptsWithFgsForAlarmClock), none for plain ones. Modelled: a plain alarm\'s or the app\'s own send is refused at API 26+; so is a while-idle or alarm-clock alarm\'s send at API 26-34 and 36 (Android 8-11 sendInner reads the sender\'s options for activities only, Android 12-14 and main apply their temporary allowlist only to a getForegroundService PendingIntent, and AlarmManagerService allowlists the uid by no other means). Failing loudly: such a send at API 35 that the limit would refuse (Android 15\'s PendingIntentRecord is not read: its SDK platform sources carry no server classes).',
    source: `per release in the SDK\'s platform sources, com/android/server/am/PendingIntentRecord.java sendInner: AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 lines 292-308 (whitelistDuration token only) and 377-381 (startServiceInPackage without options), AndroidSDKSources/android-sdk-sources-for-api-level-27 commit 048d6ce line 284 and 368, AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b lines 296-312 and 383-387, AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a lines 335-377 and 445-449, AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 lines 344-386 and 456-460, AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 368-422 (the token, else only INTENT_SENDER_FOREGROUND_SERVICE reads BroadcastOptions.getTemporaryAppAllowlistDuration), AndroidSDKSources/android-sdk-sources-for-api-level-32 commit f31e558 lines 412-422, AndroidSDKSources/android-sdk-sources-for-api-level-33 commit 6e4fa4c lines 439-449, AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 lines 511-521; AlarmManagerService (com/android/server/AlarmManagerService.java at 26-30, com/android/server/alarm/ at 31-34) hands its idle options only to alarm.operation.send (26 line 3059, 28 line 4187, 31 line 4906); ${AM}/PendingIntentRecord.java sendInner at commit 01be3e60 (main: the mAllowlistDuration / INTENT_SENDER_FOREGROUND_SERVICE options branch; INTENT_SENDER_SERVICE calls startServiceInPackage, its result unused, RuntimeException logged); ${AM}/ActiveServices.java startServiceLocked ("Background start not allowed: service …", ComponentName("?", "app is in background uid " + uidRec)); core/java/android/app/ActivityManagerInternal.java startServiceInPackage (returns a ComponentName and takes no options: main, and android/app/ActivityManagerInternal.java in the SDK's platform sources, AndroidSDKSources/android-sdk-sources-for-api-level-29 line 270, AndroidSDKSources/android-sdk-sources-for-api-level-31 line 382, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 619); aosp-mirror/platform_frameworks_base apex/jobscheduler/service/java/com/android/server/alarm/AlarmManagerService.java (mOptsWithFgs, mOptsWithFgsForAlarmClock: BroadcastOptions.setTemporaryAppAllowlist; DeliveryTracker.deliverLocked sends alarm.operation with them); a pre-Android 9 AlarmManagerService copy read from the search index, file id 142407496 (alarm.operation.send(…, allowWhileIdle ? mIdleOptions : null))`,
    model: 'emulator/device.ts (EmulatedDevice.serviceFromPending, backgroundStartRefusal); emulator/system.ts (SystemServices.sendPending, arm); emulator/android/sched.ts (scheduleAlarm: allowlistsOnSend)',
    test: 'test/emulator/pending-service-background.test.ts',
  },
  {
    id: 'android.service.timeline-start',
    runtime: 'android',
    behaviour:
      'API 26+: a service of an app started by someone other than its own code (a scenario timeline `service` entry: `from` "system" or another installed package) goes through the same ActiveServices.startServiceLocked check as any startService (android.service.background-start-limit): the service\'s app targets 26+, its uid is idle, the service not already started -> refused. The caller does not change the answer: startServiceLocked hands it to getAppStartModeLOSP only as callingPid, which counts only for a legacy app the user has restricted (APP_START_MODE_DELAYED: a foreground caller lets that one through); for an app targeting 26+ appRestrictedInBackgroundLOSP answers APP_START_MODE_DELAYED_RIGID whoever asks. The system server logs "Background start not allowed: service <intent> to <pkg/.Cls> from pid=… uid=… pkg=… startFg?=false"; an app caller gets startService\'s exception (IllegalStateException "Not allowed to start service <intent>: app is in background uid …"; API 31+ BackgroundServiceStartNotAllowedException); the service\'s app sees nothing (no process start, no onStartCommand). A bind is not limited (bindServiceLocked has no such check). A temporary allowlist the scenario models (a broadcast entry\'s allowlistMs) lets the start through (getAppStartModeLOSP -> isOnDeviceIdleAllowlistLOSP). Failing loudly: a refused start whose entry names no caller (what the caller\'s path did first, a notification action\'s or a push\'s temporary allowlist, decides, and the entry does not say), and one whose reason is an alarm (an alarm\'s PendingIntent starts as its creator with the alarm\'s options; android.service.pending-background-start models that when the app arms the alarm).',
    source: `per release in the SDK's platform sources, com/android/server/am/ActiveServices.java startServiceLocked (the check, "Background start not allowed: service …", ComponentName("?", "app is in background uid " + uidRec)): AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 lines 367-385 (\`if (!r.startRequested && !fgRequired)\`, getAppStartModeLocked), AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b lines 471-500 (\`forcedStandby || (!r.startRequested && !fgRequired)\` from Android 9), AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a lines 491-520, AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 lines 546-575, AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 724-753 (getAppStartModeLOSP), AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 lines 935-964; com/android/server/am/ActivityManagerService.java getAppStartModeLocked / appServicesRestrictedInBackgroundLocked / appRestrictedInBackgroundLocked (APP_START_MODE_DELAYED_RIGID for targetSdk >= O; callingPid consulted only for APP_START_MODE_DELAYED) / isOnDeviceIdleWhitelistLocked (mDeviceIdleTempWhitelist): AndroidSDKSources/android-sdk-sources-for-api-level-26 lines 8373-8491, AndroidSDKSources/android-sdk-sources-for-api-level-28 lines 9305-9444, AndroidSDKSources/android-sdk-sources-for-api-level-29 lines 5939-6078, AndroidSDKSources/android-sdk-sources-for-api-level-30 lines 6278-6430, AndroidSDKSources/android-sdk-sources-for-api-level-31 (…LOSP, mDeviceIdleTempAllowlist) lines 5484-5639, AndroidSDKSources/android-sdk-sources-for-api-level-34 lines 5949-6104; com/android/server/am/ActiveServices.java bindServiceLocked (no getAppStartMode check before bringUpServiceLocked): AndroidSDKSources/android-sdk-sources-for-api-level-26 line 1228 on, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 3616 on; android/app/ContextImpl.java startServiceCommon ("Not allowed to start service " + service + ": " + cn.getClassName()): AndroidSDKSources/android-sdk-sources-for-api-level-26 line 1506; and for main: ${AM}/ActiveServices.java startServiceLocked: main-era copy read from the search index, file id 17246888, repository not named there (BackgroundStartPrivileges, Flags.fgsBootCompleted: Android 15 or later): getAppStartModeLOSP(appUid, appPackageName, appTargetSdkVersion, callingPid, false, false, forcedStandby), the "Background start not allowed: service " + service + " to " + r.shortInstanceName + " from pid=" + callingPid + " uid=" + callingUid + " pkg=" + callingPackage + " startFg?=" + fgRequired log, ComponentName("?", "app is in background uid " + uidRec); ${AM}/ActivityManagerService.java getAppStartModeLocked / appServicesRestrictedInBackgroundLocked / appRestrictedInBackgroundLocked (APP_START_MODE_DELAYED_RIGID for targetSdk >= O; callingPid used only for APP_START_MODE_DELAYED, "we will allow other foreground apps to cause its services to start"; isOnDeviceIdleWhitelistLocked includes mDeviceIdleTempWhitelist), the same in main; ${AM}/ActiveServices.java bindServiceLocked (no getAppStartMode check before bringUpServiceLocked), the same in main; core/java/android/app/ContextImpl.java startServiceCommon ("Not allowed to start service " + service + ": " + cn.getClassName()); AOSP frameworks/base commit 85e35643ba245c2d2b96662989aa505f04204cd7 "Improve behavior of bg check" (APP_START_MODE_DELAYED_RIGID; "removes the code that allows services to be started if the request is coming from a foreground process"; read as mirrored at gitlab.e.foundation/e/os/android_frameworks_base) and commit bef28feba57be7fd6a4d14a85a8229154338b2ed "Initial stab at background check" ("No services can be started (binding services is still okay…)", android.googlesource.com)`,
    model: 'emulator/device.ts (EmulatedDevice.serviceEntry, backgroundStartRefusal, uidIdle); emulator/scenario/runtime.ts (timeline service entries -> RuntimeHost.serviceEntry); emulator/scenario/load.ts (the `from` check)',
    test: 'test/emulator/timeline-service-background.test.ts',
  },
  {
    id: 'android.context.system-service-registry',
    runtime: 'android',
    behaviour:
      'Context.getSystemService(name) (ContextImpl -> SystemServiceRegistry.getSystemService) returns the manager registered for the name, and null for a name without a fetcher: no exception, and in an app process no log either (the "Unknown manager requested" Slog.wtf of newer releases is gated by sEnableServiceNotFoundWtf, which SystemServer.run sets for the system server only). Which names are registered depends on the release: a name whose Context constant (and manager class) was added in API N is unknown, so null, below N. The emulator answers from emulator/android/services.ts (one line per name: manager class, API levels, source): a modelled manager for a name registered at the device\'s level; the run stops, naming the manager a phone returns and how to add it, for a registered name it does not model (a null there is a guess an SDK could react to); null for any other name. Scenario validation refuses calls on such a manager class. The names and levels come from the SDK\'s platform sources for API 24-35 (every name SystemServiceRegistry and the module initializers there register, @hide ones included; a name counts as registered after the last level that shows it unless Context\'s constant is gone, since some levels\' sources leave mainline-module initializers out) and from the SDK declarations for public names they do not show; API 36 has no published sources, so a name registered at 35 counts as registered there.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/SystemServiceRegistry.java at commit 000f7cd646f016febb4d90ae19a697ae548025e2 (the static registerService(Context.X, Manager.class, …) block; getSystemService: `ServiceFetcher<?> fetcher = SYSTEM_SERVICE_FETCHERS.get(name); return fetcher != null ? fetcher.getService(ctx) : null;`), the same getSystemService at commit 9f141ee80230f266caa596a60e6d1278f072ac7c (Android 10-era); per release in the SDK\'s platform sources, android/app/SystemServiceRegistry.java getSystemService: AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 lines 878-880 and AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a lines 1304-1306 (`return fetcher != null ? fetcher.getService(ctx) : null`), AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 lines 1370-1377, AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 1513-1520 and AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f219798 lines 1633-1640 (`if (sEnableServiceNotFoundWtf) Slog.wtf(TAG, "Unknown manager requested: " + name); return null;`), and com/android/server/SystemServer.java run() the only place setting `SystemServiceRegistry.sEnableServiceNotFoundWtf = true` (AndroidSDKSources/android-sdk-sources-for-api-level-30 line 532, AndroidSDKSources/android-sdk-sources-for-api-level-31 line 804, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 867); the registrations themselves: emulator/android/services.ts SOURCES.platform (level, file and line per name); Context\'s *_SERVICE constants and their @since in the SDK declarations (@nativescript/types-android lib/android/android-platform-21-37-merged.d.ts, checked line by line by the test); https://developer.android.com/sdk/api_diff/36.1/changes/android.content.Context and https://developer.android.com/sdk/api_diff/37-incr/changes/android.content.Context for the names the declarations leave untagged',
    model: 'emulator/android/services.ts (SYSTEM_SERVICES, registeredAt); emulator/android/content.ts (ContextImpl.getSystemService, registerSystemService, unmodelledServiceReason); emulator/scenario/load.ts (checkFrameworkCall)',
    test: 'test/emulator/system-services.test.ts',
  },
  {
    id: 'android.notification.pending-intent',
    runtime: 'android',
    behaviour:
      'A notification\'s PendingIntents (content intent, actions, delete intent) are sent by SystemUI with a temporary allowlist: when the notification is enqueued, NotificationManagerService hands each of them an allowlist token and duration (ActivityManagerInternal.setPendingIntentAllowlistDuration -> PendingIntentRecord.setAllowlistDurationLocked), and PendingIntentRecord.sendInner, sent with that token, temp-allowlists the creator\'s uid first, so a service it starts escapes the background limits. The emulator models no notifications, so no such send happens and its allowlist is never guessed: Context.getSystemService("notification") stops the run (a phone returns a NotificationManager; the emulator\'s null would differ), and a scenario naming android.app.NotificationManager or Notification.Builder.setContentIntent is refused when it loads. (Notification.Builder\'s title/text, for a foreground service\'s notification, is modelled.)',
    source: `android/app/ActivityManagerInternal.java setPendingIntentWhitelistDuration / setPendingIntentAllowlistDuration in the SDK's platform sources (AndroidSDKSources/android-sdk-sources-for-api-level-26 line 175, AndroidSDKSources/android-sdk-sources-for-api-level-29 line 73, AndroidSDKSources/android-sdk-sources-for-api-level-31 line 130, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 165); ${AM}/PendingIntentRecord.java sendInner at commit 01be3e60 (the allowlist token's duration -> tempAllowlistForPendingIntent before the send); com/android/server/notification/NotificationManagerService.java enqueueNotificationInternal in the SDK's platform sources, each PendingIntent of the notification handed an allowlist token and duration: AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 line 3230 and AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b line 4103 (am.setPendingIntentWhitelistDuration), AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a lines 4769-4771 and AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 lines 5776-5778 (plus setPendingIntentAllowBgActivityStarts), AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 6329-6334, AndroidSDKSources/android-sdk-sources-for-api-level-33 commit 6e4fa4c lines 6570-6575, AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 lines 6766-6771 (mAmi.setPendingIntentAllowlistDuration); the receiving end com/android/server/am/PendingIntentController.java setPendingIntent(Whitelist|Allowlist)Duration ("markAsSentFromNotification(): not a PendingIntentRecord", then set(Whitelist|Allowlist)DurationLocked): AndroidSDKSources/android-sdk-sources-for-api-level-29 lines 277-284, AndroidSDKSources/android-sdk-sources-for-api-level-31 lines 304-312, AndroidSDKSources/android-sdk-sources-for-api-level-34 lines 305-313, and in ActivityManagerService itself before Android 10 (AndroidSDKSources/android-sdk-sources-for-api-level-26 lines 23850-23856)`,
    model: 'emulator/android/content.ts (UNMODELLED_SERVICES, ContextImpl.getSystemService); emulator/scenario/load.ts (checkFrameworkCall)',
    test: 'test/emulator/pending-service-background.test.ts',
  },
  {
    id: 'android.service.fgs-background-start',
    runtime: 'android',
    behaviour:
      'API 31+, when the service\'s app and the recent caller target 31+ (isBgFgsRestrictionEnabled; FGS_START_EXCEPTION_CHANGE_ID has the same threshold, so refusals throw): every startService, startForegroundService and bindService records on the ServiceRecord whether its caller may start a foreground service now (setFgsRestrictionLocked -> mAllowStartForeground; an allowed record stays allowed until stopForeground resets it). startForegroundService with a denied record throws ForegroundServiceStartNotAllowedException("startForegroundService() not allowed due to mAllowStartForeground false: service pkg/.Cls"); Service.startForeground with a denied record throws ForegroundServiceStartNotAllowedException("Service.startForeground() not allowed due to mAllowStartForeground false: service pkg/.Cls"), so a plain startService while the app may still start services (uid not idle) but is past the grace is refused at startForeground. The record, not the moment of startForeground, decides, except: a first startForeground more than mFgsStartForegroundTimeoutMs (10 s) after the service\'s creation resets the record (resetFgsRestrictionLocked) and checks the service\'s own app instead, so only the app\'s state then counts (Android 12, 12L, 13, 14 with its default mEnableFgsWhileInUseFix = false, and main); on API 35, whose ActiveServices is not read, the emulator fails loudly where that check changes the record\'s answer. A later startForeground checks the app again (a denied record only: after stopForeground reset it, or more than 10 s after the last check on Android 12/12L; every later call from Android 13). Checks run after FOREGROUND_SERVICE and the manifest-type subset, before the Android 14 type policy. Modelled exemptions: a visible activity, within TOP_TO_FGS_GRACE_DURATION (15 s) of leaving it, a foreground service of the app running, SYSTEM_ALERT_WINDOW, the temp allowlist of a high-priority push (android.service.temp-allowlist). Failing loudly (a refusal the emulator cannot make): exemptions it does not model that could apply - a companion association (REQUEST_COMPANION_RUN_IN_BACKGROUND / ..._START_FOREGROUND_SERVICES_FROM_BACKGROUND held), the battery-optimization allowlist (REQUEST_IGNORE_BATTERY_OPTIMIZATIONS held), privileged START_*_FROM_BACKGROUND, another app bound to one of its services (REASON_FGS_BINDING), within an alarm\'s temporary allowlist (AlarmManagerService DEFAULT_ALLOW_WHILE_IDLE_WHITELIST_DURATION, 10 s on Android 8-14; 20 s, the boot window, on API 35-36, whose AlarmManagerService is not read) or 20 s (DEFAULT_BOOT_TIME_TEMP_ALLOWLIST_DURATION) of a BOOT_COMPLETED / LOCKED_BOOT_COMPLETED / MY_PACKAGE_REPLACED broadcast - and starts whose caller it does not know (timeline service entries, the job scheduler\'s bind, a sticky restart without an earlier record); a service PendingIntent starts as its creator (PendingIntentRecord), and a foreground-service one sent from the background on Android 12+ that the modelled exemptions refuse fails loudly at the send (what the system server does with the refusal, and the sender\'s allowlist, are not modelled); on API 35+ for apps targeting 35+, a dataSync startForeground whose Android 15 time-limit path (FGS_INTRODUCE_TIME_LIMITS: the app re-checked) would decide otherwise.',
    source: `AlarmManagerService DEFAULT_ALLOW_WHILE_IDLE_WHITELIST_DURATION = 10 * 1000, the duration of mIdleOptions / mOptsWithFgs / mOptsWithFgsForAlarmClock (TEMPORARY_ALLOW_LIST_TYPE_FOREGROUND_SERVICE_ALLOWED from Android 12), in the SDK's platform sources: AndroidSDKSources/android-sdk-sources-for-api-level-26 com/android/server/AlarmManagerService.java line 215, AndroidSDKSources/android-sdk-sources-for-api-level-30 line 423, AndroidSDKSources/android-sdk-sources-for-api-level-31 com/android/server/alarm/AlarmManagerService.java line 545, AndroidSDKSources/android-sdk-sources-for-api-level-33 line 709, AndroidSDKSources/android-sdk-sources-for-api-level-34 line 758 (set on the options at lines 934-941); ActivityManagerConstants DEFAULT_BOOT_TIME_TEMP_ALLOWLIST_DURATION = 20 * 1000 at AndroidSDKSources/android-sdk-sources-for-api-level-34 com/android/server/am/ActivityManagerConstants.java line 195; com/android/server/am/ActiveServices.java setServiceForegroundInnerLocked in the SDK\'s platform sources: AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 1776-1845 (late first call: resetFgsRestrictionLocked then setFgsRestrictionLocked with the service\'s package; a later call re-checks only more than mFgsStartForegroundTimeoutMs after mLastSetFgsRestrictionTime; the "Service.startForeground() not allowed due to mAllowStartForeground false: service " text at line 1825), setFgsRestrictionLocked line 5857 (a DENIED record only is recomputed), resetFgsRestrictionLocked line 5881, the startForegroundService text at line 682; AndroidSDKSources/android-sdk-sources-for-api-level-32 commit f31e558 lines 1793-1815 (the same); AndroidSDKSources/android-sdk-sources-for-api-level-33 commit 6e4fa4c lines 1914-1930 (late first call the same; every later call re-checks); AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 lines 2228-2270 (the same while mEnableFgsWhileInUseFix, DEFAULT_ENABLE_FGS_WHILE_IN_USE_FIX = false in ActivityManagerConstants.java line 1064, is off); ${AM}/ActiveServices.java as of Android 12 (a copy read from the search index, file id 11709956, repository not named there, which this entry followed before, reading its late first call as keeping an allowed record; the published Android 12 sources above reset it first, and they win): startServiceLocked (setFgsRestrictionLocked before the fgRequired check, FGS_START_EXCEPTION_CHANGE_ID), bindServiceLocked (setFgsRestrictionLocked), setServiceForegroundInnerLocked (mStartForegroundCount == 0 && !fgRequired && delay > mFgsStartForegroundTimeoutMs -> setFgsRestrictionLocked with the service's package; the "Service.startForeground() not allowed due to mAllowStartForeground false: service " + shortInstanceName text; resetFgsRestrictionLocked on leaving the foreground), setFgsRestrictionLocked (only a DENIED record is recomputed), shouldAllowFgsWhileInUsePermissionLocked / shouldAllowFgsStartForegroundLocked (the exemption list, REASON_FGS_BINDING, isAllowlistedForFgsStartLOSP, companion permissions), isBgFgsRestrictionEnabled (service and caller targetSdk); aosp-mirror/platform_frameworks_base main at commit 000a7475 ${AM.split(' ')[1]}/ActiveServices.java setServiceForegroundInnerLocked (late first call: resetFgsRestrictionLocked then setFgsRestrictionLocked; later calls re-check; the BFSL check before validateForegroundServiceType; FGS_INTRODUCE_TIME_LIMITS re-check for time-limited types; resetFgsRestrictionLocked on leaving the foreground, as in Android 12); ${AM}/ActivityManagerConstants.java DEFAULT_FGS_START_FOREGROUND_TIMEOUT_MS (10 * 1000), DEFAULT_TOP_TO_FGS_GRACE_DURATION (15000), DEFAULT_BOOT_TIME_TEMP_ALLOWLIST_DURATION (20 * 1000); https://developer.android.com/develop/background-work/services/fgs/restrictions-bg-start (exemptions)`,
    model: 'emulator/fgs.ts (FgsStartRestrictions: started, startForegroundServiceRefusal, startForegroundRefusal); emulator/device.ts (fgsStartAllowed, fgsAllowance, recordSystemServiceStart, serviceFromPending, launch); emulator/system.ts (sendPending); emulator/android/app.ts (startForegroundImpl)',
    test: 'test/emulator/fgs-background.test.ts',
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
    model: 'emulator/device.ts (EmulatedDevice.providerEntry and touchProvider, deliver kind provider); emulator/android/providers.ts (target: another app’s ContentResolver.query/call/insert; incomingProviderCall)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.activity.finish-in-oncreate',
    runtime: 'android',
    behaviour:
      'Activity.finish() sets mFinished and the system destroys the activity; one that finishes in onCreate is never started or resumed (ActivityThread.handleStartActivity / performResumeActivity return early for a finished activity), so a transparent trampoline such as Getui’s GActivity never brings its app to the foreground. Another app starting the activity is subject to the background-activity rules (API 29+). Translucent themes, excludeFromRecents and taskAffinity reach the ActivityInfo (android.activity.info-attributes) but have no further effect in the emulator (no recents, window or task model).',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/Activity.java finish / isFinishing (mFinished); core/java/android/app/ActivityThread.java handleStartActivity, performResumeActivity',
    model: 'emulator/android/app.ts (Activity.finish, runLifecycle); emulator/device.ts (activityFinished, uiOp open from another app)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.activity.info-attributes',
    runtime: 'android',
    behaviour:
      'The manifest attributes of an activity reach the ActivityInfo the system resolves and ActivityThread.performLaunchActivity passes to Activity.attach, which keeps it in Activity.mActivityInfo before onCreate: android:theme as ActivityInfo.theme (the style resource id, 0 when the activity names none; @android:style/Theme.Translucent.NoTitleBar is android.R.style.Theme_Translucent_NoTitleBar = 0x01030010, a Theme.Translucent child, which sets windowIsTranslucent), android:excludeFromRecents as ActivityInfo.FLAG_EXCLUDE_FROM_RECENTS (0x0020) in flags, android:taskAffinity as taskAffinity (PackageParser.buildTaskAffinityName: absent = the application affinity, which defaults to the package name; "" = null; ":x" = package + ":x"). Themes other than the cited framework one are refused by the scenario schema, since resolving an app style to its window attributes is not modelled. What these change on a phone (a translucent activity does not stop the one below it, ActivityRecord.occludesParent / isTranslucentOrFloating; FLAG_EXCLUDE_FROM_RECENTS hides the task from recents, RecentTasks.isVisibleRecentTask; a different affinity puts the activity in another task, ActivityStarter computeTargetTask) is not modelled.',
    source:
      'aosp-mirror/platform_frameworks_base core/java/android/content/pm/ActivityInfo.java (theme, flags, FLAG_EXCLUDE_FROM_RECENTS = 0x0020, taskAffinity, isTranslucentOrFloating); core/java/android/content/pm/PackageParser.java parseActivity (R.styleable.AndroidManifestActivity_theme, _excludeFromRecents, _taskAffinity) and buildTaskAffinityName; core/java/android/app/Activity.java attach (mActivityInfo = info); core/java/android/app/ActivityThread.java performLaunchActivity; core/res/res/values/public.xml Theme.Translucent.NoTitleBar (android.R.style.Theme_Translucent_NoTitleBar = 16973840)',
    model: 'emulator/scenario/schema.ts (activity theme, excludeFromRecents, taskAffinity); emulator/android/pm.ts (ActivityInfo fields, ACTIVITY_THEMES, taskAffinityName); emulator/device.ts (deliver activity: the resolved ActivityInfo); emulator/android/app.ts (runLifecycle launch: Activity.mActivityInfo)',
    test: 'test/reports/startup-emulated.test.ts',
  },
  {
    id: 'android.activity.destroy-after-finish',
    runtime: 'android',
    behaviour:
      'A finished activity is destroyed by the system: on the app side ActivityThread.performDestroyActivity pauses it if still resumed (performPauseActivityIfNeeded), then calls mInstrumentation.callActivityOnDestroy(r.activity), which calls Activity.performDestroy (mDestroyed = true, isDestroyed() true) and onDestroy(); the record is then removed (mActivities.remove). Pre-28 the H message is DESTROY_ACTIVITY (109), from 28 a DestroyActivityItem in an EXECUTE_TRANSACTION. The system destroys a finishing activity once the next activity reports idle, or after ActivityTaskSupervisor.IDLE_TIMEOUT (10 s); the emulator queues the destroy behind the pause and whatever the main thread already holds, without waiting for idle, so onDestroy can come earlier than on a phone when an app finishes before starting the next activity.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/ActivityThread.java performDestroyActivity (callActivityOnDestroy), H.DESTROY_ACTIVITY; core/java/android/app/Instrumentation.java callActivityOnDestroy (activity.performDestroy()); core/java/android/app/Activity.java performDestroy / isDestroyed (mDestroyed); services/core/java/com/android/server/wm/ActivityTaskSupervisor.java IDLE_TIMEOUT',
    model: 'emulator/android/app.ts (runLifecycle destroy, Instrumentation.callActivityOnDestroy, Activity.performDestroy); emulator/device.ts (activityFinished)',
    test: 'test/emulator/activity-destroy.test.ts',
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
  {
    id: 'android.conscrypt.engine-socket-default',
    runtime: 'android',
    behaviour:
      'From Android 11 (API 30) the platform SSLSocketFactory hands out ConscryptEngineSocket: SSLUtils.USE_ENGINE_SOCKET_BY_DEFAULT reads org.conscrypt.useEngineSocketByDefault, default true, in the Conscrypt module; OpenSSLSocketFactoryImpl.createSocket then calls Platform.createEngineSocket. Earlier releases use ConscryptFileDescriptorSocket.',
    source: 'google/conscrypt common/src/main/java/org/conscrypt/SSLUtils.java (USE_ENGINE_SOCKET_BY_DEFAULT), common/src/main/java/org/conscrypt/OpenSSLSocketFactoryImpl.java (createSocket)',
    model: 'emulator/android/net.ts (ENGINE_SOCKET_API, exchange)',
    test: 'test/network/engine-socket.test.ts',
  },
  {
    id: 'android.conscrypt.engine-ssl-no-fd',
    runtime: 'android',
    behaviour:
      'An engine socket encrypts into a memory BIO: ConscryptEngineSocket.SSLOutputStream.writeInternal calls engine.wrap (NativeCrypto.ENGINE_SSL_write_direct -> SSL_write) and then socketOutputStream.write(target) on the same thread, so the ciphertext leaves through java.net.SocketOutputStream; SSL_get_fd on that SSL* answers -1 (SSL_get_rfd finds no BIO_TYPE_DESCRIPTOR); SSL_get_servername still answers the SNI host Conscrypt set.',
    source: 'google/conscrypt common/src/main/java/org/conscrypt/ConscryptEngineSocket.java (SSLOutputStream.writeInternal); google/boringssl ssl/ssl_lib.cc (SSL_get_fd -> SSL_get_rfd)',
    model: 'emulator/native/natives.ts (sslWriteBio, invokeFunction SSL_get_fd), emulator/android/net.ts (ConscryptEngineSocket$SSLOutputStream)',
    test: 'test/network/engine-socket.test.ts',
  },
  {
    id: 'android.bionic.addrinfo-layout',
    runtime: 'android',
    behaviour:
      'bionic declares struct addrinfo in BSD order: ai_flags, ai_family, ai_socktype, ai_protocol, ai_addrlen, then ai_canonname BEFORE ai_addr, then ai_next (glibc and musl put ai_addr first); LP64 offsets 0/4/8/12/16/24/32/40. getaddrinfo(node, service, hints, res) and android_getaddrinfofornet(node, service, hints, netid, mark, res) return 0 and the list in *res, or an EAI_* code (EAI_NONAME 8).',
    source: 'aosp-mirror/platform_bionic libc/include/netdb.h (struct addrinfo, EAI_*); packages/modules/DnsResolver tests (android_getaddrinfofornet declaration)',
    model: 'emulator/native/natives.ts (NativeLayer.getaddrinfo)',
    test: 'test/network/native-dns.test.ts',
  },
  {
    id: 'android.bionic.mmsghdr-layout',
    runtime: 'android',
    behaviour: 'sendmmsg(fd, struct mmsghdr*, vlen, flags): mmsghdr is { struct msghdr msg_hdr; unsigned int msg_len; }, 64 bytes on LP64 (msghdr 56 + 4 + padding), so message i starts at i*64.',
    source: 'aosp-mirror/platform_bionic libc/include/sys/socket.h (struct mmsghdr)',
    model: 'emulator/native/natives.ts (NativeLayer.send via sendmmsg)',
    test: 'test/network/native-dns.test.ts',
  },
  {
    id: 'android.okhttp.alpn-h2',
    runtime: 'vendor',
    behaviour:
      "App-bundled OkHttp 3/4 offers h2 and http/1.1 in ALPN on https (OkHttpClient DEFAULT_PROTOCOLS = [HTTP_2, HTTP_1_1]) and speaks HTTP/2 when the server selects it: Http2Connection.start() writes the client preface and SETTINGS, then each stream's HEADERS and DATA. The platform HttpURLConnection (com.android.okhttp) offers only http/1.1 (HttpHandler HTTP_1_1_ONLY).",
    source: 'square/okhttp okhttp/src/main/java/okhttp3/OkHttpClient.java (DEFAULT_PROTOCOLS), okhttp3/internal/http2/Http2Connection.java (start); aosp external/okhttp android/main/java/com/squareup/okhttp/HttpHandler.java (HTTP_1_1_ONLY)',
    model: 'emulator/libraries/http.ts (okhttp exchange, device.h2Hosts), emulator/android/net.ts (h2Preface, h2Request)',
    test: 'test/network/h2-traffic.test.ts',
  },
  {
    id: 'android.crypto.cipher-aes',
    runtime: 'android',
    behaviour:
      'javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding") (Conscrypt/BouncyCastle providers) with a 16/24/32-byte SecretKeySpec and an IvParameterSpec encrypts with AES-CBC and PKCS#7 padding; doFinal(byte[]) returns the whole ciphertext; an unknown transformation throws NoSuchAlgorithmException, a wrong key size InvalidKeyException, doFinal before init IllegalStateException, a too-short output array ShortBufferException.',
    source: 'aosp libcore/ojluni/src/main/java/javax/crypto/Cipher.java (getInstance, init, doFinal, checkCipherState); external/conscrypt common/src/main/java/org/conscrypt/OpenSSLCipher.java',
    model: 'emulator/android/crypto.ts (javax.crypto.Cipher)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.zip.gzip-stream',
    runtime: 'android',
    behaviour: 'java.util.zip.GZIPOutputStream writes one gzip member (RFC 1952): the 10-byte header (OS 0) at construction, then through DeflaterOutputStream.write its raw-deflate Deflater (nowrap) gets each write (setInput, deflate() until needsInput()), finish() drains it and writes the CRC32/size trailer, close() = finish + Deflater.end + close of the wrapped stream. FilterOutputStream.write(byte[]) forwards to write(b, 0, len) of the subclass.',
    source: 'aosp libcore/ojluni/src/main/java/java/util/zip/GZIPOutputStream.java (GZIPOutputStream(OutputStream), writeHeader, write, finish); DeflaterOutputStream.java (write, deflate, finish, close); java/io/FilterOutputStream.java (write(byte[]))',
    model: 'emulator/android/crypto.ts (java.util.zip.GZIPOutputStream, DeflaterOutputStream, java.io.FilterOutputStream)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.zip.deflater',
    runtime: 'android',
    behaviour: 'java.util.zip.Deflater compresses what setInput gave it into the caller buffer of deflate() (returns the byte count; zlib format, raw with nowrap); needsInput() is true once deflate() took the input; finished() once finish() was called and all output was taken; DeflaterOutputStream(OutputStream) uses a default Deflater and writes zlib. Inflater inverts it. Modelled: the bytes and the call order; the model emits the compressed stream only after finish() (real zlib may emit the zlib header or blocks earlier: same bytes, other split).',
    source: 'aosp libcore/ojluni/src/main/java/java/util/zip/Deflater.java (setInput, needsInput, finish, deflate), DeflaterOutputStream.java, Inflater.java (setInput, inflate)',
    model: 'emulator/android/crypto.ts (java.util.zip.Deflater, java.util.zip.Inflater, java.util.zip.DeflaterOutputStream)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.security.messagedigest',
    runtime: 'android',
    behaviour: 'MessageDigest.getInstance(name) (MD5, SHA-1, SHA-224/256/384/512; other names throw NoSuchAlgorithmException); update(...) feeds bytes; digest() returns the hash and resets; digest(byte[] input) is update(input) followed by digest().',
    source: 'aosp libcore/ojluni/src/main/java/java/security/MessageDigest.java (getInstance, update, digest(byte[]): "update(input); return digest();")',
    model: 'emulator/android/crypto.ts (java.security.MessageDigest)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.crypto.mac',
    runtime: 'android',
    behaviour: 'javax.crypto.Mac.getInstance(HmacMD5/HmacSHA1/HmacSHA224/256/384/512), init(Key), update(...), doFinal() returns the MAC and resets; doFinal(byte[] input) is update(input) then doFinal(); update/doFinal before init throw IllegalStateException("MAC not initialized").',
    source: 'aosp libcore/ojluni/src/main/java/javax/crypto/Mac.java (init, update, doFinal(byte[]), "MAC not initialized")',
    model: 'emulator/android/crypto.ts (javax.crypto.Mac)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.util.base64',
    runtime: 'android',
    behaviour: 'android.util.Base64.encodeToString(byte[], flags): standard alphabet; NO_WRAP (2) gives one line, DEFAULT (0) wraps at 76 characters and ends with a newline, NO_PADDING (1) drops "=", URL_SAFE (8) uses "-" and "_".',
    source: 'aosp frameworks/base core/java/android/util/Base64.java (Encoder, LINE_GROUPS = 19)',
    model: 'emulator/android/crypto.ts (android.util.Base64)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.prefs.persist',
    runtime: 'android',
    behaviour:
      'Context.getSharedPreferences(name, mode) returns the process-wide SharedPreferencesImpl of /data/data/<pkg>/shared_prefs/<name>.xml, loaded once per process (ContextImpl.sSharedPrefsCache); an editor\'s putX/remove/clear reach the in-memory map at apply()/commit() (commitToMemory), commit() writes the file on the caller\'s thread, apply() queues the write (QueuedWork, run QueuedWork.DELAY = 100 ms later) so a process killed first loses it; the file is app data: a later process of the app reads it, `pm clear` deletes it. getBoolean/getInt/... cast the stored value, so a value of another type throws ClassCastException.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/ContextImpl.java (getSharedPreferences(String, int), getSharedPreferencesCacheLocked); core/java/android/app/SharedPreferencesImpl.java (getBoolean, EditorImpl.commitToMemory, apply, commit, enqueueDiskWrite); core/java/android/app/QueuedWork.java (queue, DELAY)',
    model: 'emulator/android/prefs.ts (SharedPreferencesImpl, EditorImpl); emulator/device.ts (sharedPrefsFile)',
    test: 'test/reports/scenario-state-emulated.test.ts',
  },
  {
    id: 'android.prefs.world-readable',
    runtime: 'android',
    behaviour: 'For apps targeting API 24 (N) or higher, getSharedPreferences with MODE_WORLD_READABLE (1) or MODE_WORLD_WRITEABLE (2) throws SecurityException("MODE_WORLD_READABLE no longer supported"); apps targeting 23 or lower still get the file.',
    source: 'aosp-mirror/platform_frameworks_base core/java/android/app/ContextImpl.java (checkMode)',
    model: 'emulator/android/prefs.ts (getSharedPreferences)',
    test: 'test/reports/scenario-state-emulated.test.ts',
  },
  {
    id: 'android.alarm.cancel',
    runtime: 'android',
    behaviour:
      'AlarmManager.cancel(PendingIntent) removes every alarm whose PendingIntent matches (same creator, kind, component/package, action: PendingIntent equality), so it never fires; a null PendingIntent throws NullPointerException for apps targeting 24+ and is only logged below; cancel(OnAlarmListener) (API 24+) removes the alarms set with that listener, null throws. JobScheduler.cancel(id) withdraws the caller\'s job with that id, cancelAll() every job of the caller\'s uid; a withdrawn job never runs.',
    source: 'aosp-mirror/platform_frameworks_base apex/jobscheduler/framework/java/android/app/AlarmManager.java (cancel(PendingIntent), cancel(OnAlarmListener)); apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java (cancel, cancelAll); apex/jobscheduler/service/java/com/android/server/job/JobSchedulerService.java (cancelJobsForUid)',
    model: 'emulator/android/sched.ts (AlarmManager.cancel, JobSchedulerImpl.cancel/cancelAll); emulator/system.ts (cancelPending, cancelAlarmListener, cancelJob, cancelAllJobs)',
    test: 'test/reports/scenario-state-emulated.test.ts',
  },
  {
    id: 'android.service.temp-allowlist',
    runtime: 'android',
    behaviour:
      'A broadcast sent with BroadcastOptions.setTemporaryAppAllowlist (Google Play services does so for high-priority FCM messages; the duration is the sender\'s) puts the receiving uid on the temporary allowlist before its receiver runs; while on it, the app may start services from the background (API 26+ limits do not apply) and, with type FOREGROUND_SERVICE_ALLOWED, foreground services (API 31+ limits do not apply). Without it the same starts are refused.',
    source: 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am/BroadcastQueue.java (maybeScheduleTempAllowlistLocked), ActivityManagerService.java (tempAllowlistUidLocked, getAppStartModeLOSP / isOnDeviceIdleAllowlistLOSP), ActiveServices.java (shouldAllowFgsStartForegroundNoBindingCheckLocked: mFgsStartTempAllowList); core/java/android/app/BroadcastOptions.java (setTemporaryAppAllowlist)',
    model: 'emulator/device.ts (broadcastEntry, tempAllowlisted, uidIdle, fgsStartAllowed)',
    test: 'test/reports/scenario-state-emulated.test.ts',
  },
  {
    id: 'android.dartio.sslWriteOffIsolate',
    runtime: 'android',
    behaviour:
      'dart:io (Flutter\'s HTTP client) runs SSL_write of the BoringSSL linked into libflutter.so on an IO-service thread, not on the isolate\'s thread: the secure filter is handed to the IO service, whose native port runs on the Dart VM thread pool (threads named "DartWorker"), and ProcessFilterRequest -> ProcessAllBuffers -> ProcessWritePlaintextBuffer calls SSL_write into a buffer shared with Dart; the isolate\'s thread then writes the encrypted bytes to the socket (_NativeSocket.nativeWrite -> native Socket_WriteList). So the record reaches write() on another thread than SSL_write. Unverified: that Flutter\'s root isolate runs on the "1.ui" thread (the scenario names it; no source cited here).',
    source:
      'dart-lang/sdk runtime/bin/secure_socket_filter.cc (SecureSocket_FilterPointer: "This filter pointer is passed to the IO Service thread"; SSLFilter::ProcessFilterRequest, ProcessAllBuffers, ProcessWritePlaintextBuffer); runtime/bin/io_service.cc (IOService::GetServicePort: Dart_NewNativePort("IOService", IOServiceCallback)); runtime/vm/native_api_impl.cc (Dart_NewNativePort: nmh->Run(Dart::thread_pool(), ...)); runtime/vm/thread_pool.cc (ThreadPool::Worker::StartThread: OSThread::Start("DartWorker", ...)); sdk/lib/_internal/vm/bin/socket_patch.dart (_NativeSocket.nativeWrite native "Socket_WriteList"); runtime/bin/socket.cc (Socket_WriteList, on the calling isolate\'s thread)',
    model: 'emulator/scenario/runtime.ts (nativeSend), emulator/native/natives.ts (staticSslEncrypt)',
    test: 'test/network/static-tls.test.ts',
  },
  {
    id: 'android.handler.implicitLooperThrows',
    runtime: 'android',
    behaviour:
      'new Handler() and new Handler(Handler.Callback) are this(callback, false), which takes Looper.myLooper() and throws RuntimeException on a thread that never called Looper.prepare() (plain threads, pool workers; the main thread and HandlerThreads have a Looper). Text: Android 7.x-8.1 "Can\'t create handler inside thread that has not called Looper.prepare()"; from Android 9 "Can\'t create handler inside thread " + Thread.currentThread() + " that has not called Looper.prepare()", Thread.toString() being "Thread[name,priority,group]". Android 8.0 and 8.1 (API 26-27) still omit the thread; Android 9 (API 28) is the first with it. new Handler(null Looper) is a NullPointerException on a phone (looper.mQueue); its ART text is not modelled (fails loudly). Dialog and Toast build their Handler the implicit way, so they throw the same.',
    source:
      'aosp-mirror/platform_frameworks_base core/java/android/os/Handler.java, Handler() / Handler(Callback) -> Handler(Callback, boolean) (mLooper = Looper.myLooper(); if (mLooper == null) throw new RuntimeException(...)), Handler(Looper, Callback, boolean) (looper.mQueue); aosp-mirror/platform_libcore ojluni/src/main/java/java/lang/Thread.java toString(); the text per release in the SDK\'s platform sources, android/os/Handler.java Handler(Callback, boolean): AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 line 204 and AndroidSDKSources/android-sdk-sources-for-api-level-27 commit 048d6ce line 205 (no thread), AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b lines 205-206 (" + Thread.currentThread() + "), AndroidSDKSources/android-sdk-sources-for-api-level-25 commit 8a26741 line 201 (no thread); crash logs: github.com/osmdroid/osmdroid/issues/1441 (Android 7, Thread.java:761, no thread), github.com/element-hq/element-android/issues/251 and a 2019 log with Thread.java:764 (Android 8.x/9: Handler.java:205 with Thread[...]), github.com/AndroidIDEOfficial/AndroidIDE/issues/1666 (SDK 31, Handler.java:227 with Thread[...])',
    model: 'emulator/android/os.ts (callerLooper, Handler constructors, threadDescription); emulator/android/ui.ts (requireLooper)',
    test: 'test/emulator/looper.test.ts',
  },
  {
    id: 'android.handlerThread.loops',
    runtime: 'android',
    behaviour:
      'HandlerThread.run() prepares the thread\'s Looper, calls onLooperPrepared() and stays in Looper.loop(), so its messages run with HandlerThread.run -> Looper.loop (-> Looper.loopOnce from Android 12) below them; getLooper() is null before start(), waits for the Looper of a started thread, and is null once the thread ended; after quit()/quitSafely() the Looper no longer accepts messages (sendMessageAtTime returns false, "sending message to a Handler on a dead thread"). Looper.loop() on a thread without a Looper throws RuntimeException("No Looper; Looper.prepare() wasn\'t called on this thread.").',
    source:
      'aosp-mirror/platform_frameworks_base core/java/android/os/HandlerThread.java (run, getLooper, quit, quitSafely); core/java/android/os/Looper.java (loop, loopOnce since Android 12); core/java/android/os/MessageQueue.java (enqueueMessage: mQuitting -> false)',
    model: 'emulator/android/os.ts (HandlerThread, Looper.loop, enqueue); emulator/process.ts (startThread, awaitThreadStart, endThread)',
    test: 'test/emulator/looper.test.ts',
  },
  {
    id: 'android.bluetooth.permissionTexts',
    runtime: 'android',
    behaviour:
      'Before Android 12 the Bluetooth services refuse with enforceCallingOrSelfPermission(BLUETOOTH, "Need BLUETOOTH permission") or (BLUETOOTH_ADMIN, "Need BLUETOOTH ADMIN permission"), which ContextImpl.enforce completes to "<message>: Neither user <uid> nor current process has <permission>." (modelled for BluetoothAdapter getAddress, getName, getBondedDevices, startDiscovery (ADMIN), BluetoothDevice.getName and the profile proxies\' getConnectedDevices). From Android 12, for apps targeting 31+, Utils.checkPermissionForDataDelivery throws SecurityException("Need " + permission + " permission for " + attributionSource + ": " + message); AttributionSource.toString prints its fields only on debuggable builds (Build.IS_DEBUGGABLE), so a phone (user build) prints Object.toString, "android.content.AttributionSource@<identity hash>" (the hash is synthetic here); the message for getBondedDevices is "AdapterService getBondedDevices". Apps targeting 30 or lower keep BLUETOOTH / BLUETOOTH_ADMIN on Android 12+. Not pinned, failing loudly: every other call\'s Android 12+ message (getAddress, getName, startDiscovery, getConnectedDevices, LE startScan, BluetoothDevice.getName), the pre-12 texts of BluetoothManager.getConnectedDevices and BluetoothLeScanner.startScan (GattService), and the refusal of a legacy-target app without BLUETOOTH on Android 12+.',
    source:
      'packages/apps/Bluetooth (packages/modules/Bluetooth from Android 13) src/com/android/bluetooth/Utils.java (enforceBluetoothPermission "Need BLUETOOTH permission", enforceBluetoothAdminPermission "Need BLUETOOTH ADMIN permission"; checkPermissionForDataDelivery: "Need " + permission + " permission for " + attributionSource + ": " + message, SecurityException on PERMISSION_HARD_DENIED; read from the search index, file ids 268213475 and 1941377168); aosp-mirror/platform_frameworks_base core/java/android/app/ContextImpl.java enforce ("Neither user " + uid + " nor current process has "); core/java/android/content/AttributionSource.java toString (detailed only if Build.IS_DEBUGGABLE, else super.toString()); observed texts: crash logs quoted in public repositories, "Need android.permission.BLUETOOTH_CONNECT permission for android.content.AttributionSource@2a40fda0: AdapterService getBondedDevices" and "Need BLUETOOTH permission: Neither user 10122 nor current process has android.permission.BLUETOOTH."; https://developer.android.com/develop/connectivity/bluetooth/bt-permissions (legacy permissions for apps targeting 30 or lower)',
    model: 'emulator/android/bluetooth.ts (enforce, BT, attributionSourceHash)',
    test: 'test/emulator/bluetooth-permissions.test.ts',
  },
  {
    id: 'android.location.noLooperHandler',
    runtime: 'android',
    behaviour:
      'LocationManager\'s LocationListener requests without a Looper argument (requestLocationUpdates(String, long, float, LocationListener), the Looper overloads given null, requestSingleUpdate) build `new Handler()` on the calling thread before the location service checks anything: Android 7-10 in ListenerTransport(listener, looper) (wrapListener), from Android 11 in requestLocationUpdates / requestSingleUpdate themselves (`looper == null ? new Handler() : new Handler(looper)`, wrapped in a HandlerExecutor). On a thread without a Looper that is Handler\'s own RuntimeException, with the per-release text of android.handler.implicitLooperThrows (no thread through 8.1, Thread[name,priority,group] from 9); it comes before the permission and provider checks of the service. A null provider or listener: through Android 11 every listener overload checks it first (IllegalArgumentException "invalid provider: null" / "invalid listener: null" through Android 10, "invalid null provider" / "invalid null listener" from 11); on Android 12-14 requestLocationUpdates(String, long, float, LocationListener[, Looper]) builds the Handler before any check (so a thread without a Looper gets the RuntimeException) and requestSingleUpdate(String, LocationListener, Looper) checks the provider, then builds it. Failing loudly on a thread without a Looper: a null in the Criteria overloads from Android 12, and in any overload on API 35-36 (not read).',
    source:
      'android/location/LocationManager.java in the SDK\'s platform sources: AndroidSDKSources/android-sdk-sources-for-api-level-24 commit cec2f59 and AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a checkProvider / checkListener ("invalid provider: " + provider, lines 2246-2262 and 2335-2351) called first in requestLocationUpdates(String, long, float, LocationListener[, Looper]) (AndroidSDKSources/android-sdk-sources-for-api-level-26 lines 462-501, AndroidSDKSources/android-sdk-sources-for-api-level-29 lines 551-590); AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 Preconditions.checkArgument(provider != null, "invalid null provider") / (listener != null, "invalid null listener") first (lines 925-961, requestSingleUpdate lines 767-808); AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 lines 1120-1153 and AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f219798 lines 1196-1229 (`Handler handler = looper == null ? new Handler() : new Handler(looper)` with no check before it), requestSingleUpdate lines 978-991 (31) and 1054-1067 (34) (provider check, then the Handler); aosp-mirror/platform_frameworks_base location/java/android/location/LocationManager.java: Android 7-10 ListenerTransport constructor (`if (looper == null) mListenerHandler = new Handler() {...}`, checkProvider / checkListener first in the public overloads), Android 11+ requestLocationUpdates(String, long, float, LocationListener, Looper) and requestLocationUpdates(LocationRequest, LocationListener, Looper) (`Handler handler = looper == null ? new Handler() : new Handler(looper)`), requestSingleUpdate (checkArgument(provider != null) first); core/java/android/os/Handler.java Handler(Callback, boolean)',
    model: 'emulator/android/location.ts (listenerRequest, listenerSink); emulator/android/os.ts (callerLooper)',
    test: 'test/emulator/looper.test.ts',
  },
  {
    id: 'android.looper.loopBlocks',
    runtime: 'android',
    behaviour:
      'Looper.loop() is `for (;;) { if (!loopOnce(...)) return; }` (a plain loop before Android 12), and loopOnce returns false only when MessageQueue.next() returns null, which it does once the queue is quitting: loop() never returns before quit()/quitSafely(), so Java code after it on the same thread does not run while the thread loops (it handles its messages instead). Looper.quit -> MessageQueue.quit(false) drops every queued message; quitSafely (API 18+) -> quit(true) drops only the messages due later than now (removeAllFutureMessagesLocked), the ones already due still run; a second quit does nothing (mQuitting); the main Looper (prepareMainLooper: quitAllowed false) throws IllegalStateException("Main thread not allowed to quit."). HandlerThread.run does nothing observable after loop() (mTid = -1). The emulator unwinds the thread\'s first task at loop() (JS cannot block) and keeps the thread parked in loop(); after a quit it can only end the thread, which is exact below HandlerThread.run; a quit whose loop() returns into any other caller (SDK code that would go on running) fails loudly, as do loop() outside a started thread\'s run() (nested in a message, on a pool worker or the main thread) and loop() under a hooked method (unwinding would cross the hook).',
    source:
      'aosp-mirror/platform_frameworks_base core/java/android/os/Looper.java (loop, loopOnce: "No message indicates that the message queue is quitting", quit, quitSafely, prepareMainLooper -> prepare(false)); core/java/android/os/MessageQueue.java (next returns null when mQuitting; quit(boolean safe): "Main thread not allowed to quit.", removeAllMessagesLocked / removeAllFutureMessagesLocked); core/java/android/os/HandlerThread.java (run: Looper.loop(); mTid = -1)',
    model: 'emulator/android/os.ts (Looper.loop, quit, quitSafely, quitLoop); emulator/java/threads.ts (LoopParks, inFirstTask, quitSafelyAt); emulator/process.ts (startThread, endThread, runTask)',
    test: 'test/emulator/looper.test.ts',
  },
  {
    id: 'android.service.startForegroundTypes',
    runtime: 'android',
    behaviour:
      'Service.startForeground -> ActiveServices.setServiceForegroundInnerLocked: apps targeting 28+ on Android 9+ need FOREGROUND_SERVICE (SecurityException "Permission Denial: startForeground from pid=…, uid=… requires android.permission.FOREGROUND_SERVICE"); from Android 10 the type (FOREGROUND_SERVICE_TYPE_MANIFEST, -1, standing for the manifest\'s) must be a subset of the service\'s android:foregroundServiceType, else IllegalArgumentException("foregroundServiceType 0x%08X is not a subset of foregroundServiceType attribute 0x%08X in service element of manifest file"); from Android 14, for apps targeting 34+ (FGS_TYPE_NONE_DISABLED_CHANGE_ID, FGS_TYPE_PERMISSION_CHANGE_ID), validateForegroundServiceType: no type at all throws MissingForegroundServiceTypeException("Starting FGS without a type  callerApp=" + ProcessRecord + " targetSDK=" + targetSdk), and dataSync / mediaPlayback need FOREGROUND_SERVICE_DATA_SYNC / FOREGROUND_SERVICE_MEDIA_PLAYBACK (their policies have no other condition). Apps targeting 33 or lower on Android 14 are only logged. Without the type\'s permission, Android 14 throws SecurityException("Starting FGS with type " + label + " callerApp=" + ProcessRecord + " targetSDK=" + targetSdk + " requires permissions: all of the permissions allOf=true [<permission>] "). Not modelled, failing loudly: that refusal on API 35-36 (their ActiveServices not read), every other type\'s policy (location, camera, microphone, health, connectedDevice, phoneCall, shortService, specialUse, …), and an explicit type 0 (InvalidForegroundServiceTypeException). ProcessRecord\'s identity hash in the text is synthetic. A service started with Context.startForegroundService (API 26+) that has not called startForeground 5 s later stops the run loudly: a phone kills the app then ("Context.startForegroundService() did not then call Service.startForeground()", ForegroundServiceDidNotStartInTimeException from Android 12) after a timeout (5 s in the Android 8 documentation, 10 s in later ActiveServices) whose crash and text are not modelled.',
    source:
      'the Android 14 platform sources, AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f219798: com/android/server/am/ActiveServices.java validateForegroundServiceType lines 2659-2720 (FGS_TYPE_POLICY_CHECK_PERMISSION_DENIED_ENFORCED: the SecurityException text at 2710-2717), android/app/ForegroundServiceTypePolicy.java (FGS_TYPE_POLICY_DATA_SYNC / FGS_TYPE_POLICY_MEDIA_PLAYBACK: one RegularPermission, all of; toPermissionString lines 872-885, ForegroundServiceTypePermissions.toString lines 1067-1080, RegularPermission.toString = name line 1118; checkForegroundServiceTypePolicy lines 1363-1404; FGS_TYPE_PERMISSION_CHANGE_ID @EnabledAfter(TIRAMISU), FGS_TYPE_DATA_SYNC_DISABLED_CHANGE_ID @Disabled), android/content/pm/ServiceInfo.java foregroundServiceTypeToLabel line 615; aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am/ActiveServices.java (setServiceForegroundInnerLocked: enforcePermission(FOREGROUND_SERVICE) for targetSdk >= P, the subset check and its IllegalArgumentException; validateForegroundServiceType: MissingForegroundServiceTypeException / SecurityException "requires permissions: "); core/java/android/app/ForegroundServiceTypePolicy.java (FGS_TYPE_POLICY_NONE, FGS_TYPE_POLICY_DATA_SYNC, FGS_TYPE_POLICY_MEDIA_PLAYBACK, FGS_TYPE_PERMISSION_CHANGE_ID @EnabledAfter(TIRAMISU)); services/core/java/com/android/server/am/ProcessRecord.java toString; ActiveServices.java SERVICE_FOREGROUND_TIMEOUT_MSG / serviceForegroundTimeout; https://developer.android.com/about/versions/oreo/background#services (startForeground within five seconds); observed text: a 2024 flutter_background_service crash log "MissingForegroundServiceTypeException: Starting FGS without a type  callerApp=ProcessRecord{eb4ca71 10076:com.example…/u0a373} targetSDK=35"',
    model: 'emulator/android/app.ts (startForegroundImpl, enforceTypePolicy, MissingForegroundServiceTypeException); emulator/device.ts (expectStartForeground)',
    test: 'test/emulator/foreground-service.test.ts',
  },
  {
    id: 'android.proc.selfAliases',
    runtime: 'android',
    behaviour:
      'For the calling process /proc/<its pid>/ is the same directory as /proc/self/ ("a magic symbolic link ... resolves to the process\'s own /proc/pid directory"), and /proc/net is a symbolic link to /proc/self/net (Linux 2.6.25+), so /proc/<own pid>/net/arp reads /proc/net/arp and /proc/<own pid>/cmdline is the app\'s own command line (it opens; it is not another process). The agent classifies such paths through one function (agent/catalog/collection.ts classifyPath with the agent\'s pid) on the Java IoBridge.open and native open/openat/fopen routes; the emulator opens them the same way.',
    source: 'Linux man-pages proc(5), https://man7.org/linux/man-pages/man5/proc.5.html (/proc/self; /proc/net: "this directory is now a symbolic link to /proc/self/net"); Android frameworks/base core/jni/AndroidRuntime.cpp setArgv0 (comm: the last 15 bytes of the process name)',
    model: 'emulator/process.ts (file, ownProcFile); emulator/android/net.ts (IoBridge.open); emulator/scenario/runtime.ts (nativeRead); emulator/script.ts (readFile)',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'android.identifiers.readDeviceIdentifiers',
    runtime: 'android',
    behaviour:
      'Build.getSerial() (API 26+) and the TelephonyManager device identifiers (getDeviceId, getImei, getMeid, getSubscriberId, getSimSerialNumber): before Android 10 they need READ_PHONE_STATE — getSerial on Android 8.x refuses with SecurityException("getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE permission"), the telephony getters with "<op>: Neither user <uid> nor current process has android.permission.READ_PHONE_STATE."; from Android 10 TelephonyPermissions.checkCallingOrSelfReadDeviceIdentifiers decides for an app without privileged or carrier access: an app targeting 28 or lower that holds READ_PHONE_STATE gets the legacy answer (null; getSerial: Build.UNKNOWN, "unknown"), any other app SecurityException("<op>: The user <uid> does not meet the requirements to access device identifiers.") on Android 10, 11 and 12 (API 29-31), and "<op>: The uid <uid> does not meet ..." from Android 12L (API 32), where reportAccessDeniedToReadIdentifiers, like a SecurityException from LegacyPermissionManager.checkDeviceIdentifierAccess, ends in throwSecurityExceptionAsUidDoesNotHaveAccess. getSerial without READ_PHONE_STATE on Android 9 refuses with Android 8\'s text (DeviceIdentifiersPolicyService.getSerial is unchanged there).',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/os/DeviceIdentifiersPolicyService.java (getSerial, Android 8: "getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE permission"; Android 10+: getSerialForPackage -> checkCallingOrSelfReadDeviceIdentifiers(..., "getSerial") else Build.UNKNOWN); telephony/common/com/android/internal/telephony/TelephonyPermissions.java (reportAccessDeniedToReadIdentifiers: targetSdk < Q with READ_PHONE_STATE -> false, else the SecurityException; per release below); packages/services/Telephony PhoneInterfaceManager.java (getImeiForSlot, getMeidForSlot op names); per release in the SDK\'s platform sources: com/android/internal/telephony/TelephonyPermissions.java "The user" at AndroidSDKSources/android-sdk-sources-for-api-level-29 commit 815d70a line 417, AndroidSDKSources/android-sdk-sources-for-api-level-30 commit b1072b8 line 381, AndroidSDKSources/android-sdk-sources-for-api-level-31 commit 2c56b25 line 413 (reportAccessDeniedToReadIdentifiers throws it itself); "The uid" (throwSecurityExceptionAsUidDoesNotHaveAccess, called from reportAccessDeniedToReadIdentifiers and from the checkDeviceIdentifierAccess catch) at AndroidSDKSources/android-sdk-sources-for-api-level-32 commit f31e558 line 313, AndroidSDKSources/android-sdk-sources-for-api-level-33 commit 6e4fa4c line 333, AndroidSDKSources/android-sdk-sources-for-api-level-34 commit f2197987 line 350, AndroidSDKSources/android-sdk-sources-for-api-level-35 commit a1a930d7 line 350; com/android/server/os/DeviceIdentifiersPolicyService.java getSerial ("getSerial requires READ_PHONE_STATE" + " or READ_PRIVILEGED_PHONE_STATE permission") at AndroidSDKSources/android-sdk-sources-for-api-level-26 commit 3d36ce4 line 64 and AndroidSDKSources/android-sdk-sources-for-api-level-28 commit 809dd8b line 64, and android/os/Build.java getSerial -> service.getSerial() at AndroidSDKSources/android-sdk-sources-for-api-level-28 line 135; observed texts: Android 11 (Looper.java:223 in the stack) "getDeviceId: The user 10149 ..." in github.com/myussufz/react-native-ipay88-sdk/issues/22 (2020-12-13); Android 13 (SDK 33, Motorola) "getSerial: The uid 10687 ..." and Android 16 (SM-X520) "getSerial: The uid 10311 ..." in device reports quoted in public repositories (search index file ids 14063697068, 69387195302)',
    model: 'emulator/android/telephony.ts (readDeviceIdentifiers, deviceIdentifier); emulator/android/os.ts (buildSerial)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.location.foregroundOnly',
    runtime: 'android',
    behaviour:
      'Android 10+: a location grant without ACCESS_BACKGROUND_LOCATION is "while in use": the FINE/COARSE_LOCATION app-op is MODE_FOREGROUND, so noteOp answers MODE_IGNORED unless the uid is top (an activity in front, or being launched: ActivityTaskManager makes a launching app PROCESS_STATE_TOP before its process runs, so a user launch\'s Application.onCreate counts) or it runs a foreground service of type location. Location listeners get no fixes then, getLastKnownLocation answers null (the service notes the op before it returns the last location), and Wi-Fi, which notes the same op before it hands out location-revealing data (WifiPermissionsUtil.checkCallersLocationPermission -> noteAppOpAllowed), answers WifiInfo with "<unknown ssid>" and BSSID 02:00:00:00:00:00 and an empty scan list. Not modelled: the Android 11+ process-capability refinements (which foreground services carry PROCESS_CAPABILITY_FOREGROUND_LOCATION); a foreground service counts only with the location type.',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/appop/AppOpsService.java (UidState.evalMode: MODE_FOREGROUND -> MODE_IGNORED outside the foreground states); services/core/java/com/android/server/LocationManagerService.java (Android 10-11 getLastLocation: reportLocationAccessNoThrow false -> null; Android 12+ location/provider/LocationProviderManager.getLastLocation, the same op check); packages/modules/Wifi service/java/com/android/server/wifi/util/WifiPermissionsUtil.java (checkCallersLocationPermission, checkCallersFineLocationPermission: noteAppOpAllowed(OPSTR_FINE_LOCATION)); https://developer.android.com/about/versions/10/privacy/changes#app-access-device-location (foreground-only access, the location foreground service type)',
    model: 'emulator/android/location.ts (locationOpAllowedNow, deliverable, getLastKnownLocation); emulator/android/wifi.ts (wifiLocationAllowed); emulator/device.ts (uidTop)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.pm.packageVisibility',
    runtime: 'android',
    behaviour:
      'Android 11+: for an app targeting 30+ without QUERY_ALL_PACKAGES, PackageManager filters other packages out of every answer (AppsFilter.shouldFilterApplication): getInstalledPackages/Applications list only the app itself and the packages its manifest <queries> names, and getPackageInfo of a filtered package throws NameNotFoundException as if it were not installed. Apps targeting 29 or lower, and earlier releases, see every package. Not modelled (such packages stay hidden here, where a phone would show them): <queries> intents and provider authorities, force-queryable system packages, and visibility a package gains by interacting with the app (starting or binding it).',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/pm/AppsFilter.java (shouldFilterApplication; AppsFilterImpl from Android 13), services/core/java/com/android/server/pm/ComputerEngine.java (filterAppAccess -> getPackageInfo null -> NameNotFoundException); https://developer.android.com/training/package-visibility',
    model: 'emulator/android/pm.ts (visiblePackages, lookup)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.settings.ssaid',
    runtime: 'android',
    behaviour:
      'Settings.Secure.ANDROID_ID: before Android 8 one value per user, the same for every app; from Android 8 SettingsProvider answers each app the SSAID of its signing certificates (generateSsaidLocked: HMAC-SHA256 under a random 32-byte per-user key over each signature, 4-byte big-endian length then bytes, the first 16 lower-case hex digits), so apps of one developer (same key) share a value and other developers\' apps get other values. The emulator gives the traced app the scenario\'s androidId and derives the others from it the same way (the real key is random: the shape and the per-key separation are real, the digits are not).',
    source: 'aosp-mirror/platform_frameworks_base packages/SettingsProvider/src/com/android/providers/settings/SettingsProvider.java (SettingsRegistry.generateSsaidLocked, generateUserKeyLocked, getSsaidSettingLocked); https://developer.android.com/about/versions/oreo/android-8.0-changes#privacy-all',
    model: 'emulator/android/provider.ts (androidIdFor); emulator/android/providers.ts (SettingsProvider rows); emulator/scenario/world.ts (androidIdPackage)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.hardwareId.defaultMac',
    runtime: 'android',
    behaviour:
      'Since Android 6 an app without LOCAL_MAC_ADDRESS (a signature permission) reads the constant 02:00:00:00:00:00 from WifiInfo.getMacAddress() and BluetoothAdapter.getAddress(), whatever the hardware address (the emulator\'s minimum API is 24, so always). The permission checks in front of getAddress (BLUETOOTH, BLUETOOTH_CONNECT from Android 12 for apps targeting 31+) and their texts are android.bluetooth.permissionTexts.',
    source:
      'https://developer.android.com/about/versions/marshmallow/android-6.0-changes#behavior-hardware-id; aosp-mirror/platform_frameworks_base wifi/java/android/net/wifi/WifiInfo.java (DEFAULT_MAC_ADDRESS); packages/modules/Bluetooth service BluetoothManagerService.java getAddress (LOCAL_MAC_ADDRESS else BluetoothAdapter.DEFAULT_MAC_ADDRESS)',
    model: 'emulator/android/wifi.ts (WifiInfo.getMacAddress, DEFAULT_MAC); emulator/android/bluetooth.ts (BluetoothAdapter.getAddress)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.clipboard.focusOnly',
    runtime: 'android',
    behaviour:
      'From Android 10 ClipboardService lets an app read the clipboard only while it has input focus (or is the default input method): otherwise getPrimaryClip() answers null, hasPrimaryClip() false, and primary-clip listeners are not called. Before Android 10 any app reads it. The emulator takes "has focus" as "an activity of the app is resumed"; the IME, autofill and content-capture exemptions are not modelled (scenario apps are none of those).',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/clipboard/ClipboardService.java (clipboardAccessAllowed: isDefaultIme || mWm.isUidFocused(uid) from Q; getPrimaryClip / hasPrimaryClip / listener notification check it); https://developer.android.com/about/versions/10/privacy/changes#clipboard-data',
    model: 'emulator/android/clipboard.ts (canRead, listeners)',
    test: 'test/emulator/identifiers.test.ts',
  },
  {
    id: 'android.accounts.visibility',
    runtime: 'android',
    behaviour:
      'AccountManager.getAccounts*: before Android 8 GET_ACCOUNTS shows every account (without it, only the app\'s own authenticator\'s). From Android 8 AccountManagerService.resolveAccountVisibility decides per account: visible to its authenticator, to packages signed like the authenticator, to packages it was made visible to (setAccountVisibility), and with the legacy default to an app targeting 25 or lower that holds GET_ACCOUNTS; otherwise not visible. Not modelled (those accounts stay hidden here): READ_CONTACTS for account types that manage contacts, GET_ACCOUNTS_PRIVILEGED, device and profile owners.',
    source:
      'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/accounts/AccountManagerService.java (resolveAccountVisibility: checkPackageSignature, getAccountVisibilityFromCache, isPreOApplication && checkGetAccountsPermission -> PACKAGE_NAME_KEY_LEGACY_VISIBLE / VISIBILITY_USER_MANAGED_VISIBLE); https://developer.android.com/about/versions/oreo/android-8.0-changes#aaad',
    model: 'emulator/android/accounts.ts (visibleAccounts)',
    test: 'test/emulator/identifiers.test.ts',
  },
];
