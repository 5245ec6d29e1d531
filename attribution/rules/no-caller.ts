// Rules for stacks where nothing decides: a bridge without a visible caller, library code with no
// caller, or pure platform.
import { bridgeBetween } from './java-stack.js';
import { bridgePhrase, frameName, sdkLabel, sourcesOf, undecided } from './reason.js';
import type { StackRule } from './types.js';

/** Only bridge and platform frames: the caller lives on the other side of the bridge. */
export const bridgeOnlyRule: StackRule = {
  id: 'bridge-only',
  description: 'A stack made only of platform and bridge frames was called from Dart or JavaScript; the caller is not visible.',
  apply(input, env) {
    if (input.decision !== null) return null;
    const bridge = bridgeBetween(input.frames, 0, input.frames.length, env.classifier);
    if (bridge === null) return null;
    return undecided('unknown', input.span.apiIndex, `No app or SDK frame follows the API${bridgePhrase(bridge)}.`, { bridge });
  },
};

/**
 * Transparent library code with nothing further out (an OkHttp dispatcher thread, Alibaba's
 * transport on its own thread): the caller was lost to a thread hop. A catalog SDK among those
 * frames is the only code on the stack and is named; plain libraries leave the party unknown.
 */
export const libraryOnlyRule: StackRule = {
  id: 'library-only',
  description: 'A stack whose only non-platform frames are transparent libraries: the catalog SDK among them, else unknown.',
  apply(input, env) {
    if (input.decision !== null) return null;
    const from = input.span.apiIndex === null ? 0 : input.span.apiIndex + 1;
    let lib = -1;
    for (let i = from; i < input.frames.length; i++) {
      const v = env.classifier.classify(input.frames[i][0]);
      if (v.kind !== 'transparent') continue;
      if (v.sdk !== null) {
        return {
          sdk: v.sdk.ref,
          party: 'third-party',
          frame: frameName(input.frames[i]),
          frameIndex: i,
          apiIndex: input.span.apiIndex,
          apiInferred: input.span.inferred,
          via: 'stack',
          chain: [],
          matched: v.key ?? undefined,
          reason: `Only transport code of ${sdkLabel(v.sdk)} [catalog: ${sourcesOf(v.sdk)}] is on the stack (first at frame ${i + 1}, ${frameName(input.frames[i])}); nothing further out called it, so it is attributed to that SDK.`,
        };
      }
      if (lib < 0) lib = i;
    }
    if (lib < 0) return null;
    return undecided('unknown', input.span.apiIndex, `Only library code (${frameName(input.frames[lib])}) and the platform are on the stack: its caller handed the work to another thread and was not captured.`);
  },
};

/** Nothing but framework and runtime: the system itself (or an empty stack). */
export const platformRule: StackRule = {
  id: 'platform',
  description: 'A stack with no app, SDK or bridge frame is the platform acting on its own.',
  apply(input) {
    const n = input.frames.length;
    if (n === 0) {
      return undecided('unknown', null, 'The stack is empty.');
    }
    const origins = input.origins?.length ? ` and none of its ${input.origins.length} origin stack(s) has one either` : '';
    return undecided('platform', input.span.apiIndex, `Every frame is platform, runtime or library code (outermost ${frameName(input.frames[n - 1])})${origins}: no app or SDK code is on the stack.`);
  },
};
