// The end of an activity through the real agent on the emulated device (conformance:
// android.activity.destroy-after-finish): Activity.finish() is reported before it runs, then the
// system pauses the activity if it is resumed and destroys it (Instrumentation.callActivityOnDestroy
// -> performDestroy -> onDestroy). A trampoline that finishes in onCreate is created, finished and
// destroyed without ever resuming. The phase tracker does not read these events (docs/design.md).
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../emulator/index.js';
import { miniScenario } from './helpers.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.app';

function scenario(): Scenario {
  return miniScenario((s) => {
    s.app.components!.activities = [
      { class: `${PKG}.Trampoline`, exported: false, onCreate: [{ call: 'android.app.Activity.finish()', on: '$this' }] },
      { class: `${PKG}.Settings`, exported: false, onResume: [{ call: 'android.app.Activity.finish()', on: '$this' }] },
    ];
    s.timeline = [
      { at: 0, type: 'launch' },
      { at: 2000, type: 'open', activity: `${PKG}.Trampoline` },
      { at: 4000, type: 'open', activity: `${PKG}.Settings` },
      { at: 6000, type: 'end' },
    ];
  });
}

/** "type component" of the main process's activity lifecycle events, in order. */
function lifecycle(events: Awaited<ReturnType<typeof traceScenario>>['events'], component: string): string[] {
  return events.filter((e) => e.process === PKG && e.kind === 'lifecycle' && e.detail?.component === component).map((e) => `${e.detail!.type} ${e.hook}`);
}

describe('Activity.finish and onDestroy (android.activity.destroy-after-finish)', () => {
  it('a trampoline finishing in onCreate: created, finished, destroyed, never resumed; a resumed one is paused before it is destroyed', async () => {
    const t = await traceScenario(scenario());
    expect(t.errors).toEqual([]);
    expect(lifecycle(t.events, `${PKG}.Trampoline`)).toEqual([
      'activity-create lifecycle.callActivityOnCreate',
      'finish lifecycle.finish',
      'destroy lifecycle.callActivityOnDestroy',
    ]);
    // Settings finishes inside onResume: finish is reported before it runs, the resume when
    // callActivityOnResume returns, so the finish comes first; then the system's pause and destroy.
    expect(lifecycle(t.events, `${PKG}.Settings`)).toEqual([
      'activity-create lifecycle.callActivityOnCreate',
      'finish lifecycle.finish',
      'resume lifecycle.callActivityOnResume',
      'pause lifecycle.callActivityOnPause',
      'destroy lifecycle.callActivityOnDestroy',
    ]);
    // The launcher activity was never finished: no finish or destroy of it.
    expect(lifecycle(t.events, `${PKG}.MainActivity`).filter((x) => /^(finish|destroy)/.test(x))).toEqual([]);
  });
});
