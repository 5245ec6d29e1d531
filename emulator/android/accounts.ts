// Accounts (AccountManager). Which accounts an app sees changed in Android 8: before, GET_ACCOUNTS
// (a runtime permission since 6) showed every account; since, only accounts of its own
// authenticator or made visible to it (AccountManager.setAccountVisibility). Passwords, user data
// and cached tokens belong to the authenticator: other callers get a SecurityException. Token
// requests from other apps need the user's approval (the result carries an Intent instead).
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { AccountFacts } from './env.js';
import { registerSystemService } from './content.js';
import { mainLooper } from './os.js';

const AM = 'android.accounts.AccountManager';
const ACC = 'android.accounts.Account';
const TASK = 'android.accounts.AccountManager$AmsTask';
const FUT2 = 'android.accounts.AccountManager$Future2Task';
const KEY_AUTHTOKEN = 'authtoken';
const KEY_INTENT = 'intent';

/**
 * Accounts a package can see on this release (ledger android.accounts.visibility). Before Android 8,
 * GET_ACCOUNTS shows every account. From Android 8 (AccountManagerService.resolveAccountVisibility)
 * an account is visible to its authenticator, to packages signed like it, to packages it was made
 * visible to, and, as before, to an app targeting 25 or lower that holds GET_ACCOUNTS. Not
 * modelled (such accounts stay hidden here): READ_CONTACTS for account types that manage contacts,
 * GET_ACCOUNTS_PRIVILEGED, device and profile owners.
 */
function visibleAccounts(c: Call, pkg = c.env.app.package): AccountFacts[] {
  const all = c.env.device.accounts;
  const own = (a: AccountFacts) => a.authenticator === pkg || a.visibleTo.includes(pkg);
  // The calling app's permissions and target stand for `pkg` only when they are the same package.
  const getAccounts = pkg === c.env.app.package && c.env.permissionGranted('android.permission.GET_ACCOUNTS');
  if (c.api < 26) return getAccounts ? [...all] : all.filter(own);
  if (getAccounts && c.env.app.targetSdk < 26) return [...all];
  const signing = c.env.packages.get(pkg)?.signing ?? [];
  const signedLike = (a: AccountFacts) => {
    const auth = a.authenticator === null ? undefined : c.env.packages.get(a.authenticator);
    return auth !== undefined && auth.signing.length === signing.length && auth.signing.every((x, i) => Buffer.from(x).equals(Buffer.from(signing[i]!)));
  };
  return all.filter((a) => own(a) || signedLike(a));
}

function accountArray(c: Call, list: readonly AccountFacts[]): JArray {
  return c.vm.newArray('[Landroid.accounts.Account;', list.map((a) => c.newObject(ACC, ['java.lang.String', 'java.lang.String'], [a.name, a.type])));
}

function factsOf(c: Call, account: JValue): AccountFacts | null {
  if (account === null) c.throwNew('java.lang.IllegalArgumentException', 'account is null');
  const name = c.get(account as JObject, 'name') as string;
  const type = c.get(account as JObject, 'type') as string;
  return c.env.device.accounts.find((a) => a.name === name && a.type === type) ?? null;
}

/** Only the account type's authenticator may read what it stored. */
function requireAuthenticator(c: Call, a: AccountFacts | null): AccountFacts | null {
  if (a !== null && a.authenticator !== c.env.app.package) {
    c.throwNew('java.lang.SecurityException', `caller uid ${c.env.uid} is different than the authenticator's uid`);
  }
  return a;
}

/** A future whose callback runs on the handler given (the main thread when none). */
function future(c: Call, klass: string, result: JValue, callback: JValue, handler: JValue): JObject {
  const fut = c.vm.alloc(c.vm.bootClass(klass));
  fut.native = { result, done: true };
  if (callback !== null && callback !== undefined) {
    const h = (handler as JObject | null) ?? c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
    const r = c.vm.alloc(c.vm.bootClass('android.accounts.AccountManager$CallbackRunner'));
    r.native = { callback, future: fut };
    c.call(h, 'post', ['java.lang.Runnable'], [r]);
  }
  return fut;
}

