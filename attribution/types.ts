// Public result types of attribution (re-exported by ./index.ts).

export interface SdkRef {
  id: string;
  name: string;
  vendor?: string;
  category: string;
}

export type Party = 'third-party' | 'first-party' | 'obfuscated' | 'platform' | 'unknown';

export interface Attribution {
  sdk: SdkRef | null;
  party: Party;
  /** Decisive frame "pkg.Class.method". */
  frame: string | null;
  /** Index in the stack used (or in the origin stack, see via). */
  frameIndex: number | null;
  /** Index of the outermost API frame, if found. */
  apiIndex: number | null;
  via: 'stack' | 'origin' | 'native' | 'domain' | 'component' | 'none';
  /** Which origin stack decided. */
  originIndex?: number;
  /** Outer SDKs, nearest first. */
  chain: SdkRef[];
  /** Package prefix for unknown third parties / obfuscated. */
  prefix?: string;
  /** Network: what the destination alone says, kept as evidence. */
  domainSdk?: SdkRef | null;
  /** One human sentence: why. */
  reason: string;
  // --- compatible extensions ---
  /** The catalog key that matched (package prefix, component, library, pattern, domain). */
  matched?: string;
  /** Cross-language bridge the call came through; its caller (Dart, JavaScript) is not on the Java stack. */
  bridge?: 'flutter' | 'react-native' | 'cordova';
  /** Native events: the calling module's file name. */
  module?: string;
  /** Whether the app's own code is further out on the stack (the "called by the app" of a chain). */
  calledByApp?: boolean;
  /** true when apiIndex is the platform boundary rather than one of the hooked API methods. */
  apiInferred?: boolean;
}
