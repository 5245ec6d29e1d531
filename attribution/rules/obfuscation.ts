// Rule: when the first caller is obfuscated (a.b.c, com.x.a.b) and no catalog prefix covers it.
//
// Obfuscated code is never "the app" by default. It is attributed to an identified SDK only on
// evidence: walking outward through further obfuscated (or skippable) frames, the nearest
// identifiable frame is a catalog SDK whose class shares the obfuscated frame's package root
// (com.bytedance.a.b next to com.bytedance.sdk.openadsdk.TTAdSdk). A root that itself looks
// obfuscated (a.b, com.x) is no evidence. Otherwise the result stays 'obfuscated'.
// (Obfuscated classes inside a catalog prefix, like AMap's com.loc or Tencent's c.t.m.g, never
// reach this rule: the catalog match decides them.)
import type { Frame } from '../../protocol/messages.js';
import type { CatalogSdk } from '../catalog.js';
import { isSkipKind, packageRoot, type FrameClassifier } from '../classify.js';

export interface ObfuscationEvidence {
  sdk: CatalogSdk;
  /** Index of the identified SDK frame that vouches for the obfuscated one. */
  adjacentIndex: number;
  root: string;
  key: string | null;
}

export function obfuscationEvidence(frames: readonly Frame[], index: number, classifier: FrameClassifier): ObfuscationEvidence | null {
  const root = packageRoot(frames[index][0]);
  if (root === null) return null;
  for (let j = index + 1; j < frames.length; j++) {
    const v = classifier.classify(frames[j][0]);
    if (isSkipKind(v.kind) || v.kind === 'obfuscated') continue;
    if (v.kind !== 'sdk' || v.sdk === null) return null;
    const cn = frames[j][0];
    const sameRoot = cn.length > root.length && cn.startsWith(root) && cn.charCodeAt(root.length) === 46;
    return sameRoot ? { sdk: v.sdk, adjacentIndex: j, root, key: v.key } : null;
  }
  return null;
}