function tokenResult(c: Call, account: JValue, type: JValue): JObject {
  const a = factsOf(c, account);
  const b = c.newObject('android.os.Bundle');
  if (a === null) return b;
  c.call(b, 'putString', ['java.lang.String', 'java.lang.String'], ['authAccount', a.name]);
  c.call(b, 'putString', ['java.lang.String', 'java.lang.String'], ['accountType', a.type]);
  const token = a.authTokens[type as string];
  if (a.authenticator === c.env.app.package && token !== undefined) c.call(b, 'putString', ['java.lang.String', 'java.lang.String'], [KEY_AUTHTOKEN, token]);
  else {
    // Another app's token: the user must grant it first (GrantCredentialsPermissionActivity).
    const i = c.newObject('android.content.Intent');
    c.call(i, 'setClassName', ['java.lang.String', 'java.lang.String'], ['android', 'android.accounts.GrantCredentialsPermissionActivity']);
    c.call(b, 'putString', ['java.lang.String', 'java.lang.String'], [KEY_INTENT, String(c.call(i, 'toString'))]);
  }
  return b;
}

/** addOnAccountsUpdatedListener: with updateImmediately the current accounts are posted to the listener. */
function addAccountsListener(c: Call, l: JValue, h: JValue, now: JValue, types: JValue): void {
  if (l === null) c.throwNew('java.lang.IllegalArgumentException', 'the listener is null');
  if (now !== true) return;
  const wanted = types instanceof JArray ? types.elems.map(String) : null;
  const list = visibleAccounts(c).filter((a) => wanted === null || wanted.includes(a.type));
  const hh = (h as JObject | null) ?? c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
  const r = c.vm.alloc(c.vm.bootClass('android.accounts.AccountManager$CallbackRunner'));
  r.native = { listener: l, accounts: accountArray(c, list) };
  c.call(hh, 'post', ['java.lang.Runnable'], [r]);
}

