// A trie over name segments ("com", "umeng", "analytics" / "umeng", "com"). Children are found by
// a hash of the segment's char codes and confirmed by comparing chars in place, so a lookup walks
// the queried string without splitting, slicing or concatenating it: no allocation per frame.
// One trie type serves Java names (segments left to right, '.'/'$' boundaries) and host names
// (labels right to left); the walkers below pick the direction.

/** FNV-1a, kept to 30 bits at lookup: a small integer, so Map keys never box. */
const HASH_SEED = 0x811c9dc5;
const hashStep = (h: number, c: number) => Math.imul(h ^ c, 16777619);

function segmentHash(s: string, start: number, end: number, fold: boolean): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) {
    let c = s.charCodeAt(i);
    if (fold && c >= 65 && c <= 90) c += 32; // ASCII lower-case for host names
    h = hashStep(h, c);
  }
  return h & 0x3fffffff;
}

function segmentEquals(label: string, s: string, start: number, end: number, fold: boolean): boolean {
  if (label.length !== end - start) return false;
  if (!fold) return s.startsWith(label, start);
  for (let i = 0; i < label.length; i++) {
    let c = s.charCodeAt(start + i);
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== label.charCodeAt(i)) return false;
  }
  return true;
}

export class TrieNode<V> {
  value: V | undefined = undefined;
  children: Map<number, TrieNode<V>> | null = null;
  /** Next sibling with the same segment hash (collisions are rare; a chain keeps them exact). */
  collision: TrieNode<V> | null = null;
  constructor(readonly label: string) {}
}

export class SegmentTrie<V> {
  readonly root = new TrieNode<V>('');
  size = 0;

  /** @param fold compare ASCII case-insensitively (host names); labels are stored lower-case. */
  constructor(private readonly fold = false) {}

  child(node: TrieNode<V>, s: string, start: number, end: number): TrieNode<V> | null {
    return this.childByHash(node, segmentHash(s, start, end, this.fold), s, start, end);
  }

  /** child() with the segment's hash already computed (hashSeed/hashStep) by the caller's walk. */
  childByHash(node: TrieNode<V>, hash: number, s: string, start: number, end: number): TrieNode<V> | null {
    if (node.children === null) return null;
    let c = node.children.get(hash & 0x3fffffff) ?? null;
    while (c !== null && !segmentEquals(c.label, s, start, end, this.fold)) c = c.collision;
    return c;
  }

  /** Whether exactly these segments carry a value (build time). */
  has(segments: readonly string[]): boolean {
    let node: TrieNode<V> | null = this.root;
    for (const raw of segments) {
      const seg = this.fold ? raw.toLowerCase() : raw;
      node = this.child(node, seg, 0, seg.length);
      if (node === null) return false;
    }
    return node.value !== undefined;
  }

  /** Inserts along the given segments (build time only). Returns the previous value. */
  insert(segments: readonly string[], value: V): V | undefined {
    let node = this.root;
    for (const raw of segments) {
      const seg = this.fold ? raw.toLowerCase() : raw;
      let next = this.child(node, seg, 0, seg.length);
      if (next === null) {
        next = new TrieNode<V>(seg);
        node.children ??= new Map();
        const h = segmentHash(seg, 0, seg.length, false);
        const head = node.children.get(h);
        if (head) next.collision = head;
        node.children.set(h, next);
      }
      node = next;
    }
    const prev = node.value;
    if (prev === undefined) this.size++;
    node.value = value;
    return prev;
  }
}

const DOT = 46; // '.'
const DOLLAR = 36; // '$'

/** Splits a Java name the way javaLongest() walks it (build time). */
export function javaSegments(name: string): string[] {
  return name.split(/[.$]/);
}

/**
 * Longest prefix of a Java class name present in the trie, on '.' or '$' boundaries:
 * "com.umeng" matches "com.umeng.Foo" and "com.umeng" itself but never "com.umengx.Foo".
 * `out.length` receives the matched prefix length (chars) so callers can compare matches.
 */
export function javaLongest<V>(trie: SegmentTrie<V>, name: string, out: { length: number }): V | undefined {
  let node = trie.root;
  let best: V | undefined;
  out.length = 0;
  let start = 0;
  let h = HASH_SEED;
  const n = name.length;
  // One pass: the segment hash is built while looking for its end.
  for (let i = 0; i <= n; i++) {
    const c = i < n ? name.charCodeAt(i) : DOT;
    if (c !== DOT && c !== DOLLAR) {
      h = hashStep(h, c);
      continue;
    }
    const next = trie.childByHash(node, h, name, start, i);
    h = HASH_SEED;
    if (next === null) break;
    node = next;
    if (node.value !== undefined) {
      best = node.value;
      out.length = i;
    }
    start = i + 1;
  }
  return best;
}

/** Host labels, right to left ("ulogs.umeng.com" -> com, umeng, ulogs), for insertion. */
export function hostSegments(host: string): string[] {
  return host.toLowerCase().split('.').reverse();
}

/**
 * Deepest entry for a host name by label suffix: "umeng.com" covers "ulogs.umeng.com" and
 * "umeng.com", never "notumeng.com". `out.depth` receives the number of labels matched.
 */
export function hostLongest<V>(trie: SegmentTrie<V>, host: string, out: { depth: number }, end = host.length): V | undefined {
  let node = trie.root;
  let best: V | undefined;
  let depth = 0;
  out.depth = 0;
  let stop = end;
  for (let i = end - 1; i >= -1; i--) {
    if (i >= 0 && host.charCodeAt(i) !== DOT) continue;
    const next = trie.child(node, host, i + 1, stop);
    if (next === null) break;
    node = next;
    depth++;
    if (node.value !== undefined) {
      best = node.value;
      out.depth = depth;
    }
    stop = i;
  }
  return best;
}
