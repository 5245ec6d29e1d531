// Rules for stacks where nothing decides: a bridge without a visible caller, or pure platform.
import { bridgeBetween } from './java-stack.js';
import { bridgePhrase, frameName } from './reason.js';
import type { StackRule } from './types.js';

/** Only bridge and platform frames: the caller lives on the other side of the bridge. */
export const bridgeOnlyRule: StackRule = {
  id: 'bridge-only',
  description: 'A stack made only of platform and bridge frames was called from Dart or JavaScript; the caller is not visible.',
  apply(input, env) {
    if (input.decision !== null) return null;
    const bridge = bridgeBetween(input.frames, 0, input.frames.length, env.classifier);
    if (bridge === null) return null;
    return {
      sdk: null,
      party: 'unknown',
      frame: null,
      frameIndex: null,
      apiIndex: input.span.apiIndex,
      via: 'none',
      chain: [],
      bridge,
      reason: `No app or SDK frame follows the API${bridgePhrase(bridge)}.`,
    };
  },
};

/** Nothing but framework and runtime: the system itself (or an empty stack). */
export const platformRule: StackRule = {
  id: 'platform',
  description: 'A stack with no app, SDK or bridge frame is the platform acting on its own.',
  apply(input) {
    const n = input.frames.length;
    if (n === 0) {
      return { sdk: null, party: 'unknown', frame: null, frameIndex: null, apiIndex: null, via: 'none', chain: [], reason: 'The stack is empty.' };
    }
    const origins = input.origins?.length ? ` and none of its ${input.origins.length} origin stack(s) has one either` : '';
    return {
      sdk: null,
      party: 'platform',
      frame: null,
      frameIndex: null,
      apiIndex: input.span.apiIndex,
      via: 'none',
      chain: [],
      reason: `Every frame is platform, runtime or library code (outermost ${frameName(input.frames[n - 1])})${origins}: no app or SDK code is on the stack.`,
    };
  },
};
