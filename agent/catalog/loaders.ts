// Class loaders created after start: plugin SDKs, dynamically loaded dex (DexClassLoader,
// InMemoryDexClassLoader), split APKs, Play services modules and the real code of packed apps
// (360 Jiagu, Tencent Legu, Bangcle and ijiami load the app's dex through their own loader after
// start). Every file- or memory-based loader is built by a BaseDexClassLoader constructor (AOSP
// libcore/dalvik/src/main/java/dalvik/system: DexClassLoader, PathClassLoader,
// InMemoryDexClassLoader and DelegateLastClassLoader constructors all call super(...)), so one hook
// on that funnel sees each new loader once it exists; the agent then installs the app-shipped hooks
// (loader 'app') into it, every copy of a class included. Kind 'loader': never an event.
import type { HookArea } from './types.js';

export const loaders: HookArea = {
  area: 'loaders',
  hooks: [
    {
      id: 'loader.baseDexClassLoader',
      class: 'dalvik.system.BaseDexClassLoader',
      method: '$init',
      overloads: 'all',
      kind: 'loader',
      // Newer releases chain BaseDexClassLoader constructors (this(...)): one loader, one pass.
      outermostOnly: 'class-loader',
      args: false,
      ret: false,
      note: 'every DexClassLoader / PathClassLoader / InMemoryDexClassLoader / DelegateLastClassLoader; app-shipped hooks are installed into each new loader',
    },
  ],
};
