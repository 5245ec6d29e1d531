// reports/heap.ts: the report of a large run collects its garbage at two points, with a collector
// taken at run time (the CLI cannot start node with --expose-gc). The collection must really run
// (an object only a WeakRef holds is gone after it), and the flag must be off again afterwards,
// so that no later context (a vm sandbox) is handed a `gc` of its own. In the pass it collects
// every so many rows, not at every row nor only once.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectEvery, collectGarbage } from '../../reports/heap.js';

/** A WeakRef to an object nothing else holds (made in its own frame, so no local keeps it). */
function weaklyHeld(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

/** Ends the current job: V8 keeps a WeakRef's target alive until then. */
const nextJob = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('collectGarbage', () => {
  it('runs a full collection: an object only a WeakRef holds is collected', async () => {
    const ref = weaklyHeld();
    await nextJob();
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('leaves --expose-gc as it found it: a new context has no gc of its own', async () => {
    // Started with --expose-gc, every context has one; otherwise none may after a collection.
    const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
    collectGarbage();
    collectGarbage();
    expect(runInNewContext('typeof gc')).toBe(exposed ? 'function' : 'undefined');
    // A second collection still works (the collector is kept, not taken again).
    const ref = weaklyHeld();
    await nextJob();
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('collects in the pass after every so many rows', () => {
    let collections = 0;
    const row = collectEvery(3, () => collections++);
    const after: number[] = [];
    for (let i = 0; i < 7; i++) {
      row();
      after.push(collections);
    }
    expect(after).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });
});
