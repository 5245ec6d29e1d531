// Content providers: the ContentResolver an app uses, its providers (ContentProvider and the
// hidden Transport another app's calls arrive through), and sync settings.
//
// ContentResolver funnels (AOSP): the 5-argument query calls the 6-argument one, which on API 26+
// calls query(Uri, String[], Bundle, CancellationSignal); update/delete with selections and
// insert without extras call their Bundle forms on API 30+; call(Uri, ...) calls
// call(String authority, ...) on API 29+; openInputStream/openFileDescriptor go through
// openAssetFileDescriptor, openTypedAssetFileDescriptor(3) through the 4-argument form.
//
// Who answers: the system's PI providers (contacts, call log, SMS/MMS, calendar, media, settings)
// from the device's facts, behind their permissions; the app's own providers in-process; another
// app's provider by starting that app's process (its answer is not modelled: empty results); an
// unknown authority as AOSP does (null cursor, "Unknown URL", FileNotFoundException).
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { androidIdFor } from './provider.js';

const CR = 'android.content.ContentResolver';
const U = 'android.net.Uri';
const SA = '[Ljava.lang.String;';
const S = 'java.lang.String';
const B = 'android.os.Bundle';
const CS = 'android.os.CancellationSignal';
const CV = 'android.content.ContentValues';

interface SystemProvider {
  /** The provider class, as AOSP's Permission Denial message names it. */
  klass: string;
  package: string;
  read: string[];
  write: string[];
  columns: string[];
  rows: (c: Call) => JValue[][];
}

const CONTACTS: SystemProvider = {
  klass: 'com.android.providers.contacts.ContactsProvider2',
  package: 'com.android.providers.contacts',
  read: ['android.permission.READ_CONTACTS'],
  write: ['android.permission.WRITE_CONTACTS'],
  columns: ['_id', 'display_name', 'data1'],
  rows: (c) => c.env.device.contacts.map((x, i) => [i + 1, x.name, x.phone]),
};
const CALL_LOG: SystemProvider = {
  klass: 'com.android.providers.contacts.CallLogProvider',
  package: 'com.android.providers.contacts',
  read: ['android.permission.READ_CALL_LOG'],
  write: ['android.permission.WRITE_CALL_LOG'],
  columns: ['_id', 'number', 'name', 'date', 'duration', 'type'],
  rows: (c) => c.env.device.callLog.map((x, i) => [i + 1, x.number, x.name, BigInt(x.date), BigInt(x.duration), x.type]),
};
const SMS: SystemProvider = {
  klass: 'com.android.providers.telephony.SmsProvider',
  package: 'com.android.providers.telephony',
  read: ['android.permission.READ_SMS'],
  write: ['android.permission.WRITE_SMS'],
  columns: ['_id', 'address', 'body', 'date', 'type'],
  rows: (c) => c.env.device.sms.map((x, i) => [i + 1, x.address, x.body, BigInt(x.date), x.type]),
};
const CALENDAR: SystemProvider = {
  klass: 'com.android.providers.calendar.CalendarProvider2',
  package: 'com.android.providers.calendar',
  read: ['android.permission.READ_CALENDAR'],
  write: ['android.permission.WRITE_CALENDAR'],
  columns: ['_id', 'title', 'dtstart'],
  rows: () => [],
};
const MEDIA: SystemProvider = {
  klass: 'com.android.providers.media.MediaProvider',
  package: 'com.android.providers.media',
  read: ['android.permission.READ_EXTERNAL_STORAGE', 'android.permission.READ_MEDIA_IMAGES'],
  write: ['android.permission.WRITE_EXTERNAL_STORAGE'],
  columns: ['_id', '_display_name', '_data'],
  rows: () => [],
};
const SETTINGS: SystemProvider = {
  klass: 'com.android.providers.settings.SettingsProvider',
  package: 'com.android.providers.settings',
  read: [],
  write: ['android.permission.WRITE_SETTINGS'],
  columns: ['name', 'value'],
  rows: (c) => [['android_id', androidIdFor(c)]],
};

const SYSTEM_PROVIDERS: Readonly<Record<string, SystemProvider>> = {
  'com.android.contacts': CONTACTS,
  contacts: CONTACTS,
  call_log: CALL_LOG,
  sms: SMS,
  mms: SMS,
  'mms-sms': SMS,
  'com.android.calendar': CALENDAR,
  media: MEDIA,
  settings: SETTINGS,
};

