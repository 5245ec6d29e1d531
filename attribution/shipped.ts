// The attributor every run uses: the shipped SDK catalog, the app's package as first party, and
// the hook catalog's methods as the API frames a stack is cut at.
import { HOOK_AREAS } from '../agent/catalog/index.js';
import { Attributor, apiFramesFromHookAreas, loadCatalog, type Catalog } from './index.js';

let cached: Catalog | null = null;

/** Loads the SDK catalog once per process (it is read-only). */
export function sdkCatalog(): Catalog {
  cached ??= loadCatalog();
  return cached;
}

export function createAttributor(appPackage: string | null): Attributor {
  return new Attributor(sdkCatalog(), { appPackage: appPackage ?? undefined, apiFrames: apiFramesFromHookAreas(HOOK_AREAS) });
}
