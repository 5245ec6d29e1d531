// Foreground/background and user actions: the host derives phases (background, consent) from
// these. Activity creation also feeds "what woke the process" (agent/extract/wake.ts).
import type { HookArea } from './types.js';

const INS = 'android.app.Instrumentation';

export const lifecycle: HookArea = {
  area: 'lifecycle',
  hooks: [
    // Reported before onCreate runs: what onCreate's code reads happens while the activity is on its
    // way to the screen (the host keeps the app in the foreground across Splash -> Main).
    { id: 'lifecycle.callActivityOnCreate', class: INS, method: 'callActivityOnCreate', overloads: 'all', kind: 'lifecycle', extract: 'activity-create', before: true },
    { id: 'lifecycle.callActivityOnResume', class: INS, method: 'callActivityOnResume', overloads: 'all', kind: 'lifecycle', extract: 'activity-resume' },
    { id: 'lifecycle.callActivityOnPause', class: INS, method: 'callActivityOnPause', overloads: 'all', kind: 'lifecycle', extract: 'activity-pause' },
    // The end of an activity: finish() is the app's (or an SDK's) request, reported before it runs
    // (a trampoline that finishes in onCreate is known never to resume from here on); the system
    // then destroys it (ActivityThread.performDestroyActivity -> Instrumentation.callActivityOnDestroy),
    // after the next activity resumed. The phase tracker does not use them yet: docs/design.md says what they enable.
    { id: 'lifecycle.finish', class: 'android.app.Activity', method: 'finish', overloads: [[]], kind: 'lifecycle', extract: 'activity-finish', args: false, ret: false, before: true },
    { id: 'lifecycle.callActivityOnDestroy', class: INS, method: 'callActivityOnDestroy', overloads: 'all', kind: 'lifecycle', extract: 'activity-destroy' },
    { id: 'lifecycle.performClick', class: 'android.view.View', method: 'performClick', overloads: [[]], kind: 'lifecycle', extract: 'click', args: false, ret: false, before: true, note: 'CompoundButton (check boxes) calls super.performClick' },
    { id: 'lifecycle.dialog.show', class: 'android.app.Dialog', method: 'show', overloads: 'all', kind: 'lifecycle', extract: 'dialog', args: false, ret: false, note: 'privacy-policy dialogs: title (AlertDialog) or the first texts of the window' },
    { id: 'lifecycle.popup.showAtLocation', class: 'android.widget.PopupWindow', method: 'showAtLocation', overloads: 'all', kind: 'lifecycle', extract: 'popup', args: false, ret: false },
    { id: 'lifecycle.popup.showAsDropDown', class: 'android.widget.PopupWindow', method: 'showAsDropDown', overloads: 'all', kind: 'lifecycle', extract: 'popup', args: false, ret: false, outermostOnly: true },
  ],
};
