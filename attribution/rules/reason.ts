// Building blocks of the one-sentence `reason` every result carries. Only runs once per result,
// never per frame.
import type { Frame } from '../../protocol/messages.js';
import type { CatalogSdk } from '../catalog.js';
import type { Bridge } from '../classify.js';
import type { Attribution, SdkRef } from '../types.js';

export const frameName = (f: Frame): string => `${f[0]}.${f[1]}`;

/** "Umeng Common (友盟+ 基础组件库; Umeng (Alibaba))" (built once at catalog load). */
export const sdkLabel = (sdk: CatalogSdk): string => sdk.label;

/** Where a catalog key comes from, for the record: "curated, exodus". */
export const sourcesOf = (sdk: CatalogSdk): string => sdk.sourceList;

export function keyPhrase(kind: 'package' | 'component' | 'app' | null, key: string | null): string {
  if (key === null) return 'its package';
  return kind === 'component' ? `component class ${key}` : `package ${key}`;
}

/** ", called by MixPush, then by the app". Empty when nothing is further out. */
export function chainPhrase(chain: readonly SdkRef[], calledByApp: boolean): string {
  const parts = chain.map((s) => s.name);
  if (calledByApp) parts.push('the app');
  if (parts.length === 0) return '';
  return `, called by ${parts.join(', then by ')}`;
}

export function bridgePhrase(bridge: Bridge | null): string {
  switch (bridge) {
    case 'flutter':
      return '; reached through a Flutter platform channel, so the Dart caller is not on the Java stack';
    case 'react-native':
      return '; reached through the React Native bridge, so the JavaScript caller is not on the Java stack';
    case 'cordova':
      return '; reached through a Cordova plugin, so the JavaScript caller is not on the Java stack';
    default:
      return '';
  }
}

export function afterApi(frames: readonly Frame[], apiIndex: number | null, inferred: boolean): string {
  if (apiIndex === null) return 'on the stack';
  return `after ${inferred ? 'the platform call ' : 'the API '}${frameName(frames[apiIndex])}`;
}

/**
 * The result when no app or SDK code decides: the same fields in the same order for every rule
 * that ends here (the stored attribution JSON keeps its key order), `extra` before the reason.
 */
export function undecided(party: 'unknown' | 'platform', apiIndex: number | null, reason: string, extra?: Partial<Attribution>): Attribution {
  return { sdk: null, party, frame: null, frameIndex: null, apiIndex, via: 'none', chain: [], ...extra, reason };
}
