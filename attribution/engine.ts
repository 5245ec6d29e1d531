// The attribution engine: prepares the input once (API span, first deciding frame) and runs the
// rules in order; the first rule that decides wins. Each rule is one small module in ./rules.
import type { Frame } from '../protocol/messages.js';
import type { Catalog } from './catalog.js';
import { FrameClassifier } from './classify.js';
import { apiFrameMap, findApiSpan } from './rules/api-frame.js';
import { asyncOriginRule } from './rules/async-origin.js';
import { componentAttribution } from './rules/component.js';
import { domainAttribution } from './rules/domain.js';
import { decide, javaStackRule } from './rules/java-stack.js';
import { nativeAttribution } from './rules/native.js';
import { bridgeOnlyRule, libraryOnlyRule, platformRule } from './rules/no-caller.js';
import type { RuleEnv, StackInput, StackRule } from './rules/types.js';
import type { Attribution } from './types.js';

/** Stack rules in the order they are tried. */
export const STACK_RULES: readonly StackRule[] = [javaStackRule, asyncOriginRule, bridgeOnlyRule, libraryOnlyRule, platformRule];

export interface AttributorOptions {
  /** The traced app's package: frames inside it are first party. */
  appPackage?: string;
  /** Hooked API methods as [className, methodName]; without them the API frame is inferred. */
  apiFrames?: Iterable<[className: string, method: string]>;
}

export class Attributor {
  private readonly env: RuleEnv;
  private readonly stackFn = (frames: readonly Frame[]) => this.stack(frames);

  constructor(readonly catalog: Catalog, options: AttributorOptions = {}) {
    this.env = {
      catalog,
      classifier: new FrameClassifier(catalog, options.appPackage),
      apis: apiFrameMap(options.apiFrames),
    };
  }

  /** Who is responsible for the call that produced this stack (innermost frame first). */
  stack(frames: readonly Frame[], origins?: readonly (readonly Frame[])[]): Attribution {
    const { classifier, apis } = this.env;
    const span = findApiSpan(frames, classifier, apis);
    const seen = span.apiIndex === null ? 0 : span.apiIndex + 1;
    const input: StackInput = { frames, origins, span, decision: decide(frames, span.start, classifier, seen) };
    for (const rule of STACK_RULES) {
      const result = rule.apply(input, this.env);
      if (result) return result;
    }
    /* c8 ignore next */
    throw new Error('platformRule always decides');
  }

  /** A native event: the calling module first, the Java stack as fallback. */
  native(moduleName: string, frames?: readonly Frame[]): Attribution {
    return nativeAttribution(moduleName, frames, this.env, this.stackFn);
  }

  /**
   * A network destination: the stack decides when present; the domain is kept as evidence.
   * `stackResult`: `stack(frames)` when the caller already has it (ingest keeps it per stack, and
   * asks again for every new destination of a stack).
   */
  domain(host: string, frames?: readonly Frame[], stackResult?: Attribution): Attribution {
    return domainAttribution(host, frames, this.env, stackResult === undefined ? this.stackFn : () => stackResult);
  }

  /** A component class ("pkg/cls" accepted) or an intent action. */
  component(classNameOrAction: string): Attribution {
    return componentAttribution(classNameOrAction, this.env);
  }
}