/** The package that serves an authority: a system provider's, or an installed app's. */
export function providerPackage(c: Call, authority: string): string | null {
  return SYSTEM_PROVIDERS[authority]?.package ?? c.env.system.providerFor(authority)?.package ?? null;
}

function authorityOf(c: Call, uri: JValue): string {
  if (uri === null) c.throwNew('java.lang.NullPointerException', 'url');
  return (c.call(uri as JObject, 'getAuthority') as string | null) ?? '';
}

function uriText(c: Call, uri: JValue): string {
  return uri === null ? 'null' : String(c.call(uri as JObject, 'toString'));
}

/** AOSP's Permission Denial when opening a provider without its permission. */
function enforce(c: Call, p: SystemProvider, write: boolean): void {
  const need = write ? p.write : p.read;
  if (need.length === 0) return;
  const ok = need.some((x) => c.env.permissionGranted(x)) || (!write && p.write.some((x) => c.env.permissionGranted(x)));
  if (ok) return;
  // Media on Android 10+: scoped storage answers the app's own files instead of refusing.
  if (p === MEDIA && c.api >= 29 && !write) return;
  const all = write ? need : [...p.read, ...p.write];
  c.throwNew(
    'java.lang.SecurityException',
    `Permission Denial: opening provider ${p.klass} from ProcessRecord{${(c.env.pid * 2654435761 >>> 0).toString(16).slice(0, 7)} ${c.env.pid}:${c.env.processName}/u0a${c.env.uid - 10000}} (pid=${c.env.pid}, uid=${c.env.uid}) requires ${all.join(' or ')}`,
  );
}

function matrix(c: Call, columns: string[], rows: JValue[][]): JObject {
  const cur = c.newObject('android.database.MatrixCursor', [SA], [c.vm.newArray(SA, [...columns])]);
  for (const r of rows) c.call(cur, 'addRow', ['[Ljava.lang.Object;'], [c.vm.newArray('[Ljava.lang.Object;', r)]);
  return cur;
}

/** The app's own provider object for an authority (installed when the process bound). */
function ownProvider(c: Call, authority: string): JObject | null {
  const map = c.env.singletons.get('app.providers') as Map<string, JObject> | undefined;
  return map?.get(authority) ?? null;
}

type Target = { kind: 'system'; p: SystemProvider } | { kind: 'own'; o: JObject } | { kind: 'other' } | { kind: 'none' };

/** `call`: what reaches another app's provider (absent: it is only acquired). */
function target(c: Call, authority: string, call?: { op: 'query' | 'call' | 'insert'; method: string | null }): Target {
  const sys = SYSTEM_PROVIDERS[authority];
  if (sys !== undefined) return { kind: 'system', p: sys };
  const own = ownProvider(c, authority);
  if (own !== null) return { kind: 'own', o: own };
  const hit = c.env.system.providerFor(authority);
  if (hit !== null && hit.package !== c.env.app.package) return c.env.system.touchProvider(c.env.app.package, authority, call) ? { kind: 'other' } : { kind: 'none' };
  return { kind: 'none' };
}

function queryImpl(c: Call, uri: JValue, projection: JValue, args: JValue, cancel: JValue): JValue {
  const t = target(c, authorityOf(c, uri), { op: 'query', method: null });
  switch (t.kind) {
    case 'system':
      enforce(c, t.p, false);
      return matrix(c, t.p.columns, t.p.rows(c));
    case 'own':
      return c.call(t.o, 'query', [U, SA, B, CS], [uri, projection, args, cancel]);
    case 'other':
      return matrix(c, [], []);
    case 'none':
      return null; // AOSP logs "Failed to find provider info" and answers null
  }
}

function unknown(c: Call, uri: JValue): never {
  return c.throwNew('java.lang.IllegalArgumentException', `Unknown URL ${uriText(c, uri)}`);
}

function writeImpl(c: Call, uri: JValue, op: 'insert' | 'update' | 'delete' | 'bulkInsert'): JValue {
  // update/delete/bulkInsert into another app's provider are not delivered (incomingProviderCall
  // models query, call and insert only): the process still starts.
  const t = target(c, authorityOf(c, uri), op === 'insert' ? { op: 'insert', method: null } : undefined);
  switch (t.kind) {
    case 'system':
      enforce(c, t.p, true);
      // Only the default SMS app writes SMS (Android 4.4+): others are ignored silently.
      if (t.p === SMS) return op === 'insert' ? null : 0;
      return op === 'insert' ? c.callStatic(U, 'parse', [S], [`${uriText(c, uri)}/1`]) : 1;
    case 'own':
      return op === 'insert' ? c.call(t.o, 'insert', [U, CV], [uri, null]) : 0;
    case 'other':
      return op === 'insert' ? null : 0;
    case 'none':
      return unknown(c, uri);
  }
}

