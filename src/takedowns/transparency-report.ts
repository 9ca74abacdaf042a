import { z } from 'zod';

/** The monthly rows the transparency page shows, one column per step counted. */
const transparencyMonthSchema = z.object({
  month: z.string().describe('YYYY-MM'),
  noticesReceived: z.number().int(),
  itemsRemoved: z.number().int(),
  noticesRejected: z.number().int(),
  counterNotices: z.number().int(),
  itemsRestored: z.number().int(),
  removedAtSource: z.number().int().describe('Posts deleted, made private or whose author was suspended at the source'),
});

export type TransparencyMonth = z.infer<typeof transparencyMonthSchema>;

/** GET /api/transparency: takedown counts per month, newest first, and strikes per source. */
export const transparencyReportSchema = z.object({
  months: z.array(transparencyMonthSchema),
  strikesPerSource: z.array(z.object({ source: z.string(), strikes: z.number().int() })),
});

export type TransparencyReport = z.infer<typeof transparencyReportSchema>;

const COLUMN_OF: Record<string, keyof Omit<TransparencyMonth, 'month'>> = {
  notice_confirmed: 'noticesReceived',
  item_removed: 'itemsRemoved',
  notice_rejected: 'noticesRejected',
  counter_notice_received: 'counterNotices',
  item_restored: 'itemsRestored',
  item_removed_at_source: 'removedAtSource',
};

export function toTransparencyReport({ counts, strikes }: { counts: { month: string; action: string; count: string }[]; strikes: { perSource: { source: string; strikes: number }[]; perAuthor: { source: string; authorHandle: string; strikes: number }[] } }): TransparencyReport {
  const months = new Map<string, TransparencyMonth>();
  for (const row of counts) {
    const column = COLUMN_OF[row.action];
    if (!column) continue;
    const month = months.get(row.month) ?? { month: row.month, noticesReceived: 0, itemsRemoved: 0, noticesRejected: 0, counterNotices: 0, itemsRestored: 0, removedAtSource: 0 };
    month[column] += Number(row.count);
    months.set(row.month, month);
  }
  // Per-author strikes stay on the admin side; the public page names sources only.
  return { months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)), strikesPerSource: strikes.perSource };
}
