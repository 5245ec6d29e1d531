// The hook catalog: every area, in installation order.
import { identifiers } from './identifiers.js';
import { lifecycle } from './lifecycle.js';
import { packages } from './packages.js';
import type { HookArea, HookSpec } from './types.js';

export const HOOK_AREAS: readonly HookArea[] = [identifiers, packages, lifecycle];

export const HOOKS: readonly HookSpec[] = HOOK_AREAS.flatMap((a) => a.hooks);

/** Recorded with every run; bump when hooks are added, removed or change meaning. */
export const CATALOG_VERSION = '2026.11.1';
