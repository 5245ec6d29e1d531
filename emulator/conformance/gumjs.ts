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
];
