// One entry of the emulator's conformance ledger: a behaviour of GumJS, frida-java-bridge,
// frida-core or Android that the agent or host relies on and that the emulator models, the source
// that defines it (file and function or line), and the test that exercises it. The emulator is
// only worth what it refuses: an entry says where it is exactly as strict as the real runtime.
export interface ConformanceEntry {
  /** Stable id, quoted in the test that exercises it ("gum.readUtf8String.validates"). */
  id: string;
  /** GumJS, frida-java-bridge, frida-core, or an Android API level range ("android 26+"). */
  runtime: 'gumjs' | 'frida-java-bridge' | 'frida-core' | 'android' | 'vendor';
  /** What the real runtime does, in one or two sentences. */
  behaviour: string;
  /** Where that is defined: repository, file and function or line. */
  source: string;
  /** The emulator file(s) that model it, each optionally with its functions: "emulator/device.ts (deliver)". */
  model: string;
  /** Test file (repository-relative) whose text names `id`. */
  test: string;
}
