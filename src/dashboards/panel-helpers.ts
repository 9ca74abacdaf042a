import { addDays } from '../analytics/analytics-day.ts';

/** Every day of the range, oldest first: days with nothing still get a slot (and a zero). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A value per day of `days`, 0 where `rows` has none. */
export function perDay<Row extends { day: string }>(days: string[], rows: Row[], value: (row: Row) => number): number[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.day, (sums.get(row.day) ?? 0) + value(row));
  return days.map((day) => sums.get(day) ?? 0);
}

/** part / whole as a percentage with one decimal; null when there is no whole to share. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
