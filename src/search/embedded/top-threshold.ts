/**
 * The `count`-th highest of `values` (values at or above it are the best `count`, ties
 * included); -Infinity when there are no more than `count`. Quickselect on a copy: linear
 * time, where sorting every candidate's key cost n·log n on each query.
 */
/** The copy quickselect reorders, reused from call to call (searches run one at a time). */
let copy = new Float64Array(4096);

export function topThreshold(values: ArrayLike<number>, count: number): number {
  const n = values.length;
  if (n <= count || count <= 0) return count <= 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (copy.length < n) copy = new Float64Array(n * 2);
  const work = copy;
  for (let i = 0; i < n; i++) work[i] = values[i] ?? 0;
  // The count-th highest is the (n - count)-th lowest, zero-based.
  const target = n - count;
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = medianOfThree(work[left] ?? 0, work[(left + right) >> 1] ?? 0, work[right] ?? 0);
    let i = left;
    let j = right;
    while (i <= j) {
      while ((work[i] ?? 0) < pivot) i++;
      while ((work[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = work[i] ?? 0;
        work[i] = work[j] ?? 0;
        work[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else break;
  }
  return work[target] ?? 0;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
