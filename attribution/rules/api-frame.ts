// Rule: where the hooked API ends and its caller begins.
//
// Inside a hook, frame 0 is the hooked method; between it and the code that called it sit the
// API's own overloads, binder proxies, Parcel, reflection and hook/virtualisation layers. The
// caller search starts after the OUTERMOST API frame reachable from frame 0 through such frames
// only. An API frame further out, beyond SDK or app code, is a separate call that code made
// (an in-process ContentProvider reading Settings for a ContentResolver.query), not part of this
// one, so the walk stops at the first frame that is neither API nor skippable (except inside a
// hook-layer sandwich, where a hook module's own callback frames sit between Xposed frames).
// Hooked methods that live in app-shipped code (MSA's InitSdk, OkHttp) count as the API only as
// frame 0: further out they are code that called the API below them.
//
// Without a list of API frames, or when none of them is on the stack, the API is taken to be the
// outermost platform or transparent-library frame before the caller, ignoring reflection,
// thread and looper machinery; the result says it was inferred.
import type { Frame } from '../../protocol/messages.js';
import { isSkipKind, type FrameClassifier } from '../classify.js';

/** class -> hooked method names. */
export type ApiFrames = ReadonlyMap<string, ReadonlySet<string>>;

export function apiFrameMap(frames: Iterable<readonly [string, string]> | undefined): ApiFrames | null {
  if (!frames) return null;
  const map = new Map<string, Set<string>>();
  for (const [cls, method] of frames) {
    let set = map.get(cls);
    if (!set) map.set(cls, (set = new Set()));
    set.add(method);
  }
  return map.size ? map : null;
}

export interface ApiSpan {
  /** Outermost API frame, or null when none was found. */
  apiIndex: number | null;
  /** First frame that may be the caller: everything before it is API, platform, hook layer or transparent. */
  start: number;
  /** true when the API frame was inferred from the platform boundary rather than the hook list. */
  inferred: boolean;
}

const isApi = (apis: ApiFrames, f: Frame) => apis.get(f[0])?.has(f[1]) === true;

export function findApiSpan(frames: readonly Frame[], classifier: FrameClassifier, apis: ApiFrames | null): ApiSpan {
  return apis ? fromHookList(frames, classifier, apis) : inferred(frames, classifier);
}

function fromHookList(frames: readonly Frame[], classifier: FrameClassifier, apis: ApiFrames): ApiSpan {
  let apiIndex: number | null = null;
  let inSandwich = false; // non-skippable frames seen after a hook-layer frame
  let lastHook = -1;
  let i = 0;
  for (; i < frames.length; i++) {
    const f = frames[i];
    const kind = classifier.classify(f[0]).kind;
    // A hooked method inside SDK or app code (MSA's InitSdk) is the API only as frame 0;
    // further out it is the caller of the API below it.
    if (isApi(apis, f) && (i === 0 || isSkipKind(kind))) {
      apiIndex = i;
      inSandwich = false;
      continue;
    }
    if (kind === 'hook') {
      lastHook = i;
      inSandwich = false;
      continue;
    }
    if (isSkipKind(kind)) continue;
    // Real code. Part of a hook module only if a hook frame precedes it and another follows.
    if (lastHook >= 0 && !inSandwich && hookFollows(frames, i, classifier, apis)) {
      inSandwich = true;
      continue;
    }
    if (inSandwich) continue;
    break;
  }
  // None of the hooked methods is on this stack (a pasted trace, a hook the list lacks): infer.
  if (apiIndex === null) return { ...inferred(frames, classifier), start: i };
  return { apiIndex, start: i, inferred: false };
}

/** Whether a hook-layer frame comes after frame i before any API frame (lookahead, rare). */
function hookFollows(frames: readonly Frame[], i: number, classifier: FrameClassifier, apis: ApiFrames): boolean {
  for (let j = i + 1; j < frames.length; j++) {
    if (isApi(apis, frames[j])) return false;
    if (classifier.classify(frames[j][0]).kind === 'hook') return true;
  }
  return false;
}

function inferred(frames: readonly Frame[], classifier: FrameClassifier): ApiSpan {
  let apiIndex: number | null = null;
  let beforeLibrary: number | null = null; // outermost platform frame before any library frame
  let library = false;
  let i = 0;
  for (; i < frames.length; i++) {
    const kind = classifier.classify(frames[i][0]).kind;
    if (!isSkipKind(kind)) break;
    if (kind === 'transparent') library = true;
    if (kind === 'platform' || kind === 'transparent') apiIndex = i;
    if (kind === 'platform' && !library) beforeLibrary = i;
  }
  // No caller at all: the library frames are not the API, they are what called it.
  if (i === frames.length && library) apiIndex = beforeLibrary;
  return { apiIndex, start: i, inferred: apiIndex !== null };
}
