// ContentResolver calls classified by authority, clipboard text and account names.
import type { DataType } from '../../protocol/constants.js';
import { argOf, items, setDetail, str, field } from './java.js';
import type { Extractor, HookCall } from './types.js';

/** System providers that hold personal information, by authority. */
const PI_AUTHORITIES: Readonly<Record<string, DataType>> = {
  'com.android.contacts': 'contacts',
  contacts: 'contacts',
  icc: 'contacts', // SIM phone book (content://icc/adn)
  sms: 'sms',
  mms: 'sms',
  'mms-sms': 'sms',
  call_log: 'call_log',
  call_log_shadow: 'call_log',
  'com.android.calendar': 'calendar',
  calendar: 'calendar',
  media: 'media',
  'com.android.providers.media.documents': 'media',
  'com.android.externalstorage.documents': 'media',
  'com.android.providers.downloads.documents': 'media',
  // OEM ID services published as providers (Android_CN_OAID VivoImpl, MeizuImpl): the OAID, and
  // vivo's VAID/AAID/UDID under the same authority (see vendorId below).
  'com.vivo.vms.IdProvider': 'oaid',
  'com.meizu.flyme.openidsdk': 'oaid',
};

/** vivo's provider serves several IDs: content://com.vivo.vms.IdProvider/IdentifierId/<OAID|VAID|AAID|UDID>[_pkg]. */
function vendorId(authority: string, uri: string | undefined, dataType: DataType): DataType {
  if (authority !== 'com.vivo.vms.IdProvider' || uri === undefined) return dataType;
  return /\/IdentifierId\/OAID(?:$|[/?_])/.test(uri) ? 'oaid' : /\/IdentifierId\//.test(uri) ? 'vendor_id' : dataType;
}

export function classifyAuthority(authority: string): DataType | undefined {
  return PI_AUTHORITIES[authority];
}

/** Uri (or authority String) of a ContentResolver call. */
function target(call: HookCall): { uri?: string; authority?: string } {
  const uri = argOf(call, 'android.net.Uri');
  if (uri !== undefined && uri !== null) {
    const out: { uri?: string; authority?: string } = {};
    const s = str(uri.toString());
    if (s !== null) out.uri = call.clip(s);
    const a = str(uri.getAuthority());
    if (a !== null) out.authority = call.clip(a);
    return out;
  }
  // call(String authority, ...), acquire*ContentProviderClient(String name).
  const name = str(argOf(call, 'java.lang.String'));
  return name === null ? {} : { authority: call.clip(name) };
}

/**
 * ContentResolver query, insert, update, delete, call, open..., acquire... and registerContentObserver:
 * system PI providers -> 'pi' with the data type; another app's provider -> 'launch' via
 * 'provider' (the call starts it); the app's own providers -> not reported.
 */
export const contentUri: Extractor = (call) => {
  const { uri, authority } = target(call);
  if (authority === undefined) return false;
  const dataType = classifyAuthority(authority);
  const draft = call.draft as any;
  if (dataType !== undefined) {
    draft.dataType = vendorId(authority, uri, dataType);
    const d: Record<string, unknown> = { authority };
    if (uri !== undefined) d.target = uri;
    setDetail(call, d);
    return;
  }
  const pkg = call.services.resolveAuthority(authority);
  const own = call.services.ownPackage();
  if (pkg !== undefined && pkg !== null && pkg === own) return false;
  if (pkg === undefined && own !== null && (authority === own || authority.startsWith(own + '.'))) return false;
  draft.kind = 'launch';
  delete draft.dataType;
  const d: Record<string, unknown> = { via: 'provider', authority };
  if (uri !== undefined) d.data = uri;
  if (pkg !== undefined && pkg !== null) d.package = call.clip(pkg);
  setDetail(call, d);
};

/** ClipboardManager.getPrimaryClip(): the first item's text, kept for payload matching. */
export const clipData: Extractor = (call) => {
  const clip = call.ret;
  if (clip === null || clip === undefined) return;
  try {
    const n = Number(clip.getItemCount());
    if (n > 0) {
      const text = str(clip.getItemAt(0).getText());
      setDetail(call, text === null || text === '' ? { count: n } : { count: n, values: [call.clip(text)] });
    }
  } catch {
    // Not readable.
  }
  delete (call.draft as any).ret;
};

/** AccountManager.getAccounts*(): account names (often e-mail addresses) and types. */
export const accountList: Extractor = (call) => {
  const { n, items: list } = items(call.ret);
  const values: string[] = [];
  for (const a of list) {
    const name = str(field(a, 'name'));
    if (name !== null) values.push(call.clip(name));
  }
  setDetail(call, { count: n, values });
  delete (call.draft as any).ret;
};
