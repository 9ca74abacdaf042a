import { describe, expect, it } from 'vitest';
import { addDays, monthsBefore, utcDay } from '../../src/analytics/analytics-day.ts';
import { normaliseSearchQuery } from '../../src/analytics/search-query.ts';
import { createTypingCoalescer, type SearchEvent } from '../../src/analytics/typing-coalescer.ts';

describe('analytics days', () => {
  it('counts calendar months back, keeping to the last day of a shorter month', () => {
    expect(monthsBefore('2026-11-27', 13)).toBe('2025-10-27');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2028-03-31', 1)).toBe('2028-02-29');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(utcDay(new Date('2026-11-27T23:59:59.999-01:00'))).toBe('2026-11-28');
  });

  it('normalises a query by width, case and spacing, and finds no words in blanks', () => {
    expect(normaliseSearchQuery('  Cat\t\u3000ＬＡＭＰ  ')).toBe('cat lamp');
    expect(normaliseSearchQuery(' \n ')).toBe('');
    expect(normaliseSearchQuery('x'.repeat(1200))).toHaveLength(1000);
  });
});

describe('typing coalescer', () => {
  const visitor = (n: number) => ({ address: `10.0.0.${n}`, userAgent: 'ua' });
  const event = (n: number, query: string): SearchEvent => ({ at: new Date(0), visitor: visitor(n), query, zeroResults: false });

  it('replaces a search the same visitor extends or trims within the window, and settles it on a new query', () => {
    const typing = createTypingCoalescer({ windowMs: 1000, maxVisitors: 10 });
    expect(typing.add(event(1, 'lig'), 0)).toBeUndefined();
    expect(typing.add(event(1, 'lighthouse'), 500)).toBeUndefined();
    expect(typing.add(event(1, 'lighthou'), 900)).toBeUndefined();
    expect(typing.add(event(2, 'lighthouse'), 950)).toBeUndefined();
    expect(typing.add(event(1, 'harbour'), 1000)?.query).toBe('lighthou');
    expect(typing.takeSettled(1500, false)).toEqual([]);
    expect(typing.takeSettled(1951, false).map((settled) => settled.query)).toEqual(['lighthouse']);
    expect(typing.takeSettled(1951, true).map((settled) => settled.query)).toEqual(['harbour']);
  });

  it('settles a continued query once the window has passed, and the oldest visitor when full', () => {
    const typing = createTypingCoalescer({ windowMs: 1000, maxVisitors: 2 });
    typing.add(event(1, 'cat'), 0);
    expect(typing.add(event(1, 'cats'), 1001)?.query).toBe('cat');
    typing.add(event(2, 'dog'), 1100);
    expect(typing.add(event(3, 'owl'), 1200)?.query).toBe('cats');
  });
});
