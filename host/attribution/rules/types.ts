// The contract between the attribution engine and its rules (model: ESLint rules run by a small
// engine). A stack rule looks at the prepared input and either decides (returns an Attribution)
// or passes (returns null); the engine runs them in order and the first decision wins.
import type { Frame } from '../../../protocol/messages.js';
import type { Catalog } from '../catalog.js';
import type { FrameClassifier } from '../classify.js';
import type { Attribution } from '../types.js';
import type { ApiFrames, ApiSpan } from './api-frame.js';
import type { StackDecision } from './java-stack.js';

export interface RuleEnv {
  readonly catalog: Catalog;
  readonly classifier: FrameClassifier;
  readonly apis: ApiFrames | null;
}

export interface StackInput {
  readonly frames: readonly Frame[];
  readonly origins: readonly (readonly Frame[])[] | undefined;
  /** Where the API ends (api-frame.ts). */
  readonly span: ApiSpan;
  /** The first deciding frame after the API, or null when there is none (java-stack.ts). */
  readonly decision: StackDecision | null;
}

export interface StackRule {
  readonly id: string;
  /** One sentence for docs and `--explain` style output. */
  readonly description: string;
  apply(input: StackInput, env: RuleEnv): Attribution | null;
}
