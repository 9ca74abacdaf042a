/**
 * Maps with at most `limit` calls in flight, results in input order. The first failure stops
 * new work from starting; calls already running are awaited before it is rethrown, so nothing
 * is left writing in the background.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
  signal: AbortSignal,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !signal.aborted && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await map(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  signal.throwIfAborted();
  return results;
}
