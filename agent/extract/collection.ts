// File opens and commands classified by agent/catalog/collection.ts: only identifier and app-list
// sources are reported (every call is counted). The path or command line goes into the event, and
// the other app's package when the path names one.
import { classifyCommand, classifyPath, type Collected } from '../catalog/collection.js';
import { items, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

function report(call: HookCall, got: Collected | null, via: string): void | false {
  if (got === null) return false;
  (call.draft as any).dataType = got.dataType;
  const detail: Record<string, unknown> = { via, target: call.clip(got.what) };
  if (got.package !== undefined) detail.values = [call.clip(got.package)];
  setDetail(call, detail);
}

/** IoBridge.open(String path, int flags). */
export const fileOpen: Extractor = (call) => {
  const path = str(call.args[0]);
  if (path === null) return false;
  return report(call, classifyPath(path, call.services.ownPackage(), call.services.pid), 'file');
};

/** Words of a command string as Runtime.exec(String) splits them (StringTokenizer on " \t\n\r\f"). */
function tokens(s: string): string[] {
  return s.split(/[ \t\n\r\f]+/).filter((w) => w !== '');
}

/** The argv of Runtime.exec(String|String[], ...) or ProcessBuilder.start() (its command list). */
function argvOf(call: HookCall): string[] | null {
  if (call.spec.method === 'start') {
    let list: any;
    try {
      list = call.self.command();
    } catch {
      return null;
    }
    return items(list, 64).items.map((x) => str(x) ?? '');
  }
  const first = call.args[0];
  if (typeof first === 'string') return tokens(first);
  if (call.params[0] === '[Ljava.lang.String;' && first !== null && first !== undefined) return items(first, 64).items.map((x) => str(x) ?? '');
  return null;
}

/** Runtime.exec (every overload) and ProcessBuilder.start. */
export const execCommand: Extractor = (call) => {
  const argv = argvOf(call);
  if (argv === null) return false;
  return report(call, classifyCommand(argv, call.services.ownPackage(), call.services.pid), 'exec');
};
