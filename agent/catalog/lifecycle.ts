// Foreground/background and user actions: the host derives phases (background, consent) from these.
import type { HookArea } from './types.js';

const INS = 'android.app.Instrumentation';

export const lifecycle: HookArea = {
  area: 'lifecycle',
  hooks: [
    { id: 'lifecycle.callActivityOnCreate', class: INS, method: 'callActivityOnCreate', overloads: 'all', kind: 'lifecycle', extract: 'activity-create' },
    { id: 'lifecycle.callActivityOnResume', class: INS, method: 'callActivityOnResume', overloads: 'all', kind: 'lifecycle', extract: 'activity-resume' },
    { id: 'lifecycle.callActivityOnPause', class: INS, method: 'callActivityOnPause', overloads: 'all', kind: 'lifecycle', extract: 'activity-pause' },
    { id: 'lifecycle.performClick', class: 'android.view.View', method: 'performClick', overloads: [[]], kind: 'lifecycle', extract: 'click', args: false, ret: false },
  ],
};
