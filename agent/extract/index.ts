// Extractors by name, as hook specs refer to them.
import { identifierValue, settingsKey } from './identifiers.js';
import { activityEvent, click } from './lifecycle.js';
import { packageList } from './packages.js';
import type { Extractor } from './types.js';

export const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  'settings-key': settingsKey,
  'identifier-value': identifierValue,
  'package-list': packageList,
  'activity-resume': activityEvent('resume'),
  'activity-pause': activityEvent('pause'),
  'activity-create': activityEvent('activity-create'),
  click,
};
