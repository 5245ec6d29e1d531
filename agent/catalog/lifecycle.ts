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
    { id: 'lifecycle.performClick', class: 'android.view.View', method: 'performClick', overloads: [[]], kind: 'lifecycle', extract: 'click', args: false, ret: false, before: true, note: 'CompoundButton (check boxes) calls super.performClick' },
    { id: 'lifecycle.dialog.show', class: 'android.app.Dialog', method: 'show', overloads: 'all', kind: 'lifecycle', extract: 'dialog', args: false, ret: false, note: 'privacy-policy dialogs: title (AlertDialog) or the first texts of the window' },
    { id: 'lifecycle.popup.showAtLocation', class: 'android.widget.PopupWindow', method: 'showAtLocation', overloads: 'all', kind: 'lifecycle', extract: 'popup', args: false, ret: false },
    { id: 'lifecycle.popup.showAsDropDown', class: 'android.widget.PopupWindow', method: 'showAsDropDown', overloads: 'all', kind: 'lifecycle', extract: 'popup', args: false, ret: false, outermostOnly: true },
  ],
};
