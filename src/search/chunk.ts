/** Splits items into consecutive slices of at most `size` (the last may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Re-slices a stream of batches of any size into batches of exactly `size` (the last may be shorter). */
export async function* rechunk<T>(batches: AsyncIterable<readonly T[]>, size: number): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const batch of batches) {
    pending.push(...batch);
    while (pending.length >= size) {
      yield pending.slice(0, size);
      pending = pending.slice(size);
    }
  }
  if (pending.length > 0) yield pending;
}
