// Clipboard reads (MIIT: reading the clipboard without user action).
import type { HookArea, HookSpec } from './types.js';

const CM = 'android.content.ClipboardManager';
const cb = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({ id: `clipboard.${method}`, class: CM, method, overloads: 'all', kind: 'pi', dataType: 'clipboard', ...extra });

export const clipboard: HookArea = {
  area: 'clipboard',
  hooks: [
    cb('getPrimaryClip', { extract: 'clip-data', note: 'the clip text is kept (clipped) for payload matching' }),
    cb('hasPrimaryClip'),
    cb('getPrimaryClipDescription'),
    cb('getText', { extract: 'identifier-value', note: 'deprecated text accessor, still used by old SDKs' }),
    cb('hasText'),
    cb('addPrimaryClipChangedListener', { note: 'watching every copy the user makes' }),
  ],
};
