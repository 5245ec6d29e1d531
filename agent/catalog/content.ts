// ContentResolver: the one door to contacts, SMS, call log, calendar and media, and to other
// apps' content providers. The extractor classifies the URI by authority: system PI providers give
// 'pi' events with a data type; another app's authority gives a 'launch' event (via 'provider',
// the provider's package resolved) because the call starts that app's process when it is not
// running; the app's own providers are not reported.
import type { HookArea, HookSpec } from './types.js';

const CR = 'android.content.ContentResolver';
const U = 'android.net.Uri';
const SA = '[Ljava.lang.String;';
const S = 'java.lang.String';

const cr = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({
  id: `content.${method}`,
  class: CR,
  method,
  overloads: 'all',
  kind: 'pi',
  outermostOnly: true,
  extract: 'content-uri',
  ret: false,
  ...extra,
});

export const content: HookArea = {
  area: 'content',
  hooks: [
    cr('query', {
      overloads: [
        [U, SA, S, SA, S, 'android.os.CancellationSignal'],
        [U, SA, 'android.os.Bundle', 'android.os.CancellationSignal'],
      ],
      note: 'the 5-argument form calls the 6-argument one, which calls the Bundle funnel on API 26+; both funnels are hooked so API 21-25 is covered, and the outer one reports',
    }),
    cr('insert'),
    cr('bulkInsert'),
    cr('update'),
    cr('delete'),
    cr('call', { note: "the (String authority, ...) form exists from API 29; call() is how SDKs talk to other apps' providers (OAID, push)" }),
    cr('openInputStream', { note: 'reads media and documents (photos)' }),
    cr('openFileDescriptor'),
    cr('openAssetFileDescriptor'),
    cr('openTypedAssetFileDescriptor'),
    cr('acquireContentProviderClient', { note: "holding another app's provider keeps its process alive" }),
    cr('acquireUnstableContentProviderClient'),
    cr('registerContentObserver', { note: 'watching SMS/contacts/media for changes' }),
  ],
};
