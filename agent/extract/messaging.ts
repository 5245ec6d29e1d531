// SMS sends: the destination number (kept for payload matching); the body is not kept (the spec
// summarises the destination argument only).
import { setDetail, str } from './java.js';
import type { Extractor } from './types.js';

/** SmsManager.sendTextMessage/sendMultipartTextMessage/sendDataMessage(String destination, String scAddress, ...). */
export const smsSend: Extractor = (call) => {
  const dest = str(call.args[0]);
  const detail: Record<string, unknown> = {};
  if (dest !== null) {
    detail.target = call.clip(dest);
    detail.values = [call.clip(dest)];
  }
  setDetail(call, detail);
};
