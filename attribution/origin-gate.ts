// The frame classifier's "does this class decide?" answer, as a short list the agent can carry
// (AgentConfig.originGate). The agent skips the Java stack walk at an asynchronous submission when
// the submitted work's own class decides: its frame is then on the running stack of every event
// inside that work, so the async-origin rule cannot apply to them (docs/attribution.md "Origins:
// gated walks").
// The list is derived from FrameClassifier itself, never kept by hand: every prefix where the
// verdict can change is listed with the verdict the classifier gives a class directly inside it,
// so the longest listed prefix of any class name carries that class's verdict.
//
// Where the verdict can change, walking a class name from its root (see classify.ts compute):
//  - a skip prefix (platform, runtime, transparent library, hook layer, bridge): non-deciding;
//  - the app's own package: deciding when it is more specific than the skip prefix around it;
//  - a transparent catalog SDK's prefix: non-deciding, unless the app package is as specific;
//  - a catalog prefix or component inside a bridge (a plugin: deciding) or inside a transparent
//    catalog prefix (a longer catalog key wins). Catalog keys anywhere else cannot change the
//    verdict: outside skip prefixes a class decides with or without them, inside a non-bridge
//    skip prefix the skip verdict wins.
// Generated classes without a package ($Proxy, LSPosed/EdXposed stubs) never decide.
import type { OriginGate } from '../protocol/messages.js';
import type { Catalog } from './catalog.js';
import {
  BRIDGE_PREFIXES, FrameClassifier, HOOK_CLASS_STARTS, HOOK_PREFIXES, isSkipKind, PLATFORM_PREFIXES, PROXY_CLASS_START, RUNTIME_PREFIXES, TRANSPARENT_PREFIXES,
} from './classify.js';

/** A class name directly inside `prefix`, for asking the classifier its verdict there. */
const probe = (prefix: string) => `${prefix}.Probe`;

/** Whether `name` lies inside `prefix` on a '.' or '$' boundary (or is it). */
function inside(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  if (name.length === prefix.length) return true;
  const c = name.charCodeAt(prefix.length);
  return c === 46 || c === 36;
}

/** The gate for one app: which class names decide attribution, as the host's classifier says. */
export function originGate(catalog: Catalog, appPackage: string | null): OriginGate {
  const classifier = new FrameClassifier(catalog, appPackage ?? undefined);
  const bridges = BRIDGE_PREFIXES.map(([p]) => p);
  const skips = [...PLATFORM_PREFIXES, ...RUNTIME_PREFIXES, ...TRANSPARENT_PREFIXES, ...HOOK_PREFIXES, ...bridges];
  const transparentSdk = catalog.sdks.filter((s) => s.transparent).flatMap((s) => [...(s.entry.prefixes ?? []), ...(s.entry.components ?? [])]);
  const candidates = new Set<string>([...skips, ...transparentSdk]);
  const app = appPackage?.trim();
  if (app) candidates.add(app);
  const flipRoots = [...bridges, ...transparentSdk];
  for (const sdk of catalog.sdks) {
    if (sdk.transparent) continue;
    for (const key of [...(sdk.entry.prefixes ?? []), ...(sdk.entry.components ?? [])]) {
      if (flipRoots.some((r) => key !== r && inside(key, r))) candidates.add(key);
    }
  }
  const prefixes: [string, boolean][] = [...candidates].sort().map((p) => [p, !isSkipKind(classifier.classify(probe(p)).kind)]);
  return { prefixes, generatedStarts: [PROXY_CLASS_START, ...HOOK_CLASS_STARTS] };
}
