// What a launch event means for associated startup, decided once for the rule, the launch graph
// and ingest's confirmation stage. Two facts of the stored evidence change the meaning of "code
// aimed an intent at another package":
//  - System UI that Android itself shows for the app is not another app being started. MIIT's
//    wording (工信部信管函〔2020〕164号, "APP频繁自启动和关联启动") is about starting *third-party* apps
//    (关联启动第三方APP); the runtime-permission dialog (permission controller, package installer
//    before API 29), the install prompt, the chooser/resolver and the app's own page in Settings
//    are the system acting on the app's request. They are not counted; everything else aimed at
//    another package is, including other Settings pages and pre-installed apps.
//  - A start the system refused is an attempt, never a start. ContextImpl.startServiceCommon
//    (frameworks/base/core/java/android/app/ContextImpl.java) throws IllegalStateException
//    ("Not allowed to start service …: app is in background …", API 26+; from API 31 its
//    subclasses BackgroundServiceStartNotAllowedException / ForegroundServiceStartNotAllowedException)
//    or SecurityException when ActiveServices answers "?", "!" or "!!", and returns null when no
//    service matched. The agent records the exception (event.thrown) and the return (event.ret).

/** Packages that are the system's own UI for permission and install prompts. */
const PERMISSION_UI = new Set([
  'com.android.permissioncontroller', // API 29+ (PermissionController module)
  'com.google.android.permissioncontroller',
  'com.android.packageinstaller', // the permission dialog before API 29, install prompts
  'com.google.android.packageinstaller',
]);
/** The chooser/resolver: ResolverActivity/ChooserActivity in "android", the IntentResolver module (API 33+). */
const RESOLVER_UI = new Set(['android', 'com.android.intentresolver']);
const RESOLVER_ACTIONS = new Set(['android.intent.action.CHOOSER', 'android.intent.action.PICK_ACTIVITY']);
const PERMISSION_ACTIONS = new Set(['android.content.pm.action.REQUEST_PERMISSIONS']);
const APP_SETTINGS_ACTIONS = new Set([
  'android.settings.APPLICATION_DETAILS_SETTINGS',
  'android.settings.APP_NOTIFICATION_SETTINGS',
  'android.settings.MANAGE_APP_PERMISSIONS',
  'android.settings.action.MANAGE_OVERLAY_PERMISSION',
  'android.settings.MANAGE_UNKNOWN_APP_SOURCES',
  'android.settings.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS',
]);

export interface LaunchFacts {
  via: string;
  action: string | null;
  component: string | null;
  target: string | null;
  /** The intent's data URI ("package:com.example.app" for the app's own Settings pages). */
  data: string | null;
  /** event.thrown: the exception the original call threw. */
  thrown: string | null;
  /** event.ret as stored (JSON text), when the hook summarised the return. */
  ret: string | null;
}

/** Why a launch aimed at another package is the system's UI for the app, or null when it is not. */
export function systemUiReason(l: Pick<LaunchFacts, 'action' | 'target' | 'data' | 'via'>, appPackage: string | null): string | null {
  if (l.via !== 'activity' && l.via !== 'pending-intent') return null;
  if (l.action !== null && PERMISSION_ACTIONS.has(l.action)) return 'the runtime permission dialog Android shows for the app';
  if (l.target !== null && PERMISSION_UI.has(l.target)) return 'the system permission / install prompt';
  if (l.target !== null && RESOLVER_UI.has(l.target)) return 'the system chooser';
  if (l.action !== null && RESOLVER_ACTIONS.has(l.action)) return 'the system chooser';
  if (l.action !== null && APP_SETTINGS_ACTIONS.has(l.action) && appPackage !== null && l.data === `package:${appPackage}`) return 'the app’s own page in Settings';
  return null;
}

/** The system's refusal of a start, or null when the call went through. */
export function refusal(l: Pick<LaunchFacts, 'via' | 'thrown' | 'ret'>): string | null {
  if (l.thrown !== null) {
    const m = /^([\w.$]+)(?::\s*(.*))?$/s.exec(l.thrown);
    const cls = m?.[1] ?? l.thrown;
    const simple = cls.slice(cls.lastIndexOf('.') + 1);
    return `refused by the system (${simple}${m?.[2] ? `: ${m[2].slice(0, 200)}` : ''})`;
  }
  // startService/startForegroundService answer null when no service matched the intent.
  if ((l.via === 'service' || l.via === 'foreground-service') && l.ret === 'null') return 'no service matched (startService returned null)';
  return null;
}
