// analysis/activity-window.ts: which activity-create details make an invisible start, and how the
// rules word it. Only the cited framework translucent theme id counts; an app's own style id does not.
import { describe, expect, it } from 'vitest';
import { activityWindow, isInvisible, windowText } from '../../analysis/activity-window.js';

const PKG = 'com.example.shop';
const TRANSLUCENT = 0x01030010; // android.R.style.Theme_Translucent_NoTitleBar

describe('activityWindow', () => {
  it('Getui’s GActivity: translucent, excluded from recents, in its own task', () => {
    const w = activityWindow({ theme: TRANSLUCENT, excludeFromRecents: true, taskAffinity: 'com.igexin.sdk.PushActivityTask' }, PKG);
    expect(isInvisible(w)).toBe(true);
    expect(windowText(w!)).toBe('translucent, excluded from recents, in its own task com.igexin.sdk.PushActivityTask');
  });
  it('not invisible: an app style id (unresolvable), a translucent activity kept in recents, no attributes reported', () => {
    expect(isInvisible(activityWindow({ theme: 0x7f0f0123, excludeFromRecents: true, taskAffinity: PKG }, PKG))).toBe(false);
    expect(isInvisible(activityWindow({ theme: TRANSLUCENT, excludeFromRecents: false, taskAffinity: PKG }, PKG))).toBe(false);
    expect(activityWindow({}, PKG)).toBe(null);
  });
  it('the app’s own affinity and no affinity are not "its own task"', () => {
    expect(activityWindow({ theme: TRANSLUCENT, excludeFromRecents: true, taskAffinity: PKG }, PKG)!.ownTask).toBe(null);
    expect(activityWindow({ theme: TRANSLUCENT, excludeFromRecents: true, taskAffinity: null }, PKG)!.ownTask).toBe(null);
  });
});
