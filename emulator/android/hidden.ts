// THE list of non-SDK APIs the emulator exposes. Everything else it models must exist in the
// Android SDK declarations (@nativescript/types-android, checked by test/emulator/honesty.test.ts).
// Each entry names the AOSP source that declares it, so a reviewer can check the signature. An
// entry with `members` hides only those members of an otherwise public class; one without hides
// the whole class. Member keys: 'name(paramTypes)' for methods and constructors ('<init>(...)'),
// 'field:name' for fields.

export interface HiddenEntry {
  readonly class: string;
  /** Path in the AOSP tree (frameworks/base/..., libcore/..., external/...). */
  readonly aosp: string;
  readonly members?: readonly string[];
  /** Why the emulator needs it. */
  readonly why: string;
}

const FW = 'frameworks/base/core/java';
const OJ = 'libcore/ojluni/src/main/java';

export const HIDDEN: readonly HiddenEntry[] = [
  // ---- process entry and app binding (what woke the process) -----------------------------
  { class: 'com.android.internal.os.ZygoteInit', aosp: `${FW}/com/android/internal/os/ZygoteInit.java`, why: 'bottom frame of the main thread' },
  { class: 'com.android.internal.os.RuntimeInit', aosp: `${FW}/com/android/internal/os/RuntimeInit.java`, why: 'outer class of MethodAndArgsCaller' },
  { class: 'com.android.internal.os.RuntimeInit$MethodAndArgsCaller', aosp: `${FW}/com/android/internal/os/RuntimeInit.java`, why: 'main thread frame calling ActivityThread.main' },
  { class: 'android.app.ActivityThread', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleBindApplication/handleReceiver/handleCreateService...; frida-java-bridge hooks getPackageInfo and handleBindApplication' },
  { class: 'android.app.ActivityThread$H', aosp: `${FW}/android/app/ActivityThread.java`, why: 'main-thread message dispatch of binder calls' },
  { class: 'android.app.ActivityThread$AppBindData', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleBindApplication argument (instrumentationName read by frida-java-bridge)' },
  { class: 'android.app.ActivityThread$ReceiverData', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleReceiver argument (.intent, .info)' },
  { class: 'android.app.ActivityThread$CreateServiceData', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleCreateService argument' },
  { class: 'android.app.ActivityThread$ServiceArgsData', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleServiceArgs argument (.args)' },
  { class: 'android.app.ActivityThread$BindServiceData', aosp: `${FW}/android/app/ActivityThread.java`, why: 'handleBindService argument (.intent)' },
  { class: 'android.app.LoadedApk', aosp: `${FW}/android/app/LoadedApk.java`, why: 'the app class loader (getClassLoader) and makeApplication' },
  { class: 'android.content.res.CompatibilityInfo', aosp: `${FW}/android/content/res/CompatibilityInfo.java`, why: 'parameter type of getPackageInfo' },
  { class: 'android.app.servertransaction.ClientTransaction', aosp: `${FW}/android/app/servertransaction/ClientTransaction.java`, why: 'activity lifecycle messages (Android 9+)' },
  { class: 'android.app.servertransaction.TransactionExecutor', aosp: `${FW}/android/app/servertransaction/TransactionExecutor.java`, why: 'activity lifecycle frames (Android 9+)' },

  // ---- contexts and the package manager --------------------------------------------------
  { class: 'android.app.ContextImpl', aosp: `${FW}/android/app/ContextImpl.java`, why: 'the Context behind every ContextWrapper; startServiceCommon/bindServiceCommon funnels' },
  { class: 'android.app.SharedPreferencesImpl', aosp: `${FW}/android/app/SharedPreferencesImpl.java`, why: 'what Context.getSharedPreferences returns (prefs.ts)' },
  { class: 'android.app.SharedPreferencesImpl$EditorImpl', aosp: `${FW}/android/app/SharedPreferencesImpl.java`, why: 'what SharedPreferences.edit() returns (prefs.ts)' },
  { class: 'android.app.ContextImpl$ApplicationContentResolver', aosp: `${FW}/android/app/ContextImpl.java`, why: "the app's ContentResolver" },
  { class: 'android.app.ApplicationPackageManager', aosp: `${FW}/android/app/ApplicationPackageManager.java`, why: 'the PackageManager apps get; *AsUser funnels' },
  {
    class: 'android.content.ContextWrapper',
    aosp: `${FW}/android/content/ContextWrapper.java`,
    members: ['field:mBase', 'sendBroadcastWithMultiplePermissions(android.content.Intent,[Ljava.lang.String;)'],
    why: 'the wrapped base context; ContextWrapper forwards the API 30 Context method (its override is not in the SDK listing)',
  },
  { class: 'android.app.Application', aosp: `${FW}/android/app/Application.java`, members: ['attach(android.content.Context)'], why: 'LoadedApk.makeApplication attaches the base context' },
  {
    class: 'android.app.Activity',
    aosp: `${FW}/android/app/Activity.java`,
    members: [
      'field:mIntent',
      'field:mFinished',
      'field:mActivityInfo',
      'field:mFragments',
      'field:mWindow',
      'performCreate(android.os.Bundle)',
      'performPause()',
      'field:mDestroyed',
      'performDestroy()',
      'performResume()',
      'performResume(boolean,java.lang.String)',
      'startActivityForResult(java.lang.String,android.content.Intent,int,android.os.Bundle)',
      'dispatchRequestPermissionsResult(int,android.content.Intent)',
    ],
    why: 'lifecycle frames between Instrumentation and onCreate/onPause/onDestroy; Activity.attach keeps the resolved ActivityInfo in mActivityInfo; fragments and permission requests start activities under a String "who"; the permission answer comes back through dispatchRequestPermissionsResult',
  },
  {
    class: 'android.app.Fragment',
    aosp: `${FW}/android/app/Fragment.java`,
    members: ['field:mWho', 'field:mActivity'],
    why: 'the fragment id activities start under; the emulator keeps the hosting Activity in mActivity (AOSP 6+ keeps a FragmentHostCallback in mHost)',
  },
  { class: 'android.app.FragmentManagerImpl', aosp: `${FW}/android/app/FragmentManager.java`, why: 'what Activity.getFragmentManager() returns' },
  { class: 'android.app.BackStackRecord', aosp: `${FW}/android/app/BackStackRecord.java`, why: 'what FragmentManager.beginTransaction() returns (attaches fragments)' },
  {
    class: 'android.app.Instrumentation',
    aosp: `${FW}/android/app/Instrumentation.java`,
    members: [
      'execStartActivity(android.content.Context,android.os.IBinder,android.os.IBinder,android.app.Activity,android.content.Intent,int,android.os.Bundle)',
      'execStartActivity(android.content.Context,android.os.IBinder,android.os.IBinder,java.lang.String,android.content.Intent,int,android.os.Bundle)',
      'execStartActivity(android.content.Context,android.os.IBinder,android.os.IBinder,java.lang.String,android.content.Intent,int,android.os.Bundle,android.os.UserHandle)',
      'execStartActivities(android.content.Context,android.os.IBinder,android.os.IBinder,android.app.Activity,[Landroid.content.Intent;,android.os.Bundle)',
      'execStartActivitiesAsUser(android.content.Context,android.os.IBinder,android.os.IBinder,android.app.Activity,[Landroid.content.Intent;,android.os.Bundle,int)',
    ],
    why: 'every startActivity* ends here (docs/frida-notes.md §5 launches): the String overload for fragments and permission requests, the UserHandle one for startActivityAsUser, startActivities',
  },
  {
    class: 'android.content.Intent',
    aosp: `${FW}/android/content/Intent.java`,
    members: ['field:mAction', 'field:mData', 'field:mPackage', 'field:mComponent', 'field:mFlags', 'field:mCategories', 'field:mExtras'],
    why: 'intent state, as agents read it (mExtras without unparcelling)',
  },
  { class: 'android.app.ServiceStartNotAllowedException', aosp: `${FW}/android/app/ServiceStartNotAllowedException.java`, members: ['<init>(java.lang.String)'], why: 'package-private constructor of the abstract superclass of ForegroundServiceStartNotAllowedException' },
  { class: 'android.net.Uri', aosp: `${FW}/android/net/Uri.java`, members: ['<init>()'], why: 'private constructor of the abstract class' },
  { class: 'android.net.Uri$StringUri', aosp: `${FW}/android/net/Uri.java`, why: 'what Uri.parse returns' },
  { class: 'android.os.BaseBundle', aosp: `${FW}/android/os/BaseBundle.java`, members: ['field:mParcelledData'], why: 'non-null while a bundle is still parcelled' },
  { class: 'android.content.ComponentName', aosp: `${FW}/android/content/ComponentName.java`, members: ['field:mPackage', 'field:mClass'], why: 'component storage' },
  {
    class: 'android.content.pm.PackageManager$PackageInfoFlags',
    aosp: `${FW}/android/content/pm/PackageManager.java`,
    members: ['field:mValue', '<init>(long)'],
    why: 'flag holder (Android 13+)',
  },
  {
    class: 'android.content.pm.PackageManager$ApplicationInfoFlags',
    aosp: `${FW}/android/content/pm/PackageManager.java`,
    members: ['field:mValue', '<init>(long)'],
    why: 'flag holder (Android 13+)',
  },
  {
    class: 'android.content.pm.PackageManager$ResolveInfoFlags',
    aosp: `${FW}/android/content/pm/PackageManager.java`,
    members: ['field:mValue', '<init>(long)'],
    why: 'flag holder (Android 13+)',
  },

  // ---- settings and telephony -----------------------------------------------------------
  {
    class: 'android.provider.Settings$Secure',
    aosp: `${FW}/android/provider/Settings.java`,
    members: ['getStringForUser(android.content.ContentResolver,java.lang.String,int)'],
    why: 'the funnel of every Secure.getString* read',
  },
  {
    class: 'android.provider.Settings$System',
    aosp: `${FW}/android/provider/Settings.java`,
    members: ['getStringForUser(android.content.ContentResolver,java.lang.String,int)'],
    why: 'System reads of MOVED_TO_SECURE keys forward to Secure.getStringForUser',
  },
  {
    class: 'android.provider.Settings$Global',
    aosp: `${FW}/android/provider/Settings.java`,
    members: ['getStringForUser(android.content.ContentResolver,java.lang.String,int)'],
    why: 'the funnel of every Global.getString read',
  },
  {
    class: 'android.telephony.TelephonyManager',
    aosp: 'frameworks/base/telephony/java/android/telephony/TelephonyManager.java',
    members: ['getSubscriberId(int)', 'getLine1Number(int)', 'getSimSerialNumber(int)'],
    why: 'subId overloads the public getters delegate to',
  },

  // ---- looper, handler, views -------------------------------------------------------------
  { class: 'android.os.Looper', aosp: `${FW}/android/os/Looper.java`, members: ['loopOnce(android.os.Looper,long,int)'], why: 'main-thread frame (Android 12+)' },
  { class: 'android.os.Handler', aosp: `${FW}/android/os/Handler.java`, members: ['field:mLooper', 'field:mCallback', 'handleCallback(android.os.Message)'], why: 'posted Runnables run through handleCallback; dispatchMessage asks mCallback before handleMessage' },
  { class: 'android.os.Message', aosp: `${FW}/android/os/Message.java`, members: ['field:callback', 'field:target'], why: 'message routing' },
  {
    class: 'android.view.View',
    aosp: `${FW}/android/view/View.java`,
    members: ['field:mOnClickListener', 'field:mContentDescription', 'field:mID', 'field:mContext', 'field:mViewFlags', 'performClickInternal()'],
    why: 'click dispatch (performClickInternal on Android 9+); visibility bits (isShown)',
  },
  { class: 'android.view.View$PerformClick', aosp: `${FW}/android/view/View.java`, why: 'the Runnable a tap posts to the main thread' },
  { class: 'android.widget.TextView', aosp: `${FW}/android/widget/TextView.java`, members: ['field:mText'], why: 'text storage' },

  // ---- dynamic receivers, providers, permissions ---------------------------------------------
  { class: 'android.app.LoadedApk$ReceiverDispatcher', aosp: `${FW}/android/app/LoadedApk.java`, why: 'a registered receiver; performReceive is the system\'s delivery call' },
  { class: 'android.app.LoadedApk$ReceiverDispatcher$Args', aosp: `${FW}/android/app/LoadedApk.java`, why: 'a delivery of a broadcast to a dynamic receiver (mCurIntent); a Runnable up to API 32, getRunnable() from 33' },
  {
    class: 'android.app.LoadedApk$ReceiverDispatcher$Args$$ExternalSyntheticLambda0',
    aosp: `${FW}/android/app/LoadedApk.java`,
    why: 'the lambda Args.getRunnable() returns (API 33+); D8 names it, the exact suffix depends on the build',
  },
  { class: 'android.content.ContentProvider$Transport', aosp: `${FW}/android/content/ContentProvider.java`, why: "another app's calls into our provider arrive here (query/call/insert, per release)" },
  { class: 'android.content.ContentProvider', aosp: `${FW}/android/content/ContentProvider.java`, members: ['field:mContext', 'field:mTransport'], why: 'the provider\'s context and its Transport' },
  { class: 'android.os.ICancellationSignal', aosp: `${FW}/android/os/ICancellationSignal.aidl`, why: 'Transport.query parameter (AIDL interface)' },
  { class: 'android.content.SyncRequest', aosp: `${FW}/android/content/SyncRequest.java`, members: ['field:mAuthority'], why: 'agents read the authority of a sync request from it' },
  { class: 'android.os.SystemProperties', aosp: `${FW}/android/os/SystemProperties.java`, why: 'SDKs read identifier properties through reflection' },
  { class: 'android.os.HandlerExecutor', aosp: `${FW}/android/os/HandlerExecutor.java`, why: 'AlarmManager wraps a listener\'s Handler in one (Android 12+)' },
  {
    class: 'android.app.AlarmManager',
    aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/AlarmManager.java',
    members: [
      'setImpl(int,long,long,long,int,android.app.PendingIntent,android.app.AlarmManager$OnAlarmListener,java.lang.String,android.os.Handler,android.os.WorkSource,android.app.AlarmManager$AlarmClockInfo)',
      'setImpl(int,long,long,long,int,android.app.PendingIntent,android.app.AlarmManager$OnAlarmListener,java.lang.String,java.util.concurrent.Executor,android.os.WorkSource,android.app.AlarmManager$AlarmClockInfo)',
    ],
    why: 'every public setter ends here (docs/frida-notes.md §5 alarms); the Handler overload forwards to the Executor one from Android 12',
  },
  { class: 'android.app.AlarmManager$ListenerWrapper', aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/AlarmManager.java', why: 'runs an OnAlarmListener on its Handler/Executor' },
  { class: 'android.app.JobSchedulerImpl', aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java', why: 'what getSystemService("jobscheduler") returns; schedule/enqueue (docs/frida-notes.md §5 jobs)' },

  // ---- windows, dialogs, sensors, camera -------------------------------------------------------
  { class: 'com.android.internal.policy.PhoneWindow', aosp: `${FW}/com/android/internal/policy/PhoneWindow.java`, why: 'the Window of a dialog' },
  {
    class: 'android.view.WindowManagerGlobal',
    aosp: `${FW}/android/view/WindowManagerGlobal.java`,
    why: 'the root views of every window of the process (mViews): how an agent finds dialogs, which are not in any activity\'s view tree',
  },
  { class: 'com.android.internal.policy.DecorView', aosp: `${FW}/com/android/internal/policy/DecorView.java`, why: 'the root view of a window (agents read dialog texts from it)' },
  { class: 'android.view.ViewRootImpl$CalledFromWrongThreadException', aosp: `${FW}/android/view/ViewRootImpl.java`, why: 'showing a dialog off the UI thread' },
  { class: 'com.android.internal.app.AlertController', aosp: `${FW}/com/android/internal/app/AlertController.java`, why: 'AlertDialog keeps its title here (mAlert.mTitle)' },
  { class: 'android.app.Dialog', aosp: `${FW}/android/app/Dialog.java`, members: ['field:mContext', 'field:mWindow', 'field:mShowing'], why: 'dialog state' },
  { class: 'android.app.AlertDialog', aosp: `${FW}/android/app/AlertDialog.java`, members: ['field:mAlert'], why: 'the AlertController agents read the title from' },
  { class: 'android.widget.PopupWindow', aosp: `${FW}/android/widget/PopupWindow.java`, members: ['field:mContentView', 'field:mIsShowing'], why: 'popup state' },
  { class: 'android.hardware.SensorManager', aosp: `${FW}/android/hardware/SensorManager.java`, members: ['<init>()', 'registerListenerImpl(android.hardware.SensorEventListener,android.hardware.Sensor,int,android.os.Handler,int,int)'], why: 'every registerListener overload funnels into registerListenerImpl' },
  { class: 'android.hardware.SystemSensorManager', aosp: `${FW}/android/hardware/SystemSensorManager.java`, why: 'what getSystemService("sensor") returns' },
  { class: 'android.hardware.SystemSensorManager$SensorEventQueue', aosp: `${FW}/android/hardware/SystemSensorManager.java`, why: 'delivers samples (dispatchSensorEvent, called from the looper)' },
  { class: 'android.hardware.camera2.impl.CameraDeviceImpl', aosp: `${FW}/android/hardware/camera2/impl/CameraDeviceImpl.java`, why: 'the CameraDevice openCamera hands to onOpened' },

  // ---- callbacks AOSP posts as anonymous Runnables or lambdas ----------------------------------
  // Their real names are anonymous (Outer$N, $$ExternalSyntheticLambdaN) and vary by build; the
  // emulator gives each one named class, ending in $CallbackRunner, so stacks show where it runs.
  { class: 'android.accounts.AccountManager$CallbackRunner', aosp: `${FW}/android/accounts/AccountManager.java`, why: 'postToHandler: runs an AccountManagerCallback or OnAccountsUpdateListener (emulator name; AOSP: anonymous Runnable)' },
  { class: 'android.content.ClipboardManager$CallbackRunner', aosp: `${FW}/android/content/ClipboardManager.java`, why: 'reports a primary clip change to listeners (emulator name; AOSP: anonymous class / lambda)' },
  {
    class: 'android.media.projection.MediaProjection',
    aosp: 'frameworks/base/media/java/android/media/projection/MediaProjection.java',
    members: [
      'createVirtualDisplay(java.lang.String,int,int,int,boolean,android.view.Surface,android.hardware.display.VirtualDisplay$Callback,android.os.Handler)',
      'createVirtualDisplay(android.hardware.display.VirtualDisplayConfig$Builder,android.hardware.display.VirtualDisplay$Callback,android.os.Handler)',
    ],
    why: 'the @hide isSecure overload, and the Builder overload the public one forwards to (API 34+ in the emulator; ledger android.mediaProjection.createVirtualDisplay)',
  },
  { class: 'android.media.projection.MediaProjection$CallbackRecord$1', aosp: 'frameworks/base/media/java/android/media/projection/MediaProjection.java', why: "what CallbackRecord.onStop posts to the callback's Handler (emulator name; AOSP: an anonymous Runnable or lambda)" },
  { class: 'android.os.BinderProxy', aosp: `${FW}/android/os/BinderProxy.java`, why: 'the app-side binder of the projection token the consent dialog returns (in Binder.java before API 28)' },
  { class: 'android.hardware.camera2.impl.CameraDeviceImpl$CallbackRunner', aosp: `${FW}/android/hardware/camera2/impl/CameraDeviceImpl.java`, why: 'runs CameraDevice.StateCallback methods on the caller\'s Handler (emulator name; AOSP: anonymous Runnables)' },
  { class: 'android.speech.SpeechRecognizer$CallbackRunner', aosp: `${FW}/android/speech/SpeechRecognizer.java`, why: 'runs RecognitionListener methods on the main thread (emulator name; AOSP: InternalListener messages)' },
  { class: 'android.telephony.TelephonyManager$CellInfoCallbackRunner', aosp: 'frameworks/base/telephony/java/android/telephony/TelephonyManager.java', why: 'hands requestCellInfoUpdate results to the Executor (emulator name; AOSP: a lambda)' },
  { class: 'android.location.LocationManager$LocationListenerTransport', aosp: 'frameworks/base/location/java/android/location/LocationManager.java', why: 'carries fixes to a LocationListener on its Looper/Executor (AOSP R+ name; older releases: ListenerTransport)' },
  { class: 'android.accounts.AccountManager$AmsTask', aosp: `${FW}/android/accounts/AccountManager.java`, why: 'the future getAuthToken returns (AOSP: an anonymous subclass of it)' },
  { class: 'android.accounts.AccountManager$Future2Task', aosp: `${FW}/android/accounts/AccountManager.java`, why: 'the future getAccountsByTypeAndFeatures returns (AOSP: an anonymous subclass of it)' },

  // ---- libcore -----------------------------------------------------------------------------
  { class: 'java.lang.UNIXProcess', aosp: `${OJ}/java/lang/UNIXProcess.java`, why: 'what Runtime.exec() returns' },
  { class: 'java.lang.BootClassLoader', aosp: `${OJ}/java/lang/ClassLoader.java`, why: 'the boot class loader object (parent of PathClassLoader)' },
  { class: 'java.lang.Throwable', aosp: `${OJ}/java/lang/Throwable.java`, members: ['field:detailMessage', 'field:cause'], why: 'exception state' },
  { class: 'java.io.File', aosp: `${OJ}/java/io/File.java`, members: ['field:path'], why: 'path storage' },
  { class: 'java.util.ArrayList$Itr', aosp: `${OJ}/java/util/ArrayList.java`, why: 'ArrayList.iterator()' },
  { class: 'java.util.Collections$UnmodifiableRandomAccessList', aosp: `${OJ}/java/util/Collections.java`, why: 'what framework getters return (Collections.unmodifiableList)' },
  { class: 'java.util.Collections$UnmodifiableSet', aosp: `${OJ}/java/util/Collections.java`, why: 'what BluetoothAdapter.getBondedDevices returns' },
  { class: 'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask', aosp: `${OJ}/java/util/concurrent/ScheduledThreadPoolExecutor.java`, why: 'the task schedule* creates (run/runAndReset)' },
  { class: 'java.util.concurrent.FutureTask', aosp: `${OJ}/java/util/concurrent/FutureTask.java`, members: ['field:callable'], why: 'the work a FutureTask runs; the agent reads it to know whose code a submitted task runs' },
  { class: 'java.lang.Thread', aosp: `${OJ}/java/lang/Thread.java`, members: ['field:target'], why: 'the Runnable Thread.run() runs; the agent reads it to know whose code a started thread runs' },
  { class: 'java.util.concurrent.Executors$RunnableAdapter', aosp: `${OJ}/java/util/concurrent/Executors.java`, why: 'Executors.callable: a Runnable as a Callable inside FutureTask; the agent reads `task` to know whose code runs' },
  { class: 'java.net.NetworkInterface$1checkedAddresses', aosp: `${OJ}/java/net/NetworkInterface.java`, why: 'what getInetAddresses() returns' },
  {
    class: 'java.util.concurrent.ThreadPoolExecutor',
    aosp: `${OJ}/java/util/concurrent/ThreadPoolExecutor.java`,
    members: ['runWorker(java.util.concurrent.ThreadPoolExecutor$Worker)'],
    why: 'pool worker frame under every task',
  },
  { class: 'java.util.concurrent.ThreadPoolExecutor$Worker', aosp: `${OJ}/java/util/concurrent/ThreadPoolExecutor.java`, why: 'pool worker frame' },
  { class: 'java.net.SocketOutputStream', aosp: `${OJ}/java/net/SocketOutputStream.java`, why: 'socketWrite0, the JNI edge of plaintext socket writes' },
  { class: 'libcore.io.IoBridge', aosp: 'libcore/luni/src/main/java/libcore/io/IoBridge.java', why: 'socket connect path' },

  // ---- platform HTTP and TLS stacks (repackaged into com.android.*) ---------------------------
  { class: 'com.android.okhttp.internal.huc.HttpURLConnectionImpl', aosp: 'external/okhttp/okhttp-urlconnection/src/main/java/com/squareup/okhttp/internal/huc/HttpURLConnectionImpl.java', why: 'what URL.openConnection() returns for http:' },
  { class: 'com.android.okhttp.internal.huc.DelegatingHttpsURLConnection', aosp: 'external/okhttp/okhttp-urlconnection/src/main/java/com/squareup/okhttp/internal/huc/DelegatingHttpsURLConnection.java', why: "HttpsURLConnectionImpl's base: forwards every call to an HttpURLConnectionImpl" },
  { class: 'com.android.okhttp.internal.huc.HttpsURLConnectionImpl', aosp: 'external/okhttp/okhttp-urlconnection/src/main/java/com/squareup/okhttp/internal/huc/HttpsURLConnectionImpl.java', why: 'what URL.openConnection() returns for https:' },
  { class: 'com.android.okhttp.okio.RealBufferedSink$1', aosp: 'external/okhttp/okio/okio/src/main/java/okio/RealBufferedSink.java', why: 'request body stream' },
  { class: 'com.android.okhttp.okio.RealBufferedSource$1', aosp: 'external/okhttp/okio/okio/src/main/java/okio/RealBufferedSource.java', why: 'response body stream' },
  { class: 'com.android.org.conscrypt.ConscryptFileDescriptorSocket', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptFileDescriptorSocket.java', why: 'platform TLS socket' },
  { class: 'com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptFileDescriptorSocket.java', why: 'TLS write path' },
  { class: 'com.android.org.conscrypt.ConscryptEngineSocket', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptEngineSocket.java', why: 'platform TLS socket from API 30 (engine)' },
  { class: 'com.android.org.conscrypt.ConscryptEngineSocket$SSLOutputStream', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptEngineSocket.java', why: 'engine TLS write path: SSL_write into a memory BIO, ciphertext through the plain socket stream' },
  { class: 'com.android.org.conscrypt.NativeSsl', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeSsl.java', why: 'SSL_write parameter (Android 9+)' },
  { class: 'com.android.org.conscrypt.NativeCrypto', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeCrypto.java', why: 'SSL_write JNI into BoringSSL' },
  { class: 'com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeCrypto.java', why: 'SSL_write parameter' },
];

/**
 * Public Android API that the SDK declarations (@nativescript/types-android 9.1.1) leave out. These
 * are not hidden: developer.android.com documents them, at the API level given. The honesty test
 * checks that each one is really absent from the declarations, so nothing the declarations do cover
 * can hide here.
 */
export interface SdkGap {
  readonly class: string;
  readonly aosp: string;
  /** API level the class was added in (developer.android.com reference). */
  readonly since: number;
  readonly why: string;
}

const JOB = 'frameworks/base/apex/jobscheduler/framework/java/android/app/job';

export const SDK_GAPS: readonly SdkGap[] = [
  // The declarations have no android.app.job package at all.
  { class: 'android.app.job.JobScheduler', aosp: `${JOB}/JobScheduler.java`, since: 21, why: 'jobs: getSystemService("jobscheduler")' },
  { class: 'android.app.job.JobInfo', aosp: `${JOB}/JobInfo.java`, since: 21, why: 'what schedule/enqueue take (docs/frida-notes.md §5 jobs)' },
  { class: 'android.app.job.JobInfo$Builder', aosp: `${JOB}/JobInfo.java`, since: 21, why: 'how apps build a JobInfo' },
  { class: 'android.app.job.JobWorkItem', aosp: `${JOB}/JobWorkItem.java`, since: 26, why: 'JobScheduler.enqueue parameter' },
  { class: 'android.app.job.JobParameters', aosp: `${JOB}/JobParameters.java`, since: 21, why: 'what onStartJob receives' },
  { class: 'android.app.job.JobService', aosp: `${JOB}/JobService.java`, since: 21, why: 'the service a job runs in (BIND_JOB_SERVICE)' },
  // ... nor java.util.function (Java 8 API, on Android since 7.0).
  { class: 'java.util.function.Consumer', aosp: `${OJ}/java/util/function/Consumer.java`, since: 24, why: 'LocationManager.getCurrentLocation callback' },
];

/** Member key as used above. */
export function memberKey(kind: 'method' | 'field', name: string, params: readonly string[] = []): string {
  return kind === 'field' ? `field:${name}` : `${name}(${params.join(',')})`;
}

export function hiddenClass(name: string): HiddenEntry | undefined {
  return HIDDEN.find((h) => h.class === name && h.members === undefined);
}

export function isHidden(className: string, key: string): boolean {
  return HIDDEN.some((h) => h.class === className && (h.members === undefined || h.members.includes(key)));
}
