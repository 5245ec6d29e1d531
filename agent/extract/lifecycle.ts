// Lifecycle signals the host turns into phases: which activity resumed or paused (foreground /
// background), and the text of clicked controls (automatic consent detection).
import type { Extractor } from './types.js';

/** Instrumentation.callActivityOnResume/OnPause/OnCreate(Activity, ...). */
export function activityEvent(type: 'resume' | 'pause' | 'activity-create'): Extractor {
  return (call) => {
    const activity = call.args[0];
    const component = typeof activity?.$className === 'string' ? activity.$className : undefined;
    (call.draft as any).detail = component === undefined ? { type } : { type, component };
    delete (call.draft as any).args;
  };
}

/** View.performClick(): the control's text (TextView and subclasses) or content description. */
export const click: Extractor = (call) => {
  const view = call.self;
  let text: string | undefined;
  try {
    const TextView = call.java.use('android.widget.TextView');
    const tv = call.java.cast(view, TextView);
    const t = tv.getText();
    if (t !== null && t !== undefined) text = String(t.toString());
  } catch {
    // Not a TextView: fall back to the accessibility description.
  }
  if (text === undefined || text === '') {
    try {
      const d = view.getContentDescription();
      if (d !== null && d !== undefined) text = String(d.toString());
    } catch {
      // No description either.
    }
  }
  const detail: Record<string, string> = { type: 'click', component: String(view.$className) };
  if (text !== undefined && text !== '') detail.text = call.clip(text);
  (call.draft as any).detail = detail;
};
