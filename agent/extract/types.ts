// Extractors turn one hooked call into event details. Specs name them (HookSpec.extract), so the
// catalog stays data and each piece of Java-reading logic exists once. Extractors run inside the
// installer's per-thread guard: Java calls they make (resolving an intent, reading a field) never
// reach our own hooks.
import type { HookSpec } from '../catalog/types.js';
import type { EventDraft } from '../core/emitter.js';
import type { SummaryLimits } from '../core/summarize.js';
import type { JavaAccess } from './java.js';
import type { ExtractServices } from './services.js';

export interface HookCall {
  readonly spec: HookSpec;
  /** Instance wrapper, or the class wrapper for static methods. */
  readonly self: any;
  readonly args: readonly any[];
  /** Declared parameter types, Class.getName() style. */
  readonly params: readonly string[];
  readonly ret: any;
  /** The Java exception the original threw, if any. */
  readonly thrown: unknown;
  /** The event being built; extractors set dataType, detail, args (and may change kind). */
  readonly draft: EventDraft;
  readonly limits: SummaryLimits;
  /** Clips a string from the app to the configured limit (for detail fields). */
  clip(s: string): string;
  /** frida-java-bridge access for extractors that must read further (casts, fields). */
  readonly java: JavaAccess;
  /** Shared state and lookups (own package, intent resolution, pending intents, wake tracking). */
  readonly services: ExtractServices;
  /** Emits one more event for this call, after its own (e.g. 'process-start' next to 'activity-create'). */
  also(draft: EventDraft): void;
}

/** Returns false to drop the call (counted, not emitted): e.g. a Settings key that is not PI. */
export type Extractor = (call: HookCall) => void | false;
