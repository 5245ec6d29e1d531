// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const ANDROID: ConformanceEntry[] = [
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
