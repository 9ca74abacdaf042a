/**
 * §512(g)(2)(C): restore "not less than 10, nor more than 14, business days" after a
 * counter-notice. We wait 10 weekdays (Monday to Friday, UTC), the earliest the law allows,
 * which leaves room for up to four public holidays, not tracked here, inside the window.
 */
export const RESTORE_AFTER_BUSINESS_DAYS = 10;

export function addBusinessDays(from: Date, days: number): Date {
  const result = new Date(from.getTime());
  let added = 0;
  while (added < days) {
    result.setUTCDate(result.getUTCDate() + 1);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) added += 1;
  }
  return result;
}

/** Whole business days from `from` to `to` (for showing the wait, and for tests). */
export function businessDaysBetween(from: Date, to: Date): number {
  let count = 0;
  const cursor = new Date(from.getTime());
  while (cursor.getTime() < to.getTime()) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    const weekday = cursor.getUTCDay();
    if (cursor.getTime() <= to.getTime() && weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}
