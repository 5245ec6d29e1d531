// Intents summarised safely: action, component "pkg/cls", package, data URI, flags, categories and
// the KEYS of the extras, never their values. Extras are only read when that cannot change the
// app's own view of them: an Intent that came from another process keeps its extras parcelled
// until the app sets the right class loader; unparcelling it first (API < 33, no lazy values)
// with the wrong loader fails and leaves the Bundle emptied. So parcelled extras are skipped there.
import { field, items, num, str } from './java.js';

export interface IntentSummary {
  action?: string;
  component?: string;
  package?: string;
  data?: string;
  flags?: number;
  categories?: string[];
  extras?: string[];
}

type Clip = (s: string) => string;

const MAX_KEYS = 32;

/** Keys of the intent's extras, or undefined when there are none or reading them is not safe. */
export function extrasKeys(intent: any, apiLevel: number, clip: Clip): string[] | undefined {
  const bundle = field(intent, 'mExtras');
  if (bundle === undefined || bundle === null) return undefined;
  if (apiLevel < 33) {
    // BaseBundle.mParcelledData is non-null until the bundle is unparcelled.
    let parcelled: unknown;
    try {
      parcelled = bundle.mParcelledData === undefined ? null : bundle.mParcelledData.value;
    } catch {
      return undefined;
    }
    if (parcelled !== null && parcelled !== undefined) return undefined;
  }
  try {
    const keys = bundle.keySet();
    const out: string[] = [];
    for (const k of items(keys, MAX_KEYS).items) {
      const s = str(k);
      if (s !== null) out.push(clip(s));
    }
    return out.sort();
  } catch {
    return undefined;
  }
}

export function summarizeIntent(intent: any, apiLevel: number, clip: Clip, withExtras = true): IntentSummary {
  const s: IntentSummary = {};
  if (intent === null || intent === undefined) return s;
  const action = str(intent.getAction());
  if (action !== null) s.action = clip(action);
  const cmp = intent.getComponent();
  if (cmp !== null && cmp !== undefined) {
    const pkg = str(cmp.getPackageName());
    const cls = str(cmp.getClassName());
    if (pkg !== null && cls !== null) s.component = clip(`${pkg}/${cls}`);
  }
  const pkg = str(intent.getPackage());
  if (pkg !== null) s.package = clip(pkg);
  const data = str(intent.getDataString());
  if (data !== null) s.data = clip(data);
  const flags = num(intent.getFlags());
  if (Number.isFinite(flags) && flags !== 0) s.flags = flags | 0;
  const cats = intent.getCategories();
  if (cats !== null && cats !== undefined) {
    const list: string[] = [];
    for (const c of items(cats).items) {
      const t = str(c);
      if (t !== null) list.push(clip(t));
    }
    if (list.length > 0) s.categories = list.sort();
  }
  if (withExtras) {
    const keys = extrasKeys(intent, apiLevel, clip);
    if (keys !== undefined && keys.length > 0) s.extras = keys;
  }
  return s;
}

/** Package an intent is aimed at explicitly (component or package), if any. */
export function explicitPackage(s: IntentSummary): string | undefined {
  if (s.component !== undefined) return s.component.slice(0, s.component.indexOf('/'));
  return s.package;
}
