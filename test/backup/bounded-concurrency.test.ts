import { describe, expect, it } from 'vitest';
import { createTaskPool, mapInOrder } from '../../src/backup/bounded-concurrency.ts';

/** A promise settled from outside, so tests decide the order in which work finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('mapInOrder', () => {
  it('keeps at most `concurrency` calls running and yields in the items’ order, whatever finishes first', async () => {
    const gates = Array.from({ length: 6 }, () => deferred<string>());
    let running = 0;
    let most = 0;
    const results: string[] = [];
    const consuming = (async () => {
      for await (const result of mapInOrder([0, 1, 2, 3, 4, 5], 3, async (index) => {
        running += 1;
        most = Math.max(most, running);
        try {
          return await gates[index]!.promise;
        } finally {
          running -= 1;
        }
      })) results.push(result);
    })();
    for (const index of [2, 1, 5, 0, 4, 3]) {
      gates[index]!.resolve(`item ${index}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await consuming;
    expect(results).toEqual(['item 0', 'item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    expect(most).toBe(3);
  });

  it('throws the failure of an item when its turn comes', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const value of mapInOrder([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two failed')) : n))) seen.push(value);
    };
    await expect(run()).rejects.toThrow('two failed');
    expect(seen).toEqual([1]);
  });
});

describe('createTaskPool', () => {
  it('runs every task with a bounded number at once, and reports the first failure', async () => {
    const pool = createTaskPool(2);
    let running = 0;
    let most = 0;
    let finished = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      finished += 1;
    };
    for (let index = 0; index < 7; index += 1) await pool.run(task);
    await pool.drain();
    expect(finished).toBe(7);
    expect(most).toBe(2);

    const failing = createTaskPool(2);
    await failing.run(() => Promise.reject(new Error('disk full')));
    await expect(failing.drain()).rejects.toThrow('disk full');
  });
});
