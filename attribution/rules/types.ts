// The contract between the attribution engine and its rules (model: ESLint rules run by a small
// engine). A stack rule looks at the prepared input and either decides (returns an Attribution)
// or passes (returns null); the engine runs them in order and the first decision wins.
import type { Frame } from '../../protocol/messages.js';
import type { Catalog, CatalogSdk } from '../catalog.js';
import type { Bridge, FrameClassifier } from '../classify.js';
import type { Attribution } from '../types.js';
import type { ApiFrames, ApiSpan } from './api-frame.js';
import type { ObfuscationEvidence } from './obfuscation.js';

export interface RuleEnv {
  readonly catalog: Catalog;
  readonly classifier: FrameClassifier;
  readonly apis: ApiFrames | null;
}

/** The first deciding frame after the API (java-stack.ts `decide`), shared by the rules that read it. */
export interface StackDecision {
  index: number;
  kind: 'sdk' | 'app' | 'obfuscated' | 'unknown';
  sdk: CatalogSdk | null;
  key: string | null;
  keyKind: 'package' | 'component' | 'app' | null;
  /** Set when an obfuscated frame was attributed by an adjacent SDK frame. */
  evidence: ObfuscationEvidence | null;
  /** First transparent catalog SDK walked through on the way (reported in the reason). */
  through: CatalogSdk | null;
  /** First bridge frame walked through on the way. */
  bridge: Bridge | null;
  /** Obfuscated native-method stubs passed over on the way (frame indexes). */
  stubs?: number[];
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
