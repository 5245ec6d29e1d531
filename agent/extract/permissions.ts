// Runtime permission requests, the user's answers, and checks of our own process.
import { LIMITS } from '../../protocol/constants.js';
import { argOf, num, paramIndex, setDetail, str, strings } from './java.js';
import type { Extractor } from './types.js';

const NAMES = 'android.content.pm.extra.REQUEST_PERMISSIONS_NAMES';
const RESULTS = 'android.content.pm.extra.REQUEST_PERMISSIONS_RESULTS';

/** Activity/Fragment/ActivityCompat.requestPermissions(..., String[] permissions, int requestCode[, int deviceId]). */
export const permRequest: Extractor = (call) => {
  const i = paramIndex(call, '[Ljava.lang.String;');
  if (i < 0) return false;
  const detail: Record<string, unknown> = { type: 'request', permissions: strings(call, call.args[i]) };
  const code = num(call.args[i + 1]);
  if (Number.isInteger(code)) detail.requestCode = code;
  setDetail(call, detail);
  delete (call.draft as any).args;
};

/** Activity.dispatchRequestPermissionsResult(int requestCode, Intent data): the user's answer. */
export const permResult: Extractor = (call) => {
  const data = argOf(call, 'android.content.Intent');
  const detail: Record<string, unknown> = { type: 'result', permissions: [] as string[] };
  const code = num(call.args[0]);
  if (Number.isInteger(code)) detail.requestCode = code;
  if (data !== null && data !== undefined) {
    try {
      detail.permissions = strings(call, data.getStringArrayExtra(NAMES));
      const r = data.getIntArrayExtra(RESULTS);
      if (r !== null && r !== undefined) {
        const all: ArrayLike<number> = typeof r.toJSON === 'function' ? r.toJSON() : r;
        detail.results = Array.from({ length: Math.min(all.length, LIMITS.arrayItems) }, (_, k) => num(all[k]) | 0);
      }
    } catch {
      // The permission controller crashed: AOSP treats it as no answer too.
    }
  }
  setDetail(call, detail);
  delete (call.draft as any).args;
};

/**
 * checkSelfPermission(String) / checkPermission(String, int pid, int uid[, IBinder]) /
 * shouldShowRequestPermissionRationale(String[, int]): checks of our own process only.
 */
export const permCheck: Extractor = (call) => {
  const perm = str(argOf(call, 'java.lang.String'));
  if (perm === null) return false;
  if (call.spec.method === 'checkPermission') {
    const pid = num(call.args[paramIndex(call, 'int')]);
    if (pid !== call.services.pid) return false;
  }
  const detail: Record<string, unknown> = { type: 'check', permissions: [call.clip(perm)] };
  if (typeof call.ret === 'number') detail.results = [call.ret | 0];
  setDetail(call, detail);
  delete (call.draft as any).args;
};
