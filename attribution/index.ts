// SDK attribution: which SDK (or the app, or nobody identifiable) is responsible for an event.
// Public API for the host's ingest pipeline; docs/attribution.md explains the rules.
export type { SdkRef, Party, Attribution } from './types.js';
export { Catalog, loadCatalog, DEFAULT_CATALOG_PATH } from './catalog.js';
export type { CatalogFile, SdkEntry, VendorEntry } from './catalog.js';
export { Attributor, STACK_RULES } from './engine.js';
export type { AttributorOptions } from './engine.js';
export { apiFramesFromHookAreas } from './api-list.js';
export { originGate } from './origin-gate.js';
