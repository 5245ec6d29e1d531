// App usage statistics (which apps the user ran, and when).
import type { HookArea, HookSpec } from './types.js';

const USM = 'android.app.usage.UsageStatsManager';
const u = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({ id: `usage.${method}`, class: USM, method, overloads: 'all', kind: 'pi', dataType: 'usage_stats', ...extra });

export const usage: HookArea = {
  area: 'usage',
  hooks: [
    u('queryUsageStats', { extract: 'list-count' }),
    u('queryAndAggregateUsageStats', { ret: false }),
    u('queryEvents', { ret: false }),
    u('queryEventStats', { extract: 'list-count', minApi: 28 }),
    u('queryConfigurations', { extract: 'list-count' }),
  ],
};
