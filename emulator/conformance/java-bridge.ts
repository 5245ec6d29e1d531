// Conformance ledger: frida-java-bridge behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const JAVA_BRIDGE: ConformanceEntry[] = [
  {
    id: 'java-bridge.backtrace.ignoresLimit',
    runtime: 'frida-java-bridge',
    behaviour:
      'Java.backtrace({ limit }) returns every frame of the thread, innermost first: `limit` only sizes the frame array, the stack visitor never stops early. Inlined frames are skipped (STACK_WALK_SKIP_INLINED_FRAMES), as are frames without a dex pc.',
    source: 'frida-java-bridge 7.0.13 lib/android.js, backtrace() and the CModule _create (g_array_sized_new (.., limit)), _on_thread_state_transition_complete (STACK_WALK_SKIP_INLINED_FRAMES), visit_frame (always returns true)',
    model: 'emulator/java/vm.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'java-bridge.wrapper.disposedAfterHook',
    runtime: 'frida-java-bridge',
    behaviour: 'A wrapper received in a hook (`this`, arguments) holds a local reference that dies when the hook returns: later use throws "Wrapper is disposed; perhaps it was borrowed from a hook instead of calling Java.retain() ..." (or a stale-reference JNI error); Java.retain makes a global one. The agent retains a new class loader before ClassFactory.get keeps it.',
    source: 'frida-java-bridge 7.0.13 lib/class-factory.js, the $h getter of wrappers (line ~1138) and Java.retain (index.js retain)',
    model: 'emulator/bridge/class-factory.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'java-bridge.cast.checksInstance',
    runtime: 'frida-java-bridge',
    behaviour: 'Java.cast (and every object argument a replacement receives, converted through its class factory) checks IsInstanceOf: an object of another loader\'s copy of the class fails with "Cast from \'X\' to \'X\' isn\'t possible", so each copy of a class must be hooked through a factory of its own loader.',
    source: 'frida-java-bridge 7.0.13 lib/class-factory.js, ClassFactory.cast (line ~312) and the object type\'s fromJni (lib/types.js getObjectType)',
    model: 'emulator/bridge/class-factory.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'java-bridge.enumerateClassLoaders.api24',
    runtime: 'frida-java-bridge',
    behaviour: 'Java.enumerateClassLoaders(Sync) (Android 7+; "This API is only available on Android >= 7.0" below) lists the loaders the class linker has registered at the moment of the call, walking them with every thread suspended; a loader that has not defined a class yet is not registered (model: unverified against art/runtime/class_linker.cc, see the closing note).',
    source: 'frida-java-bridge 7.0.13 index.js enumerateClassLoaders and lib/android.js (line ~4002, the ClassLinker VisitClassLoaders walk)',
    model: 'emulator/bridge/index.ts',
    test: 'test/emulator/strict-runtime.test.ts',
  },
];
