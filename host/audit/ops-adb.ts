// DeviceOps on a phone through `adb -s SERIAL shell ...` (child_process, no shell in between). Used
// when adb is on PATH and the device's serial is known; otherwise NoOps says why nothing can be done,
// and the audit records it (e.g. "the start was not fresh").
import { execFile } from 'node:child_process';
import { TRIGGERS, type DeviceOps, type OpResult, type TriggerName } from './ops.js';

export type Exec = (file: string, args: readonly string[]) => Promise<{ stdout: string; stderr: string }>;

const defaultExec: Exec = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 30_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (err !== null) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });

const PACKAGE = /^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/;
const CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

export class AdbOps implements DeviceOps {
  readonly description: string;

  constructor(
    private readonly serial: string,
    /** A test app to install for the package-added trigger (an .apk path), if any. */
    private readonly testApk: string | null = null,
    private readonly exec: Exec = defaultExec,
  ) {
    this.description = `adb -s ${serial}`;
  }

  private async shell(...args: string[]): Promise<OpResult> {
    const cmd = args.join(' ');
    try {
      const { stdout, stderr } = await this.exec('adb', ['-s', this.serial, 'shell', ...args]);
      const out = `${stdout}${stderr}`.trim();
      // `am`/`pm` report failures on stdout with exit status 0 on older Android versions.
      if (/^(Error|Failure|Exception|Security exception|java\.lang\.\w+Exception)/m.test(out)) return { ok: false, detail: `${cmd}: ${out.split('\n')[0]}` };
      return { ok: true, detail: out === '' ? cmd : `${cmd}: ${out.split('\n')[0]}` };
    } catch (e) {
      const err = e as Error & { stderr?: string; code?: string };
      return { ok: false, detail: `${cmd}: ${(err.stderr ?? '').trim() || err.message}` };
    }
  }

  private checkPackage(pkg: string): void {
    if (!PACKAGE.test(pkg)) throw new Error(`not a package name: ${JSON.stringify(pkg)}`);
  }

  clearData(pkg: string): Promise<OpResult> {
    this.checkPackage(pkg);
    return this.shell('pm', 'clear', pkg);
  }

  forceStop(pkg: string): Promise<OpResult> {
    this.checkPackage(pkg);
    return this.shell('am', 'force-stop', pkg);
  }

  home(): Promise<OpResult> {
    return this.shell('input', 'keyevent', 'KEYCODE_HOME');
  }

  async exportedActivities(pkg: string): Promise<string[]> {
    this.checkPackage(pkg);
    // Activities with intent filters appear in dumpsys's resolver table as "<hash> pkg/cls filter <hash>".
    const r = await this.exec('adb', ['-s', this.serial, 'shell', 'dumpsys', 'package', pkg]).catch(() => null);
    if (r === null) return [];
    return parseResolverActivities(r.stdout, pkg);
  }

  startActivity(pkg: string, cls: string): Promise<OpResult> {
    this.checkPackage(pkg);
    if (!CLASS.test(cls)) throw new Error(`not a class name: ${JSON.stringify(cls)}`);
    return this.shell('am', 'start', '-n', `${pkg}/${cls}`);
  }

  scroll(): Promise<OpResult> {
    return this.shell('input', 'swipe', '540', '1600', '540', '600', '300');
  }

  async trigger(name: TriggerName): Promise<OpResult> {
    const how = TRIGGERS[name].how;
    const steps: string[][] =
      name === 'connectivity'
        ? [['svc', 'wifi', 'disable'], ['svc', 'wifi', 'enable']]
        : name === 'user-present'
          ? [['input', 'keyevent', 'KEYCODE_SLEEP'], ['input', 'keyevent', 'KEYCODE_WAKEUP'], ['wm', 'dismiss-keyguard']]
          : [];
    if (name === 'package-added') {
      if (this.testApk === null) return { ok: false, detail: `${how}: no test app given (--trigger-apk FILE)` };
      try {
        await this.exec('adb', ['-s', this.serial, 'install', '-r', this.testApk]);
        return { ok: true, detail: `adb install -r ${this.testApk}` };
      } catch (e) {
        return { ok: false, detail: `adb install -r ${this.testApk}: ${(e as Error).message}` };
      }
    }
    const done: string[] = [];
    for (const s of steps) {
      const r = await this.shell(...s);
      if (!r.ok) return { ok: false, detail: `${how}: ${r.detail}` };
      done.push(s.join(' '));
    }
    return { ok: true, detail: `${how}: ${done.join('; ')}` };
  }
}

/** Activities of `pkg` in `dumpsys package` resolver tables (those with intent filters). */
export function parseResolverActivities(dumpsys: string, pkg: string): string[] {
  const out = new Set<string>();
  const section = /Activity Resolver Table:([\s\S]*?)(?:\n\S|\n\s*\n(?:Receiver|Service|Provider)|$)/.exec(dumpsys)?.[1] ?? '';
  const re = new RegExp(`\\s[0-9a-f]+\\s+${pkg.replace(/\./g, '\\.')}/([\\w.$]+)`, 'g');
  for (const m of section.matchAll(re)) out.add(m[1]!.startsWith('.') ? `${pkg}${m[1]}` : m[1]!);
  return [...out];
}

/** When no shell reaches the device: every operation says so. */
export class NoOps implements DeviceOps {
  constructor(readonly description: string) {}
  private no(what: string): Promise<OpResult> {
    return Promise.resolve({ ok: false, detail: `${what}: ${this.description}` });
  }
  clearData(pkg: string): Promise<OpResult> {
    return this.no(`pm clear ${pkg}`);
  }
  forceStop(pkg: string): Promise<OpResult> {
    return this.no(`am force-stop ${pkg}`);
  }
  home(): Promise<OpResult> {
    return this.no('HOME');
  }
  async exportedActivities(): Promise<string[]> {
    return [];
  }
  startActivity(pkg: string, cls: string): Promise<OpResult> {
    return this.no(`am start -n ${pkg}/${cls}`);
  }
  scroll(): Promise<OpResult> {
    return this.no('input swipe');
  }
  trigger(name: TriggerName): Promise<OpResult> {
    return this.no(TRIGGERS[name].how);
  }
}

/** Whether `adb` runs here (adb version). */
export async function adbAvailable(exec: Exec = defaultExec): Promise<boolean> {
  try {
    await exec('adb', ['version']);
    return true;
  } catch {
    return false;
  }
}
