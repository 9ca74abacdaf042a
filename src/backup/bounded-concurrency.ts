/**
 * Media stores answer one object at a time with a round trip each (S3 above all): backup and
 * restore keep a few requests in flight instead of waiting on each in turn.
 */
export const MEDIA_CONCURRENCY = 8;

/** fn over items with up to `concurrency` calls running, results yielded in the items' order. */
export async function* mapInOrder<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  let next = 0;
  const startMore = () => {
    while (next < items.length && running.length < concurrency) {
      const started = fn(items[next] as T);
      // Awaited in order below; this keeps a failure further ahead from counting as unhandled meanwhile.
      started.catch(() => undefined);
      running.push(started);
      next += 1;
    }
  };
  startMore();
  while (running.length > 0) {
    const result = await (running.shift() as Promise<R>);
    startMore();
    yield result;
  }
}

/** Runs tasks with up to `concurrency` at once; the first failure is thrown by the next run() or by drain(). */
export function createTaskPool(concurrency: number) {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  // A function, so each check reads the failure callbacks may have set meanwhile.
  const throwIfFailed = (): void => {
    if (failure) throw failure.error;
  };
  return {
    async run(task: () => Promise<void>): Promise<void> {
      throwIfFailed();
      const started: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(started));
      running.add(started);
      if (running.size >= concurrency) await Promise.race(running);
      throwIfFailed();
    },
    async drain(): Promise<void> {
      await Promise.all(running);
      throwIfFailed();
    },
  };
}
