// What the audit does to the device besides Frida: clear the app's data, force-stop it, press
// HOME, start its exported activities, scroll, and trigger events after which the system sends
// broadcasts. Frida cannot do these (they are shell commands on a phone), so they sit behind this
// small interface: `adb` on a phone (ops-adb.ts), the emulated device's shell (ops-emulated.ts).
// Every operation says whether it happened; one the device cannot do is reported, never faked.

export interface OpResult {
  ok: boolean;
  /** What was done (the command), or why it could not be. */
  detail: string;
}

/**
 * Events the system answers with a broadcast. An app or the shell cannot send these broadcasts
 * themselves (they are protected: ActivityManagerService refuses them from uid 2000), so the audit
 * changes the device instead and the system sends them.
 */
export const TRIGGERS = {
  connectivity: { action: 'android.net.conn.CONNECTIVITY_CHANGE', how: 'Wi-Fi switched off and on again' },
  'user-present': { action: 'android.intent.action.USER_PRESENT', how: 'screen off, on, and unlocked' },
  'package-added': { action: 'android.intent.action.PACKAGE_ADDED', how: 'a test app installed' },
} as const;
export type TriggerName = keyof typeof TRIGGERS;
export const TRIGGER_NAMES = Object.keys(TRIGGERS) as TriggerName[];

export interface DeviceOps {
  /** For the report: "adb -s SERIAL", "emulated shell", or why none is available. */
  readonly description: string;
  /** `pm clear`: the app's data deleted (a fresh start), its processes killed. */
  clearData(pkg: string): Promise<OpResult>;
  /** `am force-stop`: processes killed, alarms/jobs cancelled, the package in the stopped state. */
  forceStop(pkg: string): Promise<OpResult>;
  /** The HOME key. */
  home(): Promise<OpResult>;
  /** Activities of the package other apps may start (exported), by class name. */
  exportedActivities(pkg: string): Promise<string[]>;
  /** `am start -n pkg/cls`. */
  startActivity(pkg: string, cls: string): Promise<OpResult>;
  /** A swipe up on the screen. */
  scroll(): Promise<OpResult>;
  trigger(name: TriggerName): Promise<OpResult>;
}
