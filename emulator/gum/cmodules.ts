// CModules the emulated device can run. A real GumJS compiles a CModule's C source with TinyCC and
// links its `extern`s to the `symbols` the script passes; the emulated device cannot compile C, so
// each C source an agent may load is modelled here by the SHA-256 of its exact text, with the externs
// it needs and a TypeScript equivalent of each exported function. A source without a model is
// refused loudly (never run as a no-op): a changed agent C file fails until its model is updated to
// match, line for line. Conformance: gumjs.CModule.* in emulator/conformance/gumjs.ts.

/** What a C listener function sees of its GumInvocationContext. */
export interface InvocationContextModel {
  /** gum_invocation_context_get_nth_argument(ic, n): the call's arguments (0 beyond those passed). */
  readonly args: readonly bigint[];
  /** gum_invocation_context_get_listener_function_data(ic): Interceptor.attach's `data`. */
  readonly data: bigint;
  readonly returnAddress: number;
  readonly threadId: number;
}

/** The process as the C code reaches it: its linked externs and memory. */
export interface CModuleEnv {
  /** Address linked to an extern (a data symbol). */
  symbol(name: string): number;
  readU8(address: number): number;
  writeU8(address: number, value: number): void;
  /** Calls an extern function (a NativeCallback of the script, or an emulated native function). */
  call(name: string, args: readonly bigint[]): bigint;
}

export interface CModuleModel {
  readonly sha256: string;
  /** Where the C source lives, for the error that names an unknown one. */
  readonly origin: string;
  /** The `extern` declarations the link needs a value for. */
  readonly externs: readonly string[];
  /** Exported functions: Interceptor listener callbacks (void fn (GumInvocationContext *)). */
  readonly exports: Readonly<Record<string, (ic: InvocationContextModel, env: CModuleEnv) => void>>;
}

/**
 * agent/natives/fdfilter.ts FD_FILTER_SOURCE: on_enter looks the fd (argument 0) up in the
 * sdktrace_fds bitmap, returns for unmarked fds below the limit, clears the bit on close (hook 0),
 * and calls sdktrace_hit(hook, fd, a1..a5, return address, thread id) otherwise.
 */
const FD_FILTER: CModuleModel = {
  sha256: '3e985094baa1149dc4da6dcd460e0757f11db4e9adb35dc332fe7582744b93ed',
  origin: 'agent/natives/fdfilter.ts FD_FILTER_SOURCE',
  externs: ['sdktrace_fds', 'sdktrace_hit'],
  exports: {
    on_enter(ic, env) {
      const hook = Number(BigInt.asUintN(32, ic.data));
      const fd = Number(BigInt.asIntN(32, ic.args[0] ?? 0n));
      if (fd < 0) return;
      if (fd < 65536) {
        const at = env.symbol('sdktrace_fds') + (fd >> 3);
        const bit = 1 << (fd & 7);
        const v = env.readU8(at);
        if ((v & bit) === 0) return;
        if (hook === 0) env.writeU8(at, v & ~bit & 0xff);
      }
      const a = (i: number) => ic.args[i] ?? 0n;
      env.call('sdktrace_hit', [BigInt(hook), BigInt(fd), a(1), a(2), a(3), a(4), a(5), BigInt(ic.returnAddress), BigInt(ic.threadId)]);
    },
  },
};

const MODELS: readonly CModuleModel[] = [FD_FILTER];

export function cmoduleModel(sha256: string): CModuleModel | null {
  return MODELS.find((m) => m.sha256 === sha256) ?? null;
}
