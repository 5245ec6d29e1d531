// Every rule, in report order. Adding a rule = one module in this folder + one line here.
import type { Rule } from '../engine.js';
import associatedStartup from './associated-startup.js';
import backgroundCollection from './background-collection.js';
import installedApps from './installed-apps.js';
import overFrequency from './over-frequency.js';
import permissionPressure from './permission-pressure.js';
import plaintextTransmission from './plaintext-transmission.js';
import preConsentCollection from './pre-consent-collection.js';
import selfStart from './self-start.js';
import undisclosedCollection from './undisclosed-collection.js';
import undisclosedSharing from './undisclosed-sharing.js';

export const RULES: readonly Rule[] = [
  undisclosedCollection,
  preConsentCollection,
  overFrequency,
  backgroundCollection,
  selfStart,
  associatedStartup,
  undisclosedSharing,
  plaintextTransmission,
  permissionPressure,
  installedApps,
];
