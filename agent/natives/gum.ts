// The real GumSurface, over Frida 17's Gum API (Process.enumerateModules, attachModuleObserver,
// Module#findExportByName, Interceptor, Socket, ModuleMap, NativeFunction). Only the agent bundle
// imports this file; everything else sees the GumSurface interface.
import type { GumSurface, ModuleRef, NativeCallbacks, PtrLike, SocketKind } from './surface.js';

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
    attach: (target, callbacks: NativeCallbacks) => {
      // Only pass the callbacks we have: a missing onLeave keeps Interceptor off the return path.
      const cb: InvocationListenerCallbacks = {};
      if (callbacks.onEnter !== undefined) cb.onEnter = callbacks.onEnter as unknown as InvocationListenerCallbacks['onEnter'];
      if (callbacks.onLeave !== undefined) cb.onLeave = callbacks.onLeave as unknown as InvocationListenerCallbacks['onLeave'];
      Interceptor.attach(target as NativePointer, cb);
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
