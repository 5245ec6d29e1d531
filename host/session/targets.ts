// Finding an app's processes on a device, the way frida-tools' -n / -p do, through the DeviceLike
// queries only. On Android, Frida lists an app's main process under the app's label in
// enumerateProcesses ("Example Mall"), and its other processes under their process names
// ("com.example.mall:push"); enumerateApplications gives the package and the main pid. Both are
// asked, so either spelling finds the app.
import { UserError } from '../../protocol/errors.js';
import type { ApplicationLike, DeviceLike, ProcessLike } from '../device/types.js';

/** "com.app:push" -> "com.app" */
export function packageOf(processName: string): string {
  const i = processName.indexOf(':');
  return i < 0 ? processName : processName.slice(0, i);
}

/** A running process of an app, named by its process name ("pkg" or "pkg:proc"). */
export interface AppProcess {
  pid: number;
  name: string;
  package: string;
}

/** The running processes of `pkg`, main process first. */
export async function appProcesses(device: DeviceLike, pkg: string): Promise<AppProcess[]> {
  const [apps, procs] = await Promise.all([device.enumerateApplications({ identifiers: [pkg] }), device.enumerateProcesses()]);
  const mainPid = apps.find((a) => a.identifier === pkg)?.pid ?? 0;
  const out: AppProcess[] = [];
  for (const p of procs) {
    if (p.pid === mainPid) out.push({ pid: p.pid, name: pkg, package: pkg });
    else if (packageOf(p.name) === pkg) out.push({ pid: p.pid, name: p.name, package: pkg });
  }
  if (mainPid !== 0 && !out.some((p) => p.pid === mainPid)) out.push({ pid: mainPid, name: pkg, package: pkg });
  return out.sort((a, b) => (a.name === pkg ? -1 : b.name === pkg ? 1 : a.pid - b.pid));
}

/** Whether `pkg` is installed (Frida lists it with enumerateApplications). */
export async function installedApp(device: DeviceLike, pkg: string): Promise<ApplicationLike | null> {
  const apps = await device.enumerateApplications({ identifiers: [pkg] });
  return apps.find((a) => a.identifier === pkg) ?? null;
}

function nameOf(p: ProcessLike, apps: readonly ApplicationLike[]): AppProcess {
  const app = apps.find((a) => a.pid === p.pid && a.pid !== 0);
  if (app !== undefined) return { pid: p.pid, name: app.identifier, package: app.identifier };
  return { pid: p.pid, name: p.name, package: packageOf(p.name) };
}

/**
 * The process `-n NAME` or `-p PID` means: NAME is a package, an app label or a process name
 * ("com.app:push"); it must be running and unambiguous.
 */
export async function findRunning(device: DeviceLike, sel: { name?: string; pid?: number }): Promise<AppProcess> {
  const [apps, procs] = await Promise.all([device.enumerateApplications(), device.enumerateProcesses()]);
  if (sel.pid !== undefined) {
    const p = procs.find((x) => x.pid === sel.pid);
    if (p === undefined) throw new UserError(`no process with pid ${sel.pid} is running on ${device.name} (frida-ps lists them)`);
    return nameOf(p, apps);
  }
  const name = sel.name!;
  const app = apps.find((a) => a.identifier === name) ?? apps.filter((a) => a.name === name).at(0);
  if (app !== undefined) {
    if (app.pid === 0) throw new UserError(`${app.identifier} is installed but not running; start it, or let sdktrace launch it with -f ${app.identifier}`);
    return { pid: app.pid, name: app.identifier, package: app.identifier };
  }
  const matches = procs.filter((p) => p.name === name);
  if (matches.length === 0) throw new UserError(`no running process is named ${JSON.stringify(name)} on ${device.name} (frida-ps -Uai lists apps and processes)`);
  if (matches.length > 1) throw new UserError(`${matches.length} processes are named ${JSON.stringify(name)} (pids ${matches.map((p) => p.pid).join(', ')}); choose one with -p`);
  return nameOf(matches[0]!, apps);
}
