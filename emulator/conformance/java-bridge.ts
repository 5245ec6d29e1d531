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
];