function callImpl(c: Call, authority: string, method: JValue, arg: JValue, extras: JValue): JValue {
  const t = target(c, authority, { op: 'call', method: typeof method === 'string' ? method : null });
  switch (t.kind) {
    case 'system':
      enforce(c, t.p, false);
      return null;
    case 'own':
      return c.call(t.o, 'call', [S, S, B], [method, arg, extras]);
    case 'other':
      return null;
    case 'none':
      return c.throwNew('java.lang.IllegalArgumentException', `Unknown authority ${authority}`);
  }
}

function openImpl(c: Call, uri: JValue): JValue {
  const t = target(c, authorityOf(c, uri));
  if (t.kind === 'system') enforce(c, t.p, false);
  if (t.kind === 'none') c.throwNew('java.io.FileNotFoundException', `No content provider: ${uriText(c, uri)}`);
  // The device holds no files behind these URIs.
  return c.throwNew('java.io.FileNotFoundException', `No entry for ${uriText(c, uri)}`);
}

function acquire(c: Call, authority: string): JValue {
  const t = target(c, authority);
  if (t.kind === 'none') return null;
  const client = c.vm.alloc(c.vm.bootClass('android.content.ContentProviderClient'));
  client.native = { authority };
  return client;
}

/** ContentResolver.createSqlQueryBundle (API 26+). */
function sqlBundle(c: Call, selection: JValue, args: JValue, sort: JValue): JValue {
  if (selection === null && args === null && sort === null) return null;
  const b = c.newObject(B);
  if (selection !== null) c.call(b, 'putString', [S, S], ['android:query-arg-sql-selection', selection]);
  if (args !== null) c.call(b, 'putStringArray', [S, SA], ['android:query-arg-sql-selection-args', args]);
  if (sort !== null) c.call(b, 'putString', [S, S], ['android:query-arg-sql-sort-order', sort]);
  return b;
}

const WRITE_SYNC = 'android.permission.WRITE_SYNC_SETTINGS';

function requireWriteSync(c: Call): void {
  if (!c.env.permissionGranted(WRITE_SYNC)) c.throwNew('java.lang.SecurityException', `Permission Denial: from pid=${c.env.pid}, uid=${c.env.uid} requires android.permission.WRITE_SYNC_SETTINGS`);
}

function syncKey(c: Call, account: JValue, authority: JValue): string {
  if (account === null) c.throwNew('java.lang.IllegalArgumentException', 'account must not be null');
  if (authority === null) c.throwNew('java.lang.IllegalArgumentException', 'authority must not be null');
  return `${String(c.get(account as JObject, 'type'))}/${String(c.get(account as JObject, 'name'))}/${authority as string}`;
}

