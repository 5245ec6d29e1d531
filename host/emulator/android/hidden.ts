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
  { class: 'android.app.ContextImpl$ApplicationContentResolver', aosp: `${FW}/android/app/ContextImpl.java`, why: "the app's ContentResolver" },
  { class: 'android.app.ApplicationPackageManager', aosp: `${FW}/android/app/ApplicationPackageManager.java`, why: 'the PackageManager apps get; *AsUser funnels' },
  { class: 'android.content.ContextWrapper', aosp: `${FW}/android/content/ContextWrapper.java`, members: ['field:mBase'], why: 'the wrapped base context' },
  { class: 'android.app.Application', aosp: `${FW}/android/app/Application.java`, members: ['attach(android.content.Context)'], why: 'LoadedApk.makeApplication attaches the base context' },
  {
    class: 'android.app.Activity',
    aosp: `${FW}/android/app/Activity.java`,
    members: ['field:mIntent', 'performCreate(android.os.Bundle)', 'performPause()', 'performResume()', 'performResume(boolean,java.lang.String)'],
    why: 'lifecycle frames between Instrumentation and onCreate/onPause; onResume is called by Instrumentation',
  },
  {
    class: 'android.app.Instrumentation',
    aosp: `${FW}/android/app/Instrumentation.java`,
    members: ['execStartActivity(android.content.Context,android.os.IBinder,android.os.IBinder,android.app.Activity,android.content.Intent,int,android.os.Bundle)'],
    why: 'every startActivity ends here (frida-notes §5 launches)',
  },
  {
    class: 'android.content.Intent',
    aosp: `${FW}/android/content/Intent.java`,
    members: ['field:mAction', 'field:mData', 'field:mPackage', 'field:mComponent', 'field:mFlags', 'field:mCategories', 'field:mExtras'],
    why: 'intent state, as agents read it (mExtras without unparcelling)',
  },
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
    class: 'android.telephony.TelephonyManager',
    aosp: 'frameworks/base/telephony/java/android/telephony/TelephonyManager.java',
    members: ['getSubscriberId(int)', 'getLine1Number(int)'],
    why: 'subId overloads the public getters delegate to',
  },

  // ---- looper, handler, views -------------------------------------------------------------
  { class: 'android.os.Looper', aosp: `${FW}/android/os/Looper.java`, members: ['loopOnce(android.os.Looper,long,int)'], why: 'main-thread frame (Android 12+)' },
  { class: 'android.os.Handler', aosp: `${FW}/android/os/Handler.java`, members: ['field:mLooper', 'handleCallback(android.os.Message)'], why: 'posted Runnables run through handleCallback' },
  { class: 'android.os.Message', aosp: `${FW}/android/os/Message.java`, members: ['field:callback', 'field:target'], why: 'message routing' },
  {
    class: 'android.view.View',
    aosp: `${FW}/android/view/View.java`,
    members: ['field:mOnClickListener', 'field:mContentDescription', 'field:mID', 'performClickInternal()'],
    why: 'click dispatch (performClickInternal on Android 9+)',
  },
  { class: 'android.view.View$PerformClick', aosp: `${FW}/android/view/View.java`, why: 'the Runnable a tap posts to the main thread' },
  { class: 'android.widget.TextView', aosp: `${FW}/android/widget/TextView.java`, members: ['field:mText'], why: 'text storage' },

  // ---- libcore -----------------------------------------------------------------------------
  { class: 'java.lang.UNIXProcess', aosp: `${OJ}/java/lang/UNIXProcess.java`, why: 'what Runtime.exec() returns' },
  { class: 'java.lang.BootClassLoader', aosp: `${OJ}/java/lang/ClassLoader.java`, why: 'the boot class loader object (parent of PathClassLoader)' },
  { class: 'java.lang.Throwable', aosp: `${OJ}/java/lang/Throwable.java`, members: ['field:detailMessage', 'field:cause'], why: 'exception state' },
  { class: 'java.io.File', aosp: `${OJ}/java/io/File.java`, members: ['field:path'], why: 'path storage' },
  { class: 'java.util.ArrayList$Itr', aosp: `${OJ}/java/util/ArrayList.java`, why: 'ArrayList.iterator()' },
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
  { class: 'com.android.okhttp.internal.huc.HttpsURLConnectionImpl', aosp: 'external/okhttp/okhttp-urlconnection/src/main/java/com/squareup/okhttp/internal/huc/HttpsURLConnectionImpl.java', why: 'what URL.openConnection() returns for https:' },
  { class: 'com.android.okhttp.okio.RealBufferedSink$1', aosp: 'external/okhttp/okio/okio/src/main/java/okio/RealBufferedSink.java', why: 'request body stream' },
  { class: 'com.android.okhttp.okio.RealBufferedSource$1', aosp: 'external/okhttp/okio/okio/src/main/java/okio/RealBufferedSource.java', why: 'response body stream' },
  { class: 'com.android.org.conscrypt.ConscryptFileDescriptorSocket', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptFileDescriptorSocket.java', why: 'platform TLS socket' },
  { class: 'com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/ConscryptFileDescriptorSocket.java', why: 'TLS write path' },
  { class: 'com.android.org.conscrypt.NativeSsl', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeSsl.java', why: 'SSL_write parameter (Android 9+)' },
  { class: 'com.android.org.conscrypt.NativeCrypto', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeCrypto.java', why: 'SSL_write JNI into BoringSSL' },
  { class: 'com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks', aosp: 'external/conscrypt/common/src/main/java/org/conscrypt/NativeCrypto.java', why: 'SSL_write parameter' },
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
