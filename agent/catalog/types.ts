// A hook is data: which Java method, which overloads, what it means. The agent's installer turns
// specs into hooks; the host prints them (`sdktrace hooks --json`) and tests check every public
// entry against the Android SDK declarations. This folder must stay free of Frida globals: the
// host type-checks and imports it.
import type { DataType, EventKind } from '../../protocol/constants.js';

/** Java type names as Class.getName() spells them: 'int', 'java.lang.String', '[B', '[Ljava.lang.String;'. */
export type JavaTypeName = string;

/** One overload as a source declares it, with the API levels that have it. */
export interface Signature {
  readonly params: readonly JavaTypeName[];
  readonly minApi?: number;
  readonly maxApi?: number;
}

/**
 * Hooks that track asynchronous work instead of reporting events (kind 'origin'). A submission
 * records "this object was handed over by this stack"; a run scope makes events emitted while the
 * object's work runs carry that stack as their origin (agent/core/origins.ts).
 *  - submit: `key` is the argument index, 'self' (Thread.start) or 'ret' (a task the call created).
 *    Nested submissions on the same thread (submit -> execute) share the outermost stack.
 *  - run: the original call runs the work of `key` (argument index or 'self'); `once` forgets the
 *    key afterwards (Message objects are recycled).
 *  - begin/end: a pair of calls bracketing the work outside our reach (ThreadPoolExecutor's
 *    beforeExecute/afterExecute around the worker's task.run()).
 */
export type OriginRole =
  /**
   * `thread`: the key is a Thread (its whole life is the work); `message`: the key is a Message
   * for the hooked Handler (the work is its callback, or the Handler's mCallback/handleMessage).
   * Otherwise the key is a Runnable or the FutureTask around the work.
   */
  | { readonly role: 'submit'; readonly key: number | 'self' | 'ret'; readonly thread?: boolean; readonly message?: boolean }
  | { readonly role: 'run'; readonly key: number | 'self'; readonly once?: boolean }
  | { readonly role: 'begin'; readonly key: number }
  | { readonly role: 'end' };

export interface HookSpec {
  /** Stable id, "<area>.<name>", used in counters, hook status and `disabledHooks`. */
  readonly id: string;
  /** Fully qualified class. For hidden framework classes see `hidden`. */
  readonly class: string;
  /** Method name; '$init' for constructors. */
  readonly method: string;
  /** 'all' hooks every overload the class declares; otherwise exactly these parameter lists. */
  readonly overloads: 'all' | readonly (readonly JavaTypeName[])[];
  /**
   * Event kind the hook reports, 'origin' for asynchronous-work tracking, or 'loader' for class
   * loader creation (the agent installs app-shipped hooks into the new loader); neither is an event.
   */
  readonly kind: EventKind | 'origin' | 'loader';
  /** Personal-information type the call reads, when it is fixed. Extractors may set it per call. */
  readonly dataType?: DataType;
  /**
   * Non-public framework API: the AOSP source that declares it (path from the AOSP root, e.g.
   * frameworks/base/core/java/android/app/ContextImpl.java). `publicApi` names the public class
   * whose (abstract) method this implements, so its public overloads can be checked and listed.
   */
  readonly hidden?: { readonly aosp: string; readonly publicApi?: string };
  /**
   * Overloads as the source declares them, for specs the Android SDK declarations cannot list:
   * hidden methods (per AOSP) and classes shipped inside apps (per the library's sources).
   */
  readonly declared?: readonly Signature[];
  readonly minApi?: number;
  readonly maxApi?: number;
  /**
   * 'app' for classes shipped inside the app (OkHttp, OAID/ads SDKs, androidx): looked up in the
   * app's class loaders, and a missing class is expected rather than a coverage gap.
   */
  readonly loader?: 'system' | 'app';
  /**
   * A class only one manufacturer's devices (or the OAID libraries mirroring its service) have:
   * the OEM and the public source that declares the overloads (in `declared`). A missing class is
   * expected on other devices ("not present"), not a coverage gap.
   */
  readonly vendor?: { readonly oem: string; readonly source: string };
  /** Name of the agent-side extractor that turns the call into event details (agent/extract). */
  readonly extract?: string;
  /** Which arguments to summarise in the event (indices), or true for all. Default: all. */
  readonly args?: boolean | readonly number[];
  /** Whether to summarise the return value. Default: true for 'pi' hooks. */
  readonly ret?: boolean;
  /**
   * Calls that re-enter another hooked method on the same thread (API 33+ PackageManager chains,
   * ContentResolver.query overloads) are reported once, by the outermost hooked call. `true`
   * groups the chain by class; a string names a group spanning classes (ActivityCompat ->
   * Activity.requestPermissions). Different groups never silence each other. Unset on a 'pi'
   * spec means its data type's group (`pi:<dataType>`, or `pi:<id>` without a static data type):
   * one app call is one event however many overloads AOSP forwards through; `false` opts out.
   */
  readonly outermostOnly?: boolean | string;
  /**
   * Report the call before running the original: for calls whose moment is their start. A click is
   * the user's decision, and everything its listener does (SDK initialisation after "agree")
   * happens after it, so the event must precede those in the process's sequence. No return value
   * or exception is captured.
   */
  readonly before?: boolean;
  /** For kind 'origin': what the call does with asynchronous work. */
  readonly origin?: OriginRole;
  /**
   * The call reports the bytes it writes to a socket itself: native socket hooks stay silent on
   * this thread while it runs, so one send is one event.
   */
  readonly netScope?: boolean;
  /** Short why, shown by `sdktrace hooks`. */
  readonly note?: string;
}

/** One catalog area (identifiers, location, packages, ...). */
export interface HookArea {
  readonly area: string;
  readonly hooks: readonly HookSpec[];
}

/** A native (libc / BoringSSL) hook, listed by `sdktrace hooks`; installed by agent/natives. */
export interface NativeHookSpec {
  readonly id: string;
  /** Module name, or a path pattern for libraries mapped more than once ('libssl.so' in every copy). */
  readonly module: string;
  readonly symbol: string;
  /** 'net' for sends (agent/natives/net.ts); 'pi' for reads around the framework (agent/natives/collect.ts). */
  readonly kind: 'net' | 'pi';
  readonly note: string;
}
