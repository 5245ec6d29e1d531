// java.util collections: just what framework results need (lists of PackageInfo, ...).
import type { JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec, type JValue } from '../java/model.js';

const items = (self: JObject | null): JValue[] => (self as JObject).native as JValue[];

function mapOf(self: JObject | null): Map<JValue, JValue> {
  return (self as JObject).native as Map<JValue, JValue>;
}

/** Collections.unmodifiableList over a new list (what framework getters hand out). */
export function unmodifiableList(c: Call, list: readonly JValue[]): JObject {
  const o = c.vm.alloc(c.vm.bootClass('java.util.Collections$UnmodifiableRandomAccessList'));
  o.native = [...list];
  return o;
}

/** Collections.unmodifiableSet over a new set. */
export function unmodifiableSet(c: Call, set: readonly JValue[]): JObject {
  const o = c.vm.alloc(c.vm.bootClass('java.util.Collections$UnmodifiableSet'));
  o.native = [...new Set(set)];
  return o;
}

function readOnly(c: Call): never {
  return c.throwNew('java.lang.UnsupportedOperationException');
}

/** Methods of the set-like collections, backed by a JS array (insertion order, no duplicates). */
function collectionMethods(): ReturnType<typeof m>[] {
  return [
    m('public <init>()', (_c, self) => {
      (self as JObject).native = [];
    }),
    m('public boolean add(java.lang.Object)', (_c, self, [o]) => {
      const a = items(self);
      if (a.includes(o ?? null)) return false;
      a.push(o ?? null);
      return true;
    }),
    m('public boolean contains(java.lang.Object)', (_c, self, [o]) => items(self).includes(o ?? null)),
    m('public boolean isEmpty()', (_c, self) => items(self).length === 0),
    m('public java.util.Iterator iterator()', (c, self) => {
      const it = c.vm.alloc(c.vm.bootClass('java.util.ArrayList$Itr'));
      it.native = { list: items(self), i: 0 };
      return it;
    }),
    m('public int size()', (_c, self) => items(self).length),
    m('public java.lang.Object[] toArray()', (c, self) => c.vm.newArray('[Ljava.lang.Object;', [...items(self)])),
  ];
}