export const providers: readonly ClassSpec[] = [
  cls('public abstract class android.content.ContentResolver', {}, [
    m('public <init>(android.content.Context)'),
    m('public final android.database.Cursor query(android.net.Uri, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String)', (c, self, [u, p, sel, a, so]) =>
      c.call(self!, 'query', [U, SA, S, SA, S, CS], [u, p, sel, a, so, null]),
    ),
    m('public final android.database.Cursor query(android.net.Uri, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String, android.os.CancellationSignal)', (c, self, [u, p, sel, a, so, cs]) =>
      c.api >= 26 ? c.call(self!, 'query', [U, SA, B, CS], [u, p, sqlBundle(c, sel ?? null, a ?? null, so ?? null), cs]) : queryImpl(c, u ?? null, p ?? null, null, cs ?? null),
    ),
    m('public final android.database.Cursor query(android.net.Uri, java.lang.String[], android.os.Bundle, android.os.CancellationSignal)', { since: 26 }, (c, _s, [u, p, b, cs]) => queryImpl(c, u ?? null, p ?? null, b ?? null, cs ?? null)),
    m('public final android.net.Uri insert(android.net.Uri, android.content.ContentValues)', (c, self, [u, v]) => (c.api >= 30 ? c.call(self!, 'insert', [U, CV, B], [u, v, null]) : writeImpl(c, u ?? null, 'insert'))),
    m('public final android.net.Uri insert(android.net.Uri, android.content.ContentValues, android.os.Bundle)', { since: 30 }, (c, _s, [u]) => writeImpl(c, u ?? null, 'insert')),
    m('public final int bulkInsert(android.net.Uri, android.content.ContentValues[])', (c, _s, [u, vs]) => {
      const n = writeImpl(c, u ?? null, 'bulkInsert') as number;
      return n === 0 ? 0 : ((vs as JArray | null)?.elems.length ?? 0);
    }),
    m('public final int update(android.net.Uri, android.content.ContentValues, java.lang.String, java.lang.String[])', (c, self, [u, v, w, a]) =>
      c.api >= 30 ? c.call(self!, 'update', [U, CV, B], [u, v, sqlBundle(c, w ?? null, a ?? null, null)]) : writeImpl(c, u ?? null, 'update'),
    ),
    m('public final int update(android.net.Uri, android.content.ContentValues, android.os.Bundle)', { since: 30 }, (c, _s, [u]) => writeImpl(c, u ?? null, 'update')),
    m('public final int delete(android.net.Uri, java.lang.String, java.lang.String[])', (c, self, [u, w, a]) =>
      c.api >= 30 ? c.call(self!, 'delete', [U, B], [u, sqlBundle(c, w ?? null, a ?? null, null)]) : writeImpl(c, u ?? null, 'delete'),
    ),
    m('public final int delete(android.net.Uri, android.os.Bundle)', { since: 30 }, (c, _s, [u]) => writeImpl(c, u ?? null, 'delete')),
    m('public final android.os.Bundle call(android.net.Uri, java.lang.String, java.lang.String, android.os.Bundle)', (c, self, [u, meth, arg, ex]) =>
      c.api >= 29 ? c.call(self!, 'call', [S, S, S, B], [authorityOf(c, u ?? null), meth, arg, ex]) : callImpl(c, authorityOf(c, u ?? null), meth ?? null, arg ?? null, ex ?? null),
    ),
    m('public final android.os.Bundle call(java.lang.String, java.lang.String, java.lang.String, android.os.Bundle)', { since: 29 }, (c, _s, [a, meth, arg, ex]) => {
      if (a === null) c.throwNew('java.lang.NullPointerException', 'authority');
      return callImpl(c, a as string, meth ?? null, arg ?? null, ex ?? null);
    }),
    m('public final java.io.InputStream openInputStream(android.net.Uri)', (c, self, [u]) => {
      const fd = c.call(self!, 'openAssetFileDescriptor', [U, S, CS], [u, 'r', null]) as JObject;
      return c.call(fd, 'createInputStream');
    }),
    m('public final android.os.ParcelFileDescriptor openFileDescriptor(android.net.Uri, java.lang.String)', (c, self, [u, mode]) => c.call(self!, 'openFileDescriptor', [U, S, CS], [u, mode, null])),
    m('public final android.os.ParcelFileDescriptor openFileDescriptor(android.net.Uri, java.lang.String, android.os.CancellationSignal)', (c, self, [u, mode, cs]) => {
      const fd = c.call(self!, 'openAssetFileDescriptor', [U, S, CS], [u, mode, cs]) as JObject;
      return c.call(fd, 'getParcelFileDescriptor');
    }),
    m('public final android.content.res.AssetFileDescriptor openAssetFileDescriptor(android.net.Uri, java.lang.String)', (c, self, [u, mode]) => c.call(self!, 'openAssetFileDescriptor', [U, S, CS], [u, mode, null])),
    m('public final android.content.res.AssetFileDescriptor openAssetFileDescriptor(android.net.Uri, java.lang.String, android.os.CancellationSignal)', (c, _s, [u]) => openImpl(c, u ?? null)),
    m('public final android.content.res.AssetFileDescriptor openTypedAssetFileDescriptor(android.net.Uri, java.lang.String, android.os.Bundle)', (c, self, [u, t, o]) =>
      c.call(self!, 'openTypedAssetFileDescriptor', [U, S, B, CS], [u, t, o, null]),
    ),
    m('public final android.content.res.AssetFileDescriptor openTypedAssetFileDescriptor(android.net.Uri, java.lang.String, android.os.Bundle, android.os.CancellationSignal)', (c, _s, [u]) => openImpl(c, u ?? null)),
    m('public final android.content.ContentProviderClient acquireContentProviderClient(android.net.Uri)', (c, _s, [u]) => acquire(c, authorityOf(c, u ?? null))),
    m('public final android.content.ContentProviderClient acquireContentProviderClient(java.lang.String)', (c, _s, [a]) => acquire(c, (a as string | null) ?? '')),
    m('public final android.content.ContentProviderClient acquireUnstableContentProviderClient(android.net.Uri)', (c, _s, [u]) => acquire(c, authorityOf(c, u ?? null))),
    m('public final android.content.ContentProviderClient acquireUnstableContentProviderClient(java.lang.String)', (c, _s, [a]) => acquire(c, (a as string | null) ?? '')),
    // Android 8+: observing a URI needs read access to it (apps targeting 26+).
    m('public final void registerContentObserver(android.net.Uri, boolean, android.database.ContentObserver)', (c, _s, [u, , obs]) => {
      if (obs === null) c.throwNew('java.lang.NullPointerException', 'observer');
      const sys = SYSTEM_PROVIDERS[authorityOf(c, u ?? null)];
      if (sys !== undefined && c.api >= 26 && c.env.app.targetSdk >= 26) enforce(c, sys, false);
    }),
    m('public final void unregisterContentObserver(android.database.ContentObserver)'),
    m('public static void requestSync(android.accounts.Account, java.lang.String, android.os.Bundle)', (c, _s, [a, auth, extras]) => {
      if (extras === null) c.throwNew('java.lang.IllegalArgumentException', 'Must specify extras.');
      syncKey(c, a ?? null, auth ?? null);
    }),
    m('public static void requestSync(android.content.SyncRequest)', (c, _s, [r]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
    }),
    m('public static void addPeriodicSync(android.accounts.Account, java.lang.String, android.os.Bundle, long)', (c, _s, [a, auth, extras]) => {
      if (extras === null) c.throwNew('java.lang.IllegalArgumentException', 'extras must not be null');
      syncKey(c, a ?? null, auth ?? null);
      requireWriteSync(c);
    }),
    m('public static void setSyncAutomatically(android.accounts.Account, java.lang.String, boolean)', (c, _s, [a, auth, on]) => {
      const key = syncKey(c, a ?? null, auth ?? null);
      requireWriteSync(c);
      c.env.system.syncAutomatically.set(key, on === true);
    }),
    m('public static boolean getSyncAutomatically(android.accounts.Account, java.lang.String)', (c, _s, [a, auth]) => c.env.system.syncAutomatically.get(syncKey(c, a ?? null, auth ?? null)) === true),
  ]),
  cls('private static final class android.app.ContextImpl$ApplicationContentResolver extends android.content.ContentResolver', {}, [m('<init>()')]),

  // ---- providers -------------------------------------------------------------------------------
  cls('public abstract class android.content.ContentProvider', {}, [
    f('private android.content.Context mContext'),
    f('private android.content.ContentProvider$Transport mTransport'),
    m('public <init>()', (c, self) => {
      const t = c.newObject('android.content.ContentProvider$Transport');
      c.set(t, 'this$0', self);
      c.set(self!, 'mTransport', t);
    }),
    m('public void attachInfo(android.content.Context, android.content.pm.ProviderInfo)', (c, self, [ctx]) => {
      c.set(self!, 'mContext', ctx ?? null);
      c.call(self!, 'onCreate');
    }),
    m('public final android.content.Context getContext()', (c, self) => c.get(self!, 'mContext')),
    m('public abstract boolean onCreate()'),
    m('public abstract java.lang.String getType(android.net.Uri)'),
    m('public abstract android.database.Cursor query(android.net.Uri, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String)'),
    m('public android.database.Cursor query(android.net.Uri, java.lang.String[], android.os.Bundle, android.os.CancellationSignal)', { since: 26 }, (c, self, [u, p]) =>
      c.call(self!, 'query', [U, SA, S, SA, S], [u, p, null, null, null]),
    ),
    m('public abstract android.net.Uri insert(android.net.Uri, android.content.ContentValues)'),
    m('public abstract int update(android.net.Uri, android.content.ContentValues, java.lang.String, java.lang.String[])'),
    m('public abstract int delete(android.net.Uri, java.lang.String, java.lang.String[])'),
    m('public android.os.Bundle call(java.lang.String, java.lang.String, android.os.Bundle)', () => null),
  ]),
  // Another app's calls arrive on a binder thread through the provider's Transport.
  cls('class android.content.ContentProvider$Transport', { file: 'ContentProvider.java' }, [
    f('final android.content.ContentProvider this$0'),
    m('<init>()'),
    ...transportMethods(),
  ]),
  cls('public interface android.os.ICancellationSignal', {}, []),
  cls('public final class android.content.AttributionSource implements android.os.Parcelable', { since: 31 }, [
    m('public java.lang.String getPackageName()', (_c, self) => (self!.native as { pkg: string }).pkg),
    m('public int getUid()', (_c, self) => (self!.native as { uid: number }).uid),
  ]),
  cls('public class android.content.ContentProviderClient', {}, [
    m('public void close()'),
    m('public boolean release()', () => true),
  ]),
  cls('public final class android.content.ContentValues implements android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = new Map<string, JValue>();
    }),
    m('public java.lang.String getAsString(java.lang.String)', (_c, self, [k]) => {
      const v = (self!.native as Map<string, JValue>).get(k as string);
      return v === undefined || v === null ? null : String(v);
    }),
    m('public void put(java.lang.String, java.lang.String)', (_c, self, [k, v]) => {
      (self!.native as Map<string, JValue>).set(k as string, v ?? null);
    }),
    m('public int size()', (_c, self) => (self!.native as Map<string, JValue>).size),
  ]),
  cls('public abstract class android.database.ContentObserver', {}, [
    m('public <init>(android.os.Handler)'),
    m('public void onChange(boolean)'),
    m('public void onChange(boolean, android.net.Uri)', (c, self, [s]) => c.call(self!, 'onChange', ['boolean'], [s])),
  ]),
  cls('public interface android.database.Cursor', {}, [
    m('public abstract void close()'),
    m('public abstract int getColumnIndex(java.lang.String)'),
    m('public abstract int getCount()'),
    m('public abstract java.lang.String getString(int)'),
    m('public abstract boolean moveToNext()'),
  ]),
  // AbstractCursor keeps the position and column lookup; MatrixCursor the rows.
  cls('public abstract class android.database.AbstractCursor implements android.database.Cursor', {}, [
    m('public <init>()'),
    m('public void close()'),
    m('public int getColumnIndex(java.lang.String)', (_c, self, [n]) => (self!.native as { columns: string[] }).columns.indexOf(n as string)),
    m('public abstract int getCount()'),
    m('public abstract java.lang.String getString(int)'),
    m('public final boolean moveToNext()', (_c, self) => {
      const st = self!.native as { rows: JValue[][]; pos: number };
      if (st.pos < st.rows.length) st.pos++;
      return st.pos < st.rows.length;
    }),
  ]),
  cls('public class android.database.MatrixCursor extends android.database.AbstractCursor', {}, [
    m('public <init>(java.lang.String[])', (c, self, [cols]) => {
      c.callSpecial(self!, 'android.database.AbstractCursor', '<init>', []);
      self!.native = { columns: (cols as JArray).elems.map(String), rows: [] as JValue[][], pos: -1 };
    }),
    m('public void addRow(java.lang.Object[])', (_c, self, [row]) => {
      (self!.native as { rows: JValue[][] }).rows.push([...(row as JArray).elems]);
    }),
    m('public int getCount()', (_c, self) => (self!.native as { rows: JValue[][] }).rows.length),
    m('public java.lang.String getString(int)', (c, self, [i]) => {
      const st = self!.native as { rows: JValue[][]; pos: number };
      const row = st.rows[st.pos];
      if (row === undefined) c.throwNew('android.database.CursorIndexOutOfBoundsException', `Index ${st.pos} requested, with a size of ${st.rows.length}`);
      const v = row![i as number];
      return v === null || v === undefined ? null : String(v);
    }),
  ]),
  cls('public class android.database.CursorIndexOutOfBoundsException extends java.lang.IndexOutOfBoundsException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.IndexOutOfBoundsException', '<init>', [S], [msg])),
  ]),
  cls('public class android.content.res.AssetFileDescriptor implements android.os.Parcelable', {}, [
    m('public java.io.FileInputStream createInputStream()'),
    m('public android.os.ParcelFileDescriptor getParcelFileDescriptor()'),
  ]),
  cls('public class android.os.ParcelFileDescriptor implements android.os.Parcelable', {}, [m('public void close()')]),
  cls('public class java.io.FileInputStream extends java.io.InputStream', {}, [
    // libcore/ojluni/src/main/java/java/io/FileInputStream.java: FileInputStream(String) is
    // this(name != null ? new File(name) : null); FileInputStream(File) throws NullPointerException
    // for a null path, FileNotFoundException("Invalid file path") when File.isInvalid() (a NUL in
    // the path), then opens with IoBridge.open(name, O_RDONLY) (android.ioBridge.open.libcOpen).
    m('public <init>(java.lang.String)', (c, self, [name]) => {
      const file = name === null ? null : c.newObject('java.io.File', ['java.lang.String'], [name]);
      c.callSpecial(self!, 'java.io.FileInputStream', '<init>', ['java.io.File'], [file]);
    }),
    m('public <init>(java.io.File)', (c, self, [file]) => {
      const name = file === null ? null : (c.call(file as JObject, 'getPath', [], []) as string | null);
      if (name === null) c.throwNew('java.lang.NullPointerException');
      if (name!.includes('\u0000')) c.throwNew('java.io.FileNotFoundException', 'Invalid file path');
      self!.native = c.callStatic('libcore.io.IoBridge', 'open', ['java.lang.String', 'int'], [name, 0]);
    }),
    m('public int read()', () => -1),
  ]),

  // ---- sync requests ---------------------------------------------------------------------------
  cls('public class android.content.SyncRequest implements android.os.Parcelable', {}, [f('private final java.lang.String mAuthority')]),
  cls('public static class android.content.SyncRequest$Builder', { file: 'SyncRequest.java' }, [
    m('public <init>()', (_c, self) => {
      self!.native = { authority: null, account: null, once: false };
    }),
    m('public android.content.SyncRequest$Builder setExtras(android.os.Bundle)', (_c, self) => self),
    m('public android.content.SyncRequest$Builder setSyncAdapter(android.accounts.Account, java.lang.String)', (_c, self, [a, auth]) => {
      Object.assign(self!.native as object, { account: a ?? null, authority: auth ?? null });
      return self;
    }),
    m('public android.content.SyncRequest$Builder syncOnce()', (_c, self) => {
      (self!.native as { once: boolean }).once = true;
      return self;
    }),
    m('public android.content.SyncRequest build()', (c, self) => {
      const st = self!.native as { authority: JValue };
      if (st.authority === null) c.throwNew('java.lang.IllegalArgumentException', 'Must specify an adapter with setSyncAdapter(Account, String');
      const r = c.vm.alloc(c.vm.bootClass('android.content.SyncRequest'));
      c.set(r, 'mAuthority', st.authority);
      return r;
    }),
  ]),
];

