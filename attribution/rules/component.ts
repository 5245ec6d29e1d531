// Rule: components and intent actions (launch targets, what woke a process). Exact component
// class names and actions from the catalog first, then the Java prefix trie over the class name
// or the action string (cn.jpush.android.intent.REGISTER lies in cn.jpush.android); platform
// names ("android.intent.action.BOOT_COMPLETED") are the platform, the app's own are first party.
import { isSkipKind, packagePrefix } from '../classify.js';
import type { Attribution } from '../types.js';
import { keyPhrase, sdkLabel, sourcesOf } from './reason.js';
import type { RuleEnv } from './types.js';

/** "pkg/cls" and "pkg/.Cls" (ComponentName.flattenToString forms) -> class name; anything else as is. */
export function componentClass(input: string): string {
  const s = input.trim();
  const slash = s.indexOf('/');
  if (slash < 0) return s;
  const pkg = s.slice(0, slash);
  const cls = s.slice(slash + 1);
  return cls.startsWith('.') ? pkg + cls : cls;
}

export function componentAttribution(input: string, env: RuleEnv): Attribution {
  const name = componentClass(input);
  const base = { frame: null, frameIndex: null, apiIndex: null, chain: [] } as const;
  const shared = env.catalog.sharedComponents.get(name);
  if (shared !== undefined) {
    // The class is the package owner's code, whichever SDK of the family shipped it (catalog.ts).
    const { owner, listedBy } = shared;
    return { ...base, sdk: owner.ref, party: 'third-party', via: 'component', chain: [], matched: name, reason: `${name} is code of ${sdkLabel(owner)} (its package); ${sdkLabel(listedBy)} also lists it as a component, as a member of the family that ships it [catalog: ${sourcesOf(owner)}].` };
  }
  const exact = env.catalog.components.get(name) ?? env.catalog.actions.get(name);
  if (exact) {
    const what = env.catalog.components.has(name) ? 'component' : 'intent action';
    return { ...base, sdk: exact.ref, party: 'third-party', via: 'component', chain: [], matched: name, reason: `${name} is a catalog ${what} of ${sdkLabel(exact)} [catalog: ${sourcesOf(exact)}].` };
  }
  const v = env.classifier.classify(name);
  if (v.kind === 'sdk' && v.sdk) {
    const sdk = v.sdk;
    return { ...base, sdk: sdk.ref, party: 'third-party', via: 'component', chain: [], matched: v.key ?? undefined, reason: `${name} lies in ${keyPhrase(v.keyKind === 'component' ? 'component' : 'package', v.key)} of ${sdkLabel(sdk)} [catalog: ${sourcesOf(sdk)}].` };
  }
  if (v.kind === 'app') {
    return { ...base, sdk: null, party: 'first-party', via: 'component', chain: [], matched: v.key ?? undefined, reason: `${name} lies in the app's own package ${v.key}.` };
  }
  if (isSkipKind(v.kind)) {
    return { ...base, sdk: null, party: 'platform', via: 'component', chain: [], matched: v.key ?? undefined, reason: `${name} is a platform or library name (${v.key}), not an SDK's.` };
  }
  const prefix = packagePrefix(name);
  if (v.kind === 'obfuscated') {
    return { ...base, sdk: null, party: 'obfuscated', via: 'component', chain: [], prefix, reason: `${name} is obfuscated and no catalog entry covers it.` };
  }
  return { ...base, sdk: null, party: 'third-party', via: 'component', chain: [], prefix, reason: `${name} is in package ${prefix}, which is neither in the SDK catalog nor the app's package.` };
}
