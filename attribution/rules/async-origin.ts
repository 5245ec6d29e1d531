// Rule: asynchronous work is attributed to the code that submitted it.
//
// A Runnable run by an executor, Handler or new Thread has a stack that bottoms out in pool,
// looper or thread frames. When that running stack has no deciding frame, the event's `origins`
// (stacks captured where the work was submitted, innermost submission first) are tried in order;
// the first with a deciding frame decides, and the result names both stacks.
import type { Frame } from '../../protocol/messages.js';
import { decide, attributionFromDecision } from './java-stack.js';
import { frameName } from './reason.js';
import type { StackRule } from './types.js';

/** "java.lang.Thread.run": where the running stack bottoms out, for the reason. */
const bottom = (frames: readonly Frame[]) => (frames.length ? frameName(frames[frames.length - 1]) : 'nothing');

export const asyncOriginRule: StackRule = {
  id: 'async-origin',
  description: 'When the running stack has no deciding frame, the stacks that submitted the work decide, innermost submission first.',
  apply(input, env) {
    if (input.decision !== null || !input.origins?.length) return null;
    for (let k = 0; k < input.origins.length; k++) {
      const origin = input.origins[k];
      const d = decide(origin, 0, env.classifier);
      if (d === null) continue;
      const result = attributionFromDecision(origin, d, env, {
        via: 'origin',
        apiIndex: input.span.apiIndex,
        apiInferred: input.span.inferred,
        apiText: 'in the stack that submitted this work',
        originIndex: k,
        later: input.origins.slice(k + 1),
      });
      result.reason = `The running stack has no app or SDK frame (it bottoms out in ${bottom(input.frames)}), so origin stack ${k} decides: ${result.reason}`;
      return result;
    }
    return null;
  },
};
