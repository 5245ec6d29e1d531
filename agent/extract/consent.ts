// SDK privacy-grant calls: the app telling an SDK whether the user agreed. The decision is the
// call's (last) boolean argument.
import type { Extractor } from './types.js';

export const consentApi: Extractor = (call) => {
  let state: 'granted' | 'refused' | undefined;
  for (let i = call.args.length - 1; i >= 0; i--) {
    if (call.params[i] === 'boolean') {
      state = call.args[i] === true ? 'granted' : 'refused';
      break;
    }
  }
  const cls = call.spec.class;
  (call.draft as any).detail = state === undefined ? { type: 'consent-api', component: cls } : { type: 'consent-api', component: cls, state };
};
