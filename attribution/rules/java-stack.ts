// Rule: the Java stack decides.
//
// From the first possible caller (see api-frame.ts) walk outward, skipping the platform, runtime
// machinery, transparent libraries, hook layers and bridges. The first remaining frame decides:
//   - a catalog SDK (longest package/class prefix; never a substring match),
//   - the app's own package (first party; a longer catalog prefix inside it still wins),
//   - an obfuscated class (see obfuscation.ts), or
//   - an unknown third party, reported by its package prefix.
// A native method of an obfuscated class whose next identifiable frame outward is a catalog SDK
// is a VMP/packer stub (Tencent GDT's `yaq.pro.getVresult(Native Method)` between its own
// com.qq.e frames: the virtualised SDK method runs inside the native interpreter), so it is passed
// over and the SDK frame around it decides.
// SDKs further out on the same stack are the call chain, nearest first ("HMS AAID, called by
// MixPush, called by the app").
import type { Frame } from '../../protocol/messages.js';
import type { CatalogSdk } from '../catalog.js';
import { isSkipKind, packagePrefix, type Bridge, type FrameClassifier } from '../classify.js';
import type { Attribution, SdkRef } from '../types.js';
import { obfuscationEvidence } from './obfuscation.js';
import { afterApi, bridgePhrase, chainPhrase, frameName, keyPhrase, sdkLabel, sourcesOf } from './reason.js';
import type { RuleEnv, StackDecision, StackRule } from './types.js';

/** Whether frame i is an obfuscated native method with a catalog SDK frame as the next identifiable frame outward. */
function isVmpStub(frames: readonly Frame[], i: number, classifier: FrameClassifier): boolean {
  if (frames[i][3] !== -2) return false;
  for (let j = i + 1; j < frames.length; j++) {
    const v = classifier.classify(frames[j][0]);
    if (isSkipKind(v.kind)) continue;
    if (v.kind === 'obfuscated' && frames[j][3] === -2) continue;
    return v.kind === 'sdk';
  }
  return false;
}

/**
 * The first deciding frame at or after `start`. Frames from `seen` up to `start` were already
 * judged skippable (api-frame.ts); they are looked at only for a transparent SDK or a bridge to
 * report.
 */
export function decide(frames: readonly Frame[], start: number, classifier: FrameClassifier, seen = start): StackDecision | null {
  let through: CatalogSdk | null = null;
  let bridge: Bridge | null = null;
  let stubs: number[] | undefined;
  for (let i = seen; i < frames.length; i++) {
    const v = classifier.classify(frames[i][0]);
    if (i < start || isSkipKind(v.kind)) {
      if (through === null && v.kind === 'transparent' && v.sdk !== null) through = v.sdk;
      if (bridge === null && v.kind === 'bridge') bridge = v.bridge;
      continue;
    }
    if (v.kind === 'obfuscated' && isVmpStub(frames, i, classifier)) {
      (stubs ??= []).push(i);
      continue;
    }
    const decision: StackDecision = {
      index: i,
      kind: v.kind as StackDecision['kind'],
      sdk: v.sdk,
      key: v.key,
      keyKind: v.keyKind === 'skip' ? null : v.keyKind,
      evidence: null,
      through,
      bridge,
      ...(stubs ? { stubs } : {}),
    };
    if (decision.kind === 'obfuscated') {
      const ev = obfuscationEvidence(frames, i, classifier);
      if (ev) {
        decision.kind = 'sdk';
        decision.sdk = ev.sdk;
        decision.key = ev.key;
        decision.evidence = ev;
      }
    }
    return decision;
  }
  return null;
}

export interface OuterChain {
  chain: SdkRef[];
  calledByApp: boolean;
  bridge: Bridge | null;
}

/** SDKs (nearest first), the app and a bridge further out than frame `from`. */
export function outerChain(frames: readonly Frame[], from: number, classifier: FrameClassifier, exclude: CatalogSdk | null, into?: OuterChain): OuterChain {
  const out = into ?? { chain: [], calledByApp: false, bridge: null };
  for (let i = from + 1; i < frames.length; i++) {
    const v = classifier.classify(frames[i][0]);
    if (v.kind === 'sdk' && v.sdk !== null && v.sdk !== exclude && !out.chain.includes(v.sdk.ref)) out.chain.push(v.sdk.ref);
    else if (v.kind === 'app') out.calledByApp = true;
    else if (v.kind === 'bridge' && out.bridge === null) out.bridge = v.bridge;
  }
  return out;
}

