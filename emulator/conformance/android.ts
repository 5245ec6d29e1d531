// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

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
];
