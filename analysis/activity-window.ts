// What an activity's manifest attributes make of its start, from the activity-create event's
// detail (the ActivityInfo the agent read): a translucent theme leaves the screen below visible
// (AOSP ActivityRecord: a translucent activity does not occlude, so the one below is not stopped),
// excludeFromRecents hides its task from the recents screen (FLAG_EXCLUDE_FROM_RECENTS), and its
// own taskAffinity puts it in a task apart from the app's. Together they make a start the user
// does not see: a transparent trampoline (Getui's GActivity) is not the app coming to the
// foreground. One home for this reading, so the rules that word it agree.

/**
 * Framework themes known to be translucent, by resource id: android.R.style
 * Theme_Translucent_NoTitleBar = 16973840 (0x01030010; core/res/res/values/public.xml), a child of
 * Theme.Translucent, which sets windowIsTranslucent. An app's own style (which may inherit one of
 * these) cannot be resolved from its id here, so it is not called translucent.
 */
const TRANSLUCENT_THEMES: ReadonlySet<number> = new Set([0x01030010]);

export interface ActivityWindow {
  translucent: boolean;
  excludedFromRecents: boolean;
  /** The activity's own task affinity when it differs from the app's package (null: none). */
  ownTask: string | null;
}

/** The window attributes of an activity-create detail; null when the agent reported none. */
export function activityWindow(detail: { theme?: unknown; excludeFromRecents?: unknown; taskAffinity?: unknown }, appPackage: string | null): ActivityWindow | null {
  if (detail.theme === undefined && detail.excludeFromRecents === undefined && detail.taskAffinity === undefined) return null;
  const affinity = typeof detail.taskAffinity === 'string' ? detail.taskAffinity : null;
  return {
    translucent: typeof detail.theme === 'number' && TRANSLUCENT_THEMES.has(detail.theme),
    excludedFromRecents: detail.excludeFromRecents === true,
    ownTask: affinity !== null && affinity !== appPackage ? affinity : null,
  };
}

/** Invisible to the user: a translucent activity (the screen below stays) kept out of recents. */
export function isInvisible(w: ActivityWindow | null): boolean {
  return w !== null && w.translucent && w.excludedFromRecents;
}

/** "translucent, excluded from recents, in its own task com.x" (only what applies). */
export function windowText(w: ActivityWindow): string {
  return [w.translucent ? 'translucent' : null, w.excludedFromRecents ? 'excluded from recents' : null, w.ownTask !== null ? `in its own task ${w.ownTask}` : null].filter((x) => x !== null).join(', ');
}
