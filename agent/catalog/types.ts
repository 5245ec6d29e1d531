// A hook is data: which Java method, which overloads, what it means. The agent's installer turns
// specs into hooks; the host prints them (`sdktrace hooks --json`) and tests check every public
// entry against the Android SDK declarations. This folder must stay free of Frida globals: the
// host type-checks and imports it.
import type { DataType, EventKind } from '../../protocol/constants.js';

/** Java type names as Class.getName() spells them: 'int', 'java.lang.String', '[B', '[Ljava.lang.String;'. */
export type JavaTypeName = string;

export interface HookSpec {
  /** Stable id, "<area>.<name>", used in counters, hook status and `disabledHooks`. */
  readonly id: string;
  /** Fully qualified class. For hidden framework classes see `hidden`. */
  readonly class: string;
  /** Method name; '$init' for constructors. */
  readonly method: string;
  /** 'all' hooks every overload the class declares; otherwise exactly these parameter lists. */
  readonly overloads: 'all' | readonly (readonly JavaTypeName[])[];
  readonly kind: EventKind;
  /** Personal-information type the call reads, when it is fixed. Extractors may set it per call. */
  readonly dataType?: DataType;
  /** Non-public framework API: the AOSP source that declares it (path in frameworks/base). */
  readonly hidden?: { readonly aosp: string };
  readonly minApi?: number;
  readonly maxApi?: number;
  /**
   * 'app' for classes shipped inside the app (OkHttp, OAID/ads SDKs, androidx): looked up in the
   * app's class loaders, and a missing class is expected rather than a coverage gap.
   */
  readonly loader?: 'system' | 'app';
  /** Name of the agent-side extractor that turns the call into event details (agent/extract). */
  readonly extract?: string;
  /** Which arguments to summarise in the event (indices), or true for all. Default: all. */
  readonly args?: boolean | readonly number[];
  /** Whether to summarise the return value. Default: true for 'pi' hooks. */
  readonly ret?: boolean;
  /**
   * Calls that re-enter another hooked method on the same thread (API 33+ PackageManager chains,
   * ContentResolver.query overloads) are reported once, by the outermost hooked call.
   */
  readonly outermostOnly?: boolean;
  /** Short why, shown by `sdktrace hooks`. */
  readonly note?: string;
}

/** One catalog area (identifiers, location, packages, ...). */
export interface HookArea {
  readonly area: string;
  readonly hooks: readonly HookSpec[];
}