export const accounts: readonly ClassSpec[] = [
  cls('public class android.accounts.AccountManager', {}, [
    f('public static final java.lang.String KEY_AUTHTOKEN', { value: KEY_AUTHTOKEN }),
    m('public static android.accounts.AccountManager get(android.content.Context)', (c, _s, [ctx]) => {
      if (ctx === null) c.throwNew('java.lang.IllegalArgumentException', 'context is null');
      return c.call(ctx as JObject, 'getSystemService', ['java.lang.String'], ['account']);
    }),
    m('public android.accounts.Account[] getAccounts()', (c) => accountArray(c, visibleAccounts(c))),
    m('public android.accounts.Account[] getAccountsByType(java.lang.String)', (c, _s, [type]) => accountArray(c, visibleAccounts(c).filter((a) => type === null || a.type === type))),
    // Normal apps get only account types their own authenticator manages.
    m('public android.accounts.Account[] getAccountsByTypeForPackage(java.lang.String, java.lang.String)', (c, _s, [type, pkg]) => {
      const managed = c.env.device.accounts.some((a) => a.type === type && a.authenticator === c.env.app.package);
      if (type !== null && !managed) return accountArray(c, []);
      return accountArray(c, visibleAccounts(c, pkg as string).filter((a) => type === null || a.type === type));
    }),
    m('public android.accounts.AccountManagerFuture getAccountsByTypeAndFeatures(java.lang.String, java.lang.String[], android.accounts.AccountManagerCallback, android.os.Handler)', (c, _s, [type, , cb, h]) => {
      if (type === null) c.throwNew('java.lang.IllegalArgumentException', 'type is null');
      return future(c, FUT2, accountArray(c, visibleAccounts(c).filter((a) => a.type === type)), cb ?? null, h ?? null);
    }),
    m('public android.accounts.AccountManagerFuture getAuthToken(android.accounts.Account, java.lang.String, android.os.Bundle, android.app.Activity, android.accounts.AccountManagerCallback, android.os.Handler)', (c, _s, [a, t, , , cb, h]) =>
      future(c, TASK, tokenResult(c, a ?? null, t ?? null), cb ?? null, h ?? null),
    ),
    m('public android.accounts.AccountManagerFuture getAuthToken(android.accounts.Account, java.lang.String, android.os.Bundle, boolean, android.accounts.AccountManagerCallback, android.os.Handler)', (c, _s, [a, t, , , cb, h]) =>
      future(c, TASK, tokenResult(c, a ?? null, t ?? null), cb ?? null, h ?? null),
    ),
    m('public android.accounts.AccountManagerFuture getAuthToken(android.accounts.Account, java.lang.String, boolean, android.accounts.AccountManagerCallback, android.os.Handler)', (c, _s, [a, t, , cb, h]) =>
      future(c, TASK, tokenResult(c, a ?? null, t ?? null), cb ?? null, h ?? null),
    ),
    m('public java.lang.String peekAuthToken(android.accounts.Account, java.lang.String)', (c, _s, [a, t]) => requireAuthenticator(c, factsOf(c, a ?? null))?.authTokens[t as string] ?? null),
    m('public java.lang.String getUserData(android.accounts.Account, java.lang.String)', (c, _s, [a, k]) => requireAuthenticator(c, factsOf(c, a ?? null))?.userData[k as string] ?? null),
    m('public java.lang.String getPassword(android.accounts.Account)', (c, _s, [a]) => requireAuthenticator(c, factsOf(c, a ?? null))?.password ?? null),
    // Android 8 added the account-type filter; the old form then calls it with null (all types).
    m('public void addOnAccountsUpdatedListener(android.accounts.OnAccountsUpdateListener, android.os.Handler, boolean)', (c, self, [l, h, now]) =>
      c.api >= 26
        ? c.call(self!, 'addOnAccountsUpdatedListener', ['android.accounts.OnAccountsUpdateListener', 'android.os.Handler', 'boolean', '[Ljava.lang.String;'], [l, h, now, null])
        : addAccountsListener(c, l ?? null, h ?? null, now ?? false, null),
    ),
    m('public void addOnAccountsUpdatedListener(android.accounts.OnAccountsUpdateListener, android.os.Handler, boolean, java.lang.String[])', { since: 26 }, (c, _s, [l, h, now, types]) =>
      addAccountsListener(c, l ?? null, h ?? null, now ?? false, types ?? null),
    ),
    m('public void removeOnAccountsUpdatedListener(android.accounts.OnAccountsUpdateListener)'),
  ]),
  cls('public class android.accounts.Account implements android.os.Parcelable', {}, [
    f('public final java.lang.String name'),
    f('public final java.lang.String type'),
    m('public <init>(java.lang.String, java.lang.String)', (c, self, [n, t]) => {
      if (n === null || t === null || n === '' || t === '') c.throwNew('java.lang.IllegalArgumentException', `the ${n === null || n === '' ? 'name' : 'type'} must not be empty: ${String(n === null || n === '' ? n : t)}`);
      c.set(self!, 'name', n ?? null);
      c.set(self!, 'type', t ?? null);
    }),
    m('public java.lang.String toString()', (c, self) => `Account {name=${String(c.get(self!, 'name'))}, type=${String(c.get(self!, 'type'))}}`),
  ]),
  cls('public interface android.accounts.AccountManagerCallback', {}, [m('public abstract void run(android.accounts.AccountManagerFuture)')]),
  cls('public interface android.accounts.OnAccountsUpdateListener', {}, [m('public abstract void onAccountsUpdated(android.accounts.Account[])')]),
  cls('public interface android.accounts.AccountManagerFuture', {}, [
    m('public abstract java.lang.Object getResult()'),
    m('public abstract boolean isDone()'),
  ]),
  // The futures AccountManager returns. On a phone they are anonymous subclasses of these two.
  cls('private abstract class android.accounts.AccountManager$AmsTask extends java.util.concurrent.FutureTask implements android.accounts.AccountManagerFuture', { file: 'AccountManager.java' }, [
    m('public android.os.Bundle getResult()', (_c, self) => (self!.native as { result: JValue }).result),
    m('public boolean isDone()', () => true),
  ]),
  cls('public abstract class android.accounts.AccountManager$Future2Task extends java.util.concurrent.FutureTask implements android.accounts.AccountManagerFuture', { file: 'AccountManager.java' }, [
    m('public java.lang.Object getResult()', (_c, self) => (self!.native as { result: JValue }).result),
    m('public boolean isDone()', () => true),
  ]),
  // Runs a callback (or an accounts-updated listener) on its handler.
  cls('final class android.accounts.AccountManager$CallbackRunner implements java.lang.Runnable', { file: 'AccountManager.java' }, [
    m('public void run()', (c, self) => {
      const st = self!.native as { callback?: JObject; future?: JObject; listener?: JObject; accounts?: JValue };
      if (st.callback !== undefined) c.call(st.callback, 'run', ['android.accounts.AccountManagerFuture'], [st.future ?? null]);
      else if (st.listener !== undefined) c.call(st.listener, 'onAccountsUpdated', ['[Landroid.accounts.Account;'], [st.accounts ?? null]);
    }),
  ]),
];

registerSystemService('account', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(AM)));
