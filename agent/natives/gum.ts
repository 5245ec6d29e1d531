// The real GumSurface, over Frida 17's Gum API (Process.enumerateModules, attachModuleObserver,
// Module#findExportByName, Interceptor, Socket, ModuleMap, NativeFunction). Only the agent bundle
// imports this file; everything else sees the GumSurface interface.
import { FD_FILTER_SOURCE, FD_LIMIT, fdBitmap, type FdBitmap } from './fdfilter.js';
import type { GumSurface, InvocationLike, ModuleRef, NativeCallbacks, PtrLike, SocketKind } from './surface.js';

/** Kept reachable for the script's lifetime: the C code calls `hit` and reads `bitmap`. */
const pinned: unknown[] = [];

export function gumSurface(): GumSurface {
  const byPath = new Map<string, Module>();
  let map: ModuleMap | null = null;
  let mapDirty = false;

  const ref = (m: Module): ModuleRef => {
    byPath.set(m.path, m);
    return { name: m.name, path: m.path };
  };

  return {
    pointerSize: Process.pointerSize,
    modules: () => Process.enumerateModules().map(ref),
    onModuleAdded: (cb) => {
      Process.attachModuleObserver({
        onAdded(m: Module) {
          mapDirty = true;
          cb(ref(m));
        },
      });
    },
    findExport: (m, symbol) => {
      const mod = byPath.get(m.path) ?? Process.findModuleByName(m.name);
      return mod === null || mod === undefined ? null : mod.findExportByName(symbol);
    },
    scan: (m, pattern) => {
      const mod = byPath.get(m.path) ?? Process.findModuleByName(m.name);
      if (mod === null || mod === undefined) return [];
      return Memory.scanSync(mod.base, mod.size, pattern).map((x) => x.address);
    },
    attach: (target, callbacks: NativeCallbacks) => {
      // Only pass the callbacks we have: a missing onLeave keeps Interceptor off the return path.
      const cb: InvocationListenerCallbacks = {};
      if (callbacks.onEnter !== undefined) cb.onEnter = callbacks.onEnter as unknown as InvocationListenerCallbacks['onEnter'];
      if (callbacks.onLeave !== undefined) cb.onLeave = callbacks.onLeave as unknown as InvocationListenerCallbacks['onLeave'];
      Interceptor.attach(target as NativePointer, cb);
    },
    attachFdFilter: (targets, hit): FdBitmap | null => {
      if (typeof CModule === 'undefined') return null;
      // Memory.alloc memory is zeroed (gumquickmemory.c: g_malloc0 / fresh pages); cleared anyway.
      const bitmap = Memory.alloc(FD_LIMIT / 8);
      bitmap.writeByteArray(new ArrayBuffer(FD_LIMIT / 8));
      const cb = new NativeCallback(
        (hook: number, fd: number, a1: NativePointer, a2: NativePointer, a3: NativePointer, a4: NativePointer, a5: NativePointer, ra: NativePointer, tid: number) => {
          const ctx: InvocationLike = { threadId: tid, returnAddress: ra };
          hit(hook, ctx, [ptr(fd), a1, a2, a3, a4, a5] as unknown as PtrLike[]);
        },
        'void',
        ['uint', 'int', 'pointer', 'pointer', 'pointer', 'pointer', 'pointer', 'pointer', 'uint'],
      );
      const cm = new CModule(FD_FILTER_SOURCE, { sdktrace_fds: bitmap, sdktrace_hit: cb });
      pinned.push(bitmap, cb, cm);
      const onEnter = (cm as unknown as Record<string, NativePointer>).on_enter!;
      for (const t of targets) Interceptor.attach(t.address as NativePointer, { onEnter } as unknown as InvocationListenerCallbacks, ptr(t.hook));
      return fdBitmap(
        (i) => bitmap.add(i).readU8(),
        (i, v) => {
          bitmap.add(i).writeU8(v);
        },
      );
    },
    socketType: (fd) => Socket.type(fd) as SocketKind,
    peerAddress: (fd) => {
      const a = Socket.peerAddress(fd);
      return a !== null && 'ip' in a ? { ip: a.ip, port: a.port } : null;
    },
    readBytes: (p, n) => {
      const buf = (p as NativePointer).readByteArray(n);
      return buf === null ? null : new Uint8Array(buf);
    },
    readPointer: (p, offset) => (p as NativePointer).add(offset).readPointer() as PtrLike,
    readSize: (p, offset) => {
      const at = (p as NativePointer).add(offset);
      return Process.pointerSize === 8 ? at.readU64().toNumber() : at.readU32();
    },
    readU32: (p, offset) => (p as NativePointer).add(offset).readU32(),
    // readUtf8String(max) would validate all max bytes (gumquickcore.c: g_utf8_validate with a
    // length fails at the first NUL) and read past the string; readCString() stops at the NUL and
    // never throws on bad bytes (g_utf8_make_valid), so it is cut to max afterwards.
    readCString: (p, max) => {
      const s = (p as NativePointer).readCString();
      return s === null ? null : max >= 0 && s.length > max ? s.slice(0, max) : s;
    },
    moduleOf: (address) => {
      if (map === null) map = new ModuleMap();
      else if (mapDirty) {
        map.update();
        mapDirty = false;
      }
      return map.findName(address as NativePointer);
    },
    nativeFunction: (address, ret, args) => {
      const f = new NativeFunction(address as NativePointer, ret, args, { exceptions: 'propagate' });
      return (...a: unknown[]) => (f as unknown as (...x: unknown[]) => unknown)(...a);
    },
  };
}
