import type { IntList } from './growable.ts';

/**
 * Membership tests against one posting list (ordinals ascending) for a run of ordinals that
 * mostly descends, as candidates read newest first do. Each test starts from where the last one
 * ended and gallops outward, so a run of n tests costs about n·log(gap) instead of n·log(list).
 */
export class PostingProbe {
  private finger: number;

  constructor(private readonly list: IntList) {
    this.finger = list.length - 1;
  }

  has(ordinal: number): boolean {
    const { values, length } = this.list;
    if (length === 0) return false;
    let low: number;
    let high: number;
    const at = values[this.finger] ?? 0;
    if (at === ordinal) return true;
    if (ordinal < at) {
      // Gallop down: find low with values[low] < ordinal (or low = -1).
      high = this.finger - 1;
      let step = 1;
      low = this.finger - step;
      while (low >= 0 && (values[low] ?? 0) >= ordinal) {
        high = low;
        step *= 2;
        low = this.finger - step;
      }
      low = Math.max(low + 1, 0);
    } else {
      low = this.finger + 1;
      let step = 1;
      high = this.finger + step;
      while (high < length && (values[high] ?? 0) <= ordinal) {
        low = high;
        step *= 2;
        high = this.finger + step;
      }
      high = Math.min(high - 1, length - 1);
    }
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = values[middle] ?? 0;
      if (value === ordinal) {
        this.finger = middle;
        return true;
      }
      if (value < ordinal) low = middle + 1;
      else high = middle - 1;
    }
    this.finger = Math.min(Math.max(high, 0), length - 1);
    return false;
  }
}
