import type { Db } from '../db/connect.ts';
import type { DashboardPanel } from './dashboard.ts';
import { crawlItemsIn, creditsIn, generationsIn, takedownDecisionsIn, takedownsReceivedIn, type DayRange } from './dashboard.repository.ts';
import { daysOf, percent, perDay, roundTo } from './panel-helpers.ts';

/** Sources drawn as their own bar; the rest are added up as "other sources". */
const DRAWN_SOURCES = 6;

/** Panels from the operational tables: crawl runs, generations, the credit ledger, takedown notices. */
export async function operationsPanels(db: Db, range: DayRange): Promise<DashboardPanel[]> {
  const days = daysOf(range.from, range.to);
  const [crawls, generations, credits, received, decisions] = await Promise.all([
    crawlItemsIn(db, range),
    generationsIn(db, range),
    creditsIn(db, range),
    takedownsReceivedIn(db, range),
    takedownDecisionsIn(db, range),
  ]);

  const sourceTotals = new Map<string, number>();
  for (const row of crawls) sourceTotals.set(row.source, (sourceTotals.get(row.source) ?? 0) + row.fetched);
  const sources = [...sourceTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([source]) => source);
  const drawnSources = sources.slice(0, DRAWN_SOURCES);
  const otherSources = crawls.filter((row) => !drawnSources.includes(row.source));

  const succeeded = perDay(days, generations, (row) => row.succeeded);
  const failed = perDay(days, generations, (row) => row.failed);
  const failureRate = days.map((_, index) => percent(failed[index]!, succeeded[index]! + failed[index]!));

  const sold = perDay(days, credits, (row) => row.sold);
  const spent = perDay(days, credits, (row) => row.spent);

  const receivedPerDay = perDay(days, received, (row) => row.received);
  const decidedPerDay = perDay(days, decisions, (row) => row.decided);
  const medianHours = new Map(decisions.map((row) => [row.day, roundTo(row.medianHours, 1)]));
  const medianPerDay = days.map((day) => medianHours.get(day) ?? null);

  return [
    {
      id: 'crawls',
      title: 'Crawled items per source',
      summary: 'Items fetched per day by source (by the day the run started), with items that failed and runs that failed.',
      chart: {
        kind: 'time',
        days,
        bars: [
          ...drawnSources.map((source) => ({ label: source, values: perDay(days, crawls.filter((row) => row.source === source), (row) => row.fetched) })),
          ...(otherSources.length > 0 ? [{ label: 'other sources', values: perDay(days, otherSources, (row) => row.fetched) }] : []),
        ],
        stacked: true,
        lines: [{ label: 'failed items', values: perDay(days, crawls, (row) => row.failed) }],
        lineUnit: 'count',
      },
      table: { columns: ['day', 'source', 'items fetched', 'items failed', 'runs failed'], rows: crawls.map((row) => [row.day, row.source, row.fetched, row.failed, row.failedRuns]) },
    },
    {
      id: 'generations',
      title: 'Generations and failure rate',
      summary: 'Generations finished per day, and the share of them that failed.',
      chart: {
        kind: 'time',
        days,
        bars: [
          { label: 'succeeded', values: succeeded },
          { label: 'failed', values: failed },
        ],
        stacked: true,
        lines: [{ label: 'failure rate', values: failureRate }],
        lineUnit: 'percent',
      },
      table: { columns: ['day', 'succeeded', 'failed', 'failure rate (%)'], rows: days.map((day, index) => [day, succeeded[index]!, failed[index]!, failureRate[index]!]) },
    },
    {
      id: 'credits',
      title: 'Credits sold and spent',
      summary: 'Credits bought (packs and plan grants) and spent on generations (less refunds) per day, from the ledger.',
      chart: {
        kind: 'time',
        days,
        bars: [
          { label: 'sold', values: sold },
          { label: 'spent', values: spent },
        ],
        stacked: false,
        lines: [],
        lineUnit: 'count',
      },
      table: { columns: ['day', 'credits sold', 'credits spent'], rows: days.map((day, index) => [day, sold[index]!, spent[index]!]) },
    },
    {
      id: 'takedowns',
      title: 'Takedown notices and time to decision',
      summary: 'Notices received per day (once their sender confirmed them), and the median hours from receipt to decision of the notices decided that day.',
      chart: {
        kind: 'time',
        days,
        bars: [{ label: 'notices received', values: receivedPerDay }],
        stacked: false,
        lines: [{ label: 'median hours to decision', values: medianPerDay }],
        lineUnit: 'hours',
      },
      table: {
        columns: ['day', 'notices received', 'notices decided', 'median hours to decision'],
        rows: days.map((day, index) => [day, receivedPerDay[index]!, decidedPerDay[index]!, medianPerDay[index]!]),
      },
    },
  ];
}