export const util: readonly ClassSpec[] = [
  cls('public interface java.lang.Iterable', {}, [m('public abstract java.util.Iterator iterator()')]),
  cls('public interface java.util.Iterator', {}, [m('public abstract boolean hasNext()'), m('public abstract java.lang.Object next()')]),
  cls('public interface java.util.Collection extends java.lang.Iterable', {}, [
    m('public abstract boolean add(java.lang.Object)'),
    m('public abstract boolean contains(java.lang.Object)'),
    m('public abstract boolean isEmpty()'),
    m('public abstract int size()'),
    m('public abstract java.lang.Object[] toArray()'),
  ]),
  cls('public interface java.util.Set extends java.util.Collection', {}, [
    m('public abstract boolean add(java.lang.Object)'),
    m('public abstract boolean contains(java.lang.Object)'),
    m('public abstract boolean isEmpty()'),
    m('public abstract int size()'),
    m('public abstract java.lang.Object[] toArray()'),
  ]),
  cls('public abstract class java.util.AbstractSet extends java.util.AbstractCollection implements java.util.Set', {}, [m('protected <init>()')]),
  cls('public class java.util.HashSet extends java.util.AbstractSet implements java.util.Set, java.lang.Cloneable, java.io.Serializable', {}, collectionMethods()),
  cls('public final class android.util.ArraySet implements java.util.Collection, java.util.Set', { since: 23 }, collectionMethods()),
  cls('public interface java.util.List extends java.util.Collection', {}, [
    m('public abstract boolean add(java.lang.Object)'),
    m('public abstract java.lang.Object get(int)'),
    m('public abstract boolean isEmpty()'),
    m('public abstract int size()'),
  ]),
  cls('public abstract class java.util.AbstractCollection implements java.util.Collection', {}, [
    m('protected <init>()'),
    m('public java.lang.String toString()', (c, self) => `[${items(self).map((x) => (x === null ? 'null' : typeof x === 'string' ? x : String(c.call(x as JObject, 'toString')))).join(', ')}]`),
  ]),
  cls('public abstract class java.util.AbstractList extends java.util.AbstractCollection implements java.util.List', {}, [m('protected <init>()')]),
  cls('public class java.util.ArrayList extends java.util.AbstractList implements java.util.List, java.lang.Cloneable, java.io.Serializable', {}, [
    m('public <init>()', (_c, self) => {
      (self as JObject).native = [];
    }),
    m('public boolean add(java.lang.Object)', (_c, self, [o]) => {
      items(self).push(o ?? null);
      return true;
    }),
    m('public java.lang.Object get(int)', (c, self, [i]) => {
      const a = items(self);
      const n = i as number;
      if (n < 0 || n >= a.length) c.throwNew('java.lang.IndexOutOfBoundsException', `Index ${n} out of bounds for length ${a.length}`);
      return a[n] ?? null;
    }),
    m('public boolean isEmpty()', (_c, self) => items(self).length === 0),
    m('public java.util.Iterator iterator()', (c, self) => {
      const it = c.vm.alloc(c.vm.bootClass('java.util.ArrayList$Itr'));
      it.native = { list: items(self), i: 0 };
      return it;
    }),
    m('public int size()', (_c, self) => items(self).length),
    m('public boolean contains(java.lang.Object)', (_c, self, [o]) => items(self).includes(o ?? null)),
    m('public java.lang.Object[] toArray()', (c, self) => c.vm.newArray('[Ljava.lang.Object;', [...items(self)])),
  ]),
  cls('static class java.util.Collections$UnmodifiableRandomAccessList implements java.util.List', { file: 'Collections.java' }, [
    m('public boolean add(java.lang.Object)', (c) => readOnly(c)),
    m('public boolean contains(java.lang.Object)', (_c, self, [o]) => items(self).includes(o ?? null)),
    m('public java.lang.Object get(int)', (c, self, [i]) => {
      const a = items(self);
      if ((i as number) < 0 || (i as number) >= a.length) c.throwNew('java.lang.IndexOutOfBoundsException', `Index ${String(i)} out of bounds for length ${a.length}`);
      return a[i as number] ?? null;
    }),
    m('public boolean isEmpty()', (_c, self) => items(self).length === 0),
    m('public java.util.Iterator iterator()', (c, self) => {
      const it = c.vm.alloc(c.vm.bootClass('java.util.ArrayList$Itr'));
      it.native = { list: items(self), i: 0 };
      return it;
    }),
    m('public int size()', (_c, self) => items(self).length),
    m('public java.lang.Object[] toArray()', (c, self) => c.vm.newArray('[Ljava.lang.Object;', [...items(self)])),
  ]),
  cls('static class java.util.Collections$UnmodifiableSet implements java.util.Set', { file: 'Collections.java' }, [
    m('public boolean add(java.lang.Object)', (c) => readOnly(c)),
    m('public boolean contains(java.lang.Object)', (_c, self, [o]) => items(self).includes(o ?? null)),
    m('public boolean isEmpty()', (_c, self) => items(self).length === 0),
    m('public java.util.Iterator iterator()', (c, self) => {
      const it = c.vm.alloc(c.vm.bootClass('java.util.ArrayList$Itr'));
      it.native = { list: items(self), i: 0 };
      return it;
    }),
    m('public int size()', (_c, self) => items(self).length),
    m('public java.lang.Object[] toArray()', (c, self) => c.vm.newArray('[Ljava.lang.Object;', [...items(self)])),
  ]),
  cls('public interface java.util.Map', {}, [
    m('public abstract boolean containsKey(java.lang.Object)'),
    m('public abstract java.lang.Object get(java.lang.Object)'),
    m('public abstract boolean isEmpty()'),
    m('public abstract java.lang.Object put(java.lang.Object, java.lang.Object)'),
    m('public abstract int size()'),
  ]),
  cls('public class java.util.HashMap implements java.util.Map, java.lang.Cloneable, java.io.Serializable', {}, [
    m('public <init>()', (_c, self) => {
      (self as JObject).native = new Map<JValue, JValue>();
    }),
    m('public boolean containsKey(java.lang.Object)', (_c, self, [k]) => mapOf(self).has(k ?? null)),
    m('public java.lang.Object get(java.lang.Object)', (_c, self, [k]) => mapOf(self).get(k ?? null) ?? null),
    m('public boolean isEmpty()', (_c, self) => mapOf(self).size === 0),
    m('public java.lang.Object put(java.lang.Object, java.lang.Object)', (_c, self, [k, v]) => {
      const prev = mapOf(self).get(k ?? null) ?? null;
      mapOf(self).set(k ?? null, v ?? null);
      return prev;
    }),
    m('public int size()', (_c, self) => mapOf(self).size),
  ]),
  cls('private class java.util.ArrayList$Itr implements java.util.Iterator', {}, [
    m('public boolean hasNext()', (_c, self) => {
      const st = (self as JObject).native as { list: JValue[]; i: number };
      return st.i < st.list.length;
    }),
    m('public java.lang.Object next()', (c, self) => {
      const st = (self as JObject).native as { list: JValue[]; i: number };
      if (st.i >= st.list.length) c.throwNew('java.util.NoSuchElementException');
      return st.list[st.i++] ?? null;
    }),
  ]),
  cls('public class java.lang.IndexOutOfBoundsException extends java.lang.RuntimeException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class java.lang.ArrayIndexOutOfBoundsException extends java.lang.IndexOutOfBoundsException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.IndexOutOfBoundsException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class java.util.NoSuchElementException extends java.lang.RuntimeException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
];