/** The first bridge between `from` and `to` (exclusive), for stacks decided beyond or without a bridge. */
export function bridgeBetween(frames: readonly Frame[], from: number, to: number, classifier: FrameClassifier): Bridge | null {
  for (let i = from; i < to; i++) {
    const v = classifier.classify(frames[i][0]);
    if (v.kind === 'bridge') return v.bridge;
  }
  return null;
}

/** Turns a decision on `frames` into a result; shared with the asynchronous-origin rule. */
export function attributionFromDecision(
  frames: readonly Frame[],
  d: StackDecision,
  env: RuleEnv,
  opts: { via: 'stack' | 'origin'; apiIndex: number | null; apiInferred: boolean; apiText: string; originIndex?: number; later?: readonly (readonly Frame[])[] },
): Attribution {
  const { classifier } = env;
  const outer = outerChain(frames, d.index, classifier, d.sdk);
  // Stacks of the code that submitted this work are further out still.
  if (opts.later) for (const o of opts.later) outerChain(o, -1, classifier, d.sdk, outer);
  const bridge = outer.bridge ?? d.bridge;
  const f = frames[d.index];
  const frame = frameName(f);
  const stubs = d.stubs?.length ? `, past the obfuscated native stub${d.stubs.length > 1 ? 's' : ''} ${[...new Set(d.stubs.map((i) => frameName(frames[i])))].join(', ')} (a VMP/packer interpreter running the SDK's own code)` : '';
  const where = `${frame} (frame ${d.index + 1}) is the first caller ${opts.apiText}${d.through ? `, past ${d.through.entry.name} (a transport it uses)` : ''}${stubs}`;
  const tail = `${chainPhrase(outer.chain, outer.calledByApp)}${bridgePhrase(bridge)}`;
  let sdk: Attribution['sdk'] = null;
  let party: Attribution['party'];
  let prefix: string | undefined;
  let why: string;
  switch (d.kind) {
    case 'sdk': {
      const s = d.sdk as CatalogSdk;
      sdk = s.ref;
      party = 'third-party';
      why = d.evidence
        ? `it is obfuscated, and the adjacent frame ${frameName(frames[d.evidence.adjacentIndex])} of ${sdkLabel(s)} shares its package root ${d.evidence.root}`
        : `${keyPhrase(d.keyKind, d.key)} belongs to ${sdkLabel(s)} [catalog: ${sourcesOf(s)}]`;
      break;
    }
    case 'app':
      party = 'first-party';
      why = `it lies in the app's own package ${d.key}`;
      break;
    case 'obfuscated':
      party = 'obfuscated';
      prefix = packagePrefix(f[0]);
      why = `its class is obfuscated (${prefix}) and no catalog prefix or adjacent SDK frame identifies it`;
      break;
    default:
      party = 'third-party';
      prefix = packagePrefix(f[0]);
      why = `package ${prefix} is neither in the SDK catalog nor the app's package`;
  }
  const result: Attribution = {
    sdk,
    party,
    frame,
    frameIndex: d.index,
    apiIndex: opts.apiIndex,
    via: opts.via,
    chain: outer.chain,
    reason: `${where}; ${why}${tail}.`,
    calledByApp: outer.calledByApp,
  };
  if (opts.apiIndex !== null) result.apiInferred = opts.apiInferred;
  if (opts.originIndex !== undefined) result.originIndex = opts.originIndex;
  if (prefix !== undefined) result.prefix = prefix;
  if (d.key !== null && (d.kind === 'sdk' || d.kind === 'app')) result.matched = d.key;
  if (bridge !== null) result.bridge = bridge;
  return result;
}

export const javaStackRule: StackRule = {
  id: 'java-stack',
  description: 'The first frame after the API that is not platform, runtime, transparent library, hook layer or bridge decides; outer SDKs form the chain.',
  apply(input, env) {
    const d = input.decision;
    if (d === null) return null;
    return attributionFromDecision(input.frames, d, env, {
      via: 'stack',
      apiIndex: input.span.apiIndex,
      apiInferred: input.span.inferred,
      apiText: afterApi(input.frames, input.span.apiIndex, input.span.inferred),
      later: input.origins,
    });
  },
};
