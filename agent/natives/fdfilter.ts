// Native pre-filter for the hot libc hooks (issue 14 item 7). write(), writev(), close() and the
// send family run for every file, pipe, logd and binder-adjacent descriptor of the process; entering
// JavaScript for each of them costs the app a JS lock and a context switch per call. A CModule
// onEnter (Frida's documented fast path: Interceptor.attach(target, { onEnter: cm.on_enter }, data))
// looks the descriptor up in a bitmap the agent writes (sockets it learned about from socket(),
// connect(), accept4() and a scan at start) and calls back into JavaScript, through a
// NativeCallback, only for those. close() on a marked descriptor clears its bit before calling back,
// so a number reused for a file is not followed.
//
// GumJS facts relied on (frida-gum bindings/gumjs/gumquickinterceptor.c gumjs_interceptor_attach and
// gum_quick_listener_callback_get; gumquickcmodule.c gumjs_cmodule_construct):
//  - onEnter/onLeave may be NativePointers (C functions taking a GumInvocationContext*); a listener
//    with any JS callback is a JS listener and its C pointers are ignored, so both are C here;
//  - `data` (a NativePointer) reaches C as gum_invocation_context_get_listener_function_data(): it
//    carries the hook number, so one C function serves every hot symbol;
//  - `symbols` values (Memory.alloc'd bitmap, NativeCallback) are linked to the C `extern`s, and an
//    extern left without a value fails the link: the constructor throws.
// Descriptors at or above FD_LIMIT are not in the bitmap and always reach JavaScript (fail open).

/** Bits in the bitmap: descriptors 0..FD_LIMIT-1 (Android's default RLIMIT_NOFILE is 32768). */
export const FD_LIMIT = 65536;

/** Hook numbers passed as listener data (0 is close: the C code clears the bit). */
export const FILTERED_HOOKS = ['close', 'write', 'writev', 'sendto', 'sendmsg', 'sendmmsg'] as const;
export type FilteredHook = (typeof FILTERED_HOOKS)[number];

/**
 * The C source. Its SHA-256 names the emulated device's model of it (emulator/gum/cmodules.ts):
 * change one byte here and the emulated device refuses it until the model is updated to match.
 */
export const FD_FILTER_SOURCE = `#include <gum/guminterceptor.h>

#define SDKTRACE_FD_LIMIT ${FD_LIMIT}

extern guint8 sdktrace_fds[];
extern void sdktrace_hit (guint hook, gint fd, gpointer a1, gpointer a2,
    gpointer a3, gpointer a4, gpointer a5, gpointer return_address,
    guint thread_id);

void
on_enter (GumInvocationContext * ic)
{
  guint hook;
  gint fd;
  guint8 bit;

  hook = GPOINTER_TO_UINT (gum_invocation_context_get_listener_function_data (ic));
  fd = GPOINTER_TO_INT (gum_invocation_context_get_nth_argument (ic, 0));
  if (fd < 0)
    return;

  if (fd < SDKTRACE_FD_LIMIT)
  {
    bit = (guint8) (1 << (fd & 7));
    if ((sdktrace_fds[fd >> 3] & bit) == 0)
      return;
    if (hook == 0)
      sdktrace_fds[fd >> 3] &= (guint8) ~bit;
  }

  sdktrace_hit (hook, fd,
      gum_invocation_context_get_nth_argument (ic, 1),
      gum_invocation_context_get_nth_argument (ic, 2),
      gum_invocation_context_get_nth_argument (ic, 3),
      gum_invocation_context_get_nth_argument (ic, 4),
      gum_invocation_context_get_nth_argument (ic, 5),
      gum_invocation_context_get_return_address (ic),
      gum_invocation_context_get_thread_id (ic));
}
`;

/** The bitmap as the agent sees it: a byte array in the process, shared with the C code. */
export interface FdBitmap {
  mark(fd: number): void;
  unmark(fd: number): void;
  has(fd: number): boolean;
}

/** Bit arithmetic over a byte reader/writer (the surface gives Memory access). */
export function fdBitmap(readByte: (index: number) => number, writeByte: (index: number, v: number) => void): FdBitmap {
  return {
    mark(fd) {
      if (fd < 0 || fd >= FD_LIMIT) return;
      const i = fd >> 3;
      writeByte(i, readByte(i) | (1 << (fd & 7)));
    },
    unmark(fd) {
      if (fd < 0 || fd >= FD_LIMIT) return;
      const i = fd >> 3;
      writeByte(i, readByte(i) & ~(1 << (fd & 7)) & 0xff);
    },
    has(fd) {
      if (fd < 0) return false;
      if (fd >= FD_LIMIT) return true;
      return (readByte(fd >> 3) & (1 << (fd & 7))) !== 0;
    },
  };
}
