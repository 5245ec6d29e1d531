// The hook catalog: every area, in installation order. Asynchronous-work tracking goes first so
// that work submitted while later hooks install is already tracked; lifecycle and wake go before
// the data areas so the first component entry is seen.
import { accounts } from './accounts.js';
import { asyncArea } from './async.js';
import { clipboard } from './clipboard.js';
import { consent } from './consent.js';
import { content } from './content.js';
import { files } from './files.js';
import { identifiers } from './identifiers.js';
import { launches } from './launches.js';
import { lifecycle } from './lifecycle.js';
import { loaders } from './loaders.js';
import { location } from './location.js';
import { media } from './media.js';
import { messaging } from './messaging.js';
import { NATIVE_HOOKS } from './natives.js';
import { network } from './network.js';
import { notifications } from './notifications.js';
import { packages } from './packages.js';
import { permissions } from './permissions.js';
import { phone } from './phone.js';
import { scheduling } from './scheduling.js';
import { sensors } from './sensors.js';
import type { HookArea, HookSpec, NativeHookSpec } from './types.js';
import { transforms } from './transforms.js';
import { usage } from './usage.js';
import { vendorIds } from './vendorids.js';
import { wakeArea } from './wake.js';

export const HOOK_AREAS: readonly HookArea[] = [
  asyncArea,
  loaders,
  lifecycle,
  consent,
  wakeArea,
  permissions,
  identifiers,
  vendorIds,
  location,
  packages,
  content,
  clipboard,
  accounts,
  sensors,
  media,
  messaging,
  phone,
  usage,
  notifications,
  files,
  network,
  transforms,
  launches,
  scheduling,
];

export const HOOKS: readonly HookSpec[] = HOOK_AREAS.flatMap((a) => a.hooks);

export { NATIVE_HOOKS };
export type { NativeHookSpec };

/** Area of each hook id. */
export const AREA_OF: ReadonlyMap<string, string> = new Map(HOOK_AREAS.flatMap((a) => a.hooks.map((h) => [h.id, a.area] as const)));

/** Recorded with every run; bump when hooks are added, removed or change meaning. */
export { CATALOG_VERSION } from '../../protocol/version.js';
