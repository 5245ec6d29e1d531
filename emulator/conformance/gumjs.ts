// Conformance ledger: GumJS behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const GUMJS: ConformanceEntry[] = [
  {
    id: 'gumjs.readUtf8String.validatesSize',
    runtime: 'gumjs',
    behaviour:
      'NativePointer#readUtf8String(size) runs g_utf8_validate over exactly `size` bytes; with an explicit length a NUL is invalid, so a C string shorter than `size` throws "can\'t decode byte 0x00 in position N". Without a size it reads up to the NUL. A NULL pointer reads as null.',
    source: 'frida/frida-gum bindings/gumjs/gumquickcore.c, gumjs_native_pointer_handle_read, case GUM_MEMORY_VALUE_UTF8_STRING (g_utf8_validate (data, length, &end)); GLib glib/gutf8.c g_utf8_validate (max_len >= 0: NUL fails)',
    model: 'emulator/gum/prelude/numbers.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'gumjs.readCString.makesValid',
    runtime: 'gumjs',
    behaviour:
      'NativePointer#readCString(size) returns g_utf8_make_valid(data, size): never throws on bad bytes, replaces each invalid byte (a NUL inside `size` included) with U+FFFD; without a size it stops at the NUL.',
    source: 'frida/frida-gum bindings/gumjs/gumquickcore.c, gumjs_native_pointer_handle_read, case GUM_MEMORY_VALUE_C_STRING (g_utf8_make_valid (data, length))',
    model: 'emulator/gum/prelude/numbers.ts',
    test: 'test/emulator/strict-runtime.test.ts',
  },
  {
    id: 'gumjs.File.readAllText.validates',
    runtime: 'gumjs',
    behaviour:
      'File.readAllText(path) reads the whole file (g_file_get_contents) and validates all of it as UTF-8 with its length, so a file holding NULs (/proc/self/cmdline) throws "can\'t decode byte 0x00 in position N"; File.readAllBytes returns the raw bytes.',
    source: 'frida/frida-gum bindings/gumjs/gumquickfile.c, gumjs_file_read_all_text (g_utf8_validate (contents, length, &end))',
    model: 'emulator/gum/prelude/index.ts',
    test: 'test/agent/real-runtime.test.ts',
  },
  {
    id: 'gumjs.File.missing',
    runtime: 'gumjs',
    behaviour: 'File.readAllText / readAllBytes on a missing file throw GLib\'s g_file_get_contents error as is: "Failed to open file “PATH”: No such file or directory".',
    source: 'frida/frida-gum bindings/gumjs/gumquickfile.c gumjs_file_read_all_bytes / _text (_gum_quick_throw_literal (ctx, error->message)); GLib glib/gfileutils.c get_contents_posix ("Failed to open file “%s”: %s")',
    model: 'emulator/gum/prelude/index.ts',
    test: 'test/emulator/strict-runtime.test.ts',
  },
  {
    id: 'gumjs.Module.getExportByName.throws',
    runtime: 'gumjs',
    behaviour: 'Module#getExportByName throws "PATH: unable to find export \'NAME\'"; findExportByName returns null; Process.getModuleByName throws "unable to find module \'NAME\'"; Module.getGlobalExportByName throws "unable to find global export \'NAME\'".',
    source: 'frida/frida-gum bindings/gumjs/runtime/core.js, moduleProto.getExportByName, Module.getGlobalExportByName, Process.getModuleByName',
    model: 'emulator/gum/prelude/index.ts',
    test: 'test/emulator/strict-runtime.test.ts',
  },
  {
    id: 'gumjs.Interceptor.attach.needsCallback',
    runtime: 'gumjs',
    behaviour: 'Interceptor.attach with neither onEnter nor onLeave throws "expected at least one callback".',
    source: 'frida/frida-gum bindings/gumjs/gumquickinterceptor.c, gumjs_interceptor_attach',
    model: 'emulator/gum/prelude/index.ts',
    test: 'test/emulator/strict-runtime.test.ts',
  },
  {
    id: 'gumjs.CModule.modelledSources',
    runtime: 'gumjs',
    behaviour:
      'new CModule(source, symbols?, options?) compiles the C source (TinyCC), adds each `symbols` value (which must be a pointer: Memory.alloc memory, a NativeCallback) under its name, links (an extern left without a value fails the link and the constructor throws), then exposes every global symbol of the module as an enumerable NativePointer property; an ArrayBuffer source is a precompiled binary. Modelled: the exact source, by SHA-256, with a TypeScript equivalent of each exported function (emulator/gum/cmodules.ts); any other source, a binary, and an extern without a value are refused. Not modelled: compilation itself (errors of real C are not reproduced: unknown sources are refused instead), CModule.builtins, the toolchain option, the wording of TinyCC\'s link error.',
    source: 'frida/frida-gum bindings/gumjs/gumquickcmodule.c, gumjs_cmodule_construct ("s|O?O?" / "B|O?O?", _gum_quick_native_pointer_get per symbol, gum_cmodule_link, gum_add_csymbol)',
    model: 'emulator/gum/prelude/index.ts (CModule), emulator/gum/cmodules.ts, emulator/script.ts (cmodule)',
    test: 'test/emulator/cmodule.test.ts',
  },
  {
    id: 'gumjs.Interceptor.attach.cCallbacks',
    runtime: 'gumjs',
    behaviour:
      'Interceptor.attach(target, callbacks, data?): onEnter/onLeave may each be a JS function, a NativePointer to a C function taking a GumInvocationContext*, or absent; if either is a JS function the listener is a JS listener and C pointers given with it are ignored; with only C pointers it is a C listener that never enters JavaScript; `data` must be a pointer and reaches C as gum_invocation_context_get_listener_function_data(); a bare NativePointer as callbacks is a C probe listener. A JS listener without onLeave does not enter JavaScript on return. Modelled: all of that, C functions only as functions of a modelled CModule (other code pointers and C probes are refused).',
    source: 'frida/frida-gum bindings/gumjs/gumquickinterceptor.c, gumjs_interceptor_attach and gum_quick_listener_callback_get; gum_quick_js_call_listener_on_leave (JS_IsNull (self->on_leave))',
    model: 'emulator/gum/prelude/index.ts (Interceptor.attach), emulator/script.ts (attachC), emulator/native/natives.ts (attach, entries)',
    test: 'test/emulator/cmodule.test.ts',
  },
  {
    id: 'gumjs.NativeCallback.calls',
    runtime: 'gumjs',
    behaviour:
      'new NativeCallback(fn, retType, argTypes) is a native function pointer: native callers (C code of a CModule that declares it extern, NativeFunction) run fn on their own thread with arguments converted by argTypes, and the return value converted by retType.',
    source: 'frida/frida-gum bindings/gumjs/gumquickcore.c, gumjs_native_callback_construct and gum_quick_native_callback_invoke',
    model: 'emulator/gum/prelude/index.ts (NativeCallback), emulator/native/natives.ts (nativeCallback, invokeFunction)',
    test: 'test/emulator/cmodule.test.ts',
  },
  {
    id: 'gumjs.Memory.scanSync.pattern',
    runtime: 'gumjs',
    behaviour:
      'Memory.scanSync(address, size, pattern) returns [{address, size}] of the non-overlapping matches in the range; the pattern is hex bytes separated by spaces, "??" for any byte, "?" for a nibble ("5?", "?e"), optionally ":" and a mask of the same length; an empty, all-wildcard or otherwise malformed pattern makes gum_match_pattern_new_from_string return NULL and the call throws. Modelled: the syntax and matching over images of modelled libraries; scanning memory the emulator does not model (any other module) fails loudly. Not verified here: the exact wording of the error (the emulator says "invalid match pattern"); "/regex/" patterns are not modelled (they are refused as malformed).',
    source: 'frida/frida-gum gum/gummemory.c (gum_match_pattern_new_from_string, gum_match_pattern_new_from_hexstring, gum_match_pattern_seal, gum_memory_scan); bindings/gumjs/gumquickmemory.c (gumjs_memory_scan_sync)',
    model: 'emulator/native/natives.ts (scan, parseMatchPattern), emulator/gum/prelude/index.ts (Memory.scanSync)',
    test: 'test/network/static-tls.test.ts',
  },
  {
    id: 'gumjs.Process.attachModuleObserver.late',
    runtime: 'gumjs',
    behaviour:
      'Process.attachModuleObserver({ onAdded }) calls onAdded for the modules already loaded and then for each module the dynamic linker maps later, synchronously on the loading thread, so hooks go in before the library runs. Modelled: both, for libraries the emulated device maps at first use (statically linked TLS libraries, WebView).',
    source: 'frida/frida-gum bindings/gumjs/gumquickprocess.c (attachModuleObserver, module observer on_added); Frida 16.7.0 release notes (Process.attachModuleObserver)',
    model: 'emulator/gum/prelude/index.ts (attachModuleObserver), emulator/script.ts (observeModules), emulator/native/natives.ts (map, moduleListeners)',
    test: 'test/network/static-tls.test.ts',
  },
];