/** ContentProvider$Transport's entry points, with the parameter lists of each release (AOSP ContentProvider.java). */
function transportMethods(): ReturnType<typeof m>[] {
  const AS = 'android.content.AttributionSource';
  const ICS = 'android.os.ICancellationSignal';
  const provider = (c: Call, self: JObject | null) => c.get(self!, 'this$0') as JObject;
  const q = (c: Call, self: JObject | null, uri: JValue, proj: JValue) => c.call(provider(c, self), 'query', [U, SA, B, CS], [uri, proj, null, null]);
  const qOld = (c: Call, self: JObject | null, uri: JValue, proj: JValue) => c.call(provider(c, self), 'query', [U, SA, S, SA, S], [uri, proj, null, null, null]);
  const call = (c: Call, self: JObject | null, method: JValue, arg: JValue, extras: JValue) => c.call(provider(c, self), 'call', [S, S, B], [method, arg, extras]);
  const insert = (c: Call, self: JObject | null, uri: JValue, values: JValue) => c.call(provider(c, self), 'insert', [U, CV], [uri, values]);
  return [
    m(`public android.database.Cursor query(java.lang.String, ${U}, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String, ${ICS})`, { until: 25 }, (c, self, [, u, p]) => qOld(c, self, u ?? null, p ?? null)),
    m(`public android.database.Cursor query(java.lang.String, ${U}, java.lang.String[], ${B}, ${ICS})`, { since: 26, until: 29 }, (c, self, [, u, p]) => q(c, self, u ?? null, p ?? null)),
    m(`public android.database.Cursor query(java.lang.String, java.lang.String, ${U}, java.lang.String[], ${B}, ${ICS})`, { since: 30, until: 30 }, (c, self, [, , u, p]) => q(c, self, u ?? null, p ?? null)),
    m(`public android.database.Cursor query(${AS}, ${U}, java.lang.String[], ${B}, ${ICS})`, { since: 31 }, (c, self, [, u, p]) => q(c, self, u ?? null, p ?? null)),
    m(`public ${B} call(java.lang.String, java.lang.String, java.lang.String, ${B})`, { until: 28 }, (c, self, [, meth, arg, ex]) => call(c, self, meth ?? null, arg ?? null, ex ?? null)),
    m(`public ${B} call(java.lang.String, java.lang.String, java.lang.String, java.lang.String, ${B})`, { since: 29, until: 29 }, (c, self, [, , meth, arg, ex]) => call(c, self, meth ?? null, arg ?? null, ex ?? null)),
    m(`public ${B} call(java.lang.String, java.lang.String, java.lang.String, java.lang.String, java.lang.String, ${B})`, { since: 30, until: 30 }, (c, self, [, , , meth, arg, ex]) => call(c, self, meth ?? null, arg ?? null, ex ?? null)),
    m(`public ${B} call(${AS}, java.lang.String, java.lang.String, java.lang.String, ${B})`, { since: 31 }, (c, self, [, , meth, arg, ex]) => call(c, self, meth ?? null, arg ?? null, ex ?? null)),
    m(`public ${U} insert(java.lang.String, ${U}, ${CV})`, { until: 29 }, (c, self, [, u, v]) => insert(c, self, u ?? null, v ?? null)),
    m(`public ${U} insert(java.lang.String, java.lang.String, ${U}, ${CV}, ${B})`, { since: 30, until: 30 }, (c, self, [, , u, v]) => insert(c, self, u ?? null, v ?? null)),
    m(`public ${U} insert(${AS}, ${U}, ${CV}, ${B})`, { since: 31 }, (c, self, [, u, v]) => insert(c, self, u ?? null, v ?? null)),
  ];
}

