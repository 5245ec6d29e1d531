// Accounts on the device (names are often e-mail addresses) and their tokens.
import type { HookArea, HookSpec } from './types.js';

const AM = 'android.accounts.AccountManager';
const acc = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({ id: `accounts.${method}`, class: AM, method, overloads: 'all', kind: 'pi', dataType: 'accounts', ...extra });

export const accounts: HookArea = {
  area: 'accounts',
  hooks: [
    acc('getAccounts', { extract: 'account-list' }),
    acc('getAccountsByType', { extract: 'account-list' }),
    acc('getAccountsByTypeForPackage', { extract: 'account-list' }),
    acc('getAccountsByTypeAndFeatures'),
    acc('getAuthToken', { args: [1] }),
    acc('peekAuthToken', { args: [1], ret: false }),
    acc('getUserData', { args: [1] }),
    acc('getPassword', { args: false, ret: false }),
    acc('addOnAccountsUpdatedListener', { args: false }),
  ],
};
