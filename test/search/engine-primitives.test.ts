import { describe, expect, it } from 'vitest';
import { IntList } from '../../src/search/embedded/growable.ts';
import { PostingProbe } from '../../src/search/embedded/posting-probe.ts';
import { topThreshold } from '../../src/search/embedded/top-threshold.ts';

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('membership probes on a posting list', () => {
  it('answer as a plain lookup would, for descending, ascending and jumping runs of ordinals', () => {
    const random = seeded(7);
    const list = new IntList();
    const members = new Set<number>();
    for (let ordinal = 0; ordinal < 5_000; ordinal++) {
      if (random() < 0.3) {
        list.push(ordinal);
        members.add(ordinal);
      }
    }
    const runs = {
      descending: Array.from({ length: 5_100 }, (_, i) => 5_050 - i),
      ascending: Array.from({ length: 5_100 }, (_, i) => i - 50),
      jumping: Array.from({ length: 3_000 }, () => Math.floor(random() * 5_200) - 100),
    };
    for (const [name, ordinals] of Object.entries(runs)) {
      const probe = new PostingProbe(list);
      const wrong = ordinals.filter((ordinal) => probe.has(ordinal) !== members.has(ordinal));
      expect(wrong, name).toEqual([]);
    }
  });

  it('find nothing in an empty list and the only member of a one-member list', () => {
    expect(new PostingProbe(new IntList()).has(3)).toBe(false);
    const one = new IntList();
    one.push(3);
    const probe = new PostingProbe(one);
    expect([2, 3, 4, 3].map((ordinal) => probe.has(ordinal))).toEqual([false, true, false, true]);
  });
});

describe('the threshold of the best keys', () => {
  it('is the count-th highest value, ties included', () => {
    const random = seeded(11);
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 40));
      const count = 1 + Math.floor(random() * values.length);
      const sorted = [...values].sort((a, b) => b - a);
      const threshold = topThreshold(Float64Array.from(values), count);
      if (count >= values.length) expect(threshold).toBe(Number.NEGATIVE_INFINITY);
      else expect(threshold).toBe(sorted[count - 1]);
    }
  });

  it('keeps nothing for a count of 0', () => {
    expect(topThreshold(Float64Array.from([1, 2, 3]), 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