/** Installs the providers of this process (ActivityThread.installContentProviders, before Application.onCreate). */
export function installProviders(c: Call, loader: JObject, ctx: JObject): void {
  const map = new Map<string, JObject>();
  c.env.singletons.set('app.providers', map);
  for (const d of c.env.app.components.providers) {
    const proc = d.process === undefined ? c.env.app.package : d.process.startsWith(':') ? c.env.app.package + d.process : d.process;
    if (proc !== c.env.processName || d.authority === undefined) continue;
    const k = c.vm.loadClass(loader.native, d.name);
    const p = c.vm.newObject(k, [], []);
    const info = c.newObject('android.content.pm.ProviderInfo');
    c.set(info, 'authority', d.authority);
    c.set(info, 'name', d.name);
    c.set(info, 'packageName', c.env.app.package);
    c.call(p, 'attachInfo', ['android.content.Context', 'android.content.pm.ProviderInfo'], [ctx, info]);
    map.set(d.authority, p);
  }
}

/** Another app's call into one of this process's providers, on a binder thread. */
export function incomingProviderCall(c: Call, authority: string, op: 'query' | 'call' | 'insert', from: { package: string; uid: number }, method: string | null): void {
  const p = ownProvider(c, authority);
  if (p === null) return;
  const transport = c.get(p, 'mTransport') as JObject;
  const uri = c.callStatic(U, 'parse', [S], [`content://${authority}/`]);
  const api = c.api;
  const source = (): JObject => {
    const a = c.vm.alloc(c.vm.bootClass('android.content.AttributionSource'));
    a.native = { pkg: from.package, uid: from.uid };
    return a;
  };
  const ICS = 'android.os.ICancellationSignal';
  const AS = 'android.content.AttributionSource';
  if (op === 'query') {
    if (api >= 31) c.call(transport, 'query', [AS, U, SA, B, ICS], [source(), uri, null, null, null]);
    else if (api === 30) c.call(transport, 'query', [S, S, U, SA, B, ICS], [from.package, null, uri, null, null, null]);
    else if (api >= 26) c.call(transport, 'query', [S, U, SA, B, ICS], [from.package, uri, null, null, null]);
    else c.call(transport, 'query', [S, U, SA, S, SA, S, ICS], [from.package, uri, null, null, null, null, null]);
  } else if (op === 'call') {
    if (api >= 31) c.call(transport, 'call', [AS, S, S, S, B], [source(), authority, method, null, null]);
    else if (api === 30) c.call(transport, 'call', [S, S, S, S, S, B], [from.package, null, authority, method, null, null]);
    else if (api === 29) c.call(transport, 'call', [S, S, S, S, B], [from.package, authority, method, null, null]);
    else c.call(transport, 'call', [S, S, S, B], [from.package, method, null, null]);
  } else {
    const values = c.newObject(CV);
    if (api >= 31) c.call(transport, 'insert', [AS, U, CV, B], [source(), uri, values, null]);
    else if (api === 30) c.call(transport, 'insert', [S, S, U, CV, B], [from.package, null, uri, values, null]);
    else c.call(transport, 'insert', [S, U, CV], [from.package, uri, values]);
  }
}
