// The hooked API methods as the Attributor wants them, from the agent's hook catalog
// (agent/catalog: HookArea[] of {class, method}). Constructors ('$init') appear on stacks as
// '<init>'. Hooks that only track asynchronous work (kind 'origin': executors, handlers, threads)
// are not APIs: their frames sit at the bottom of running stacks, not above a caller.
import type { HookArea } from '../agent/catalog/types.js';

export function apiFramesFromHookAreas(areas: readonly HookArea[]): [string, string][] {
  const out: [string, string][] = [];
  for (const area of areas) {
    for (const h of area.hooks) {
      if ((h.kind as string) === 'origin' || (h.kind as string) === 'loader') continue;
      out.push([h.class, h.method === '$init' ? '<init>' : h.method]);
    }
  }
  return out;
}
