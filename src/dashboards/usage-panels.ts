import type { Db } from '../db/connect.ts';
import type { DashboardPanel } from './dashboard.ts';
import { dailyCountsIn, topQueriesIn, type DayRange } from './dashboard.repository.ts';
import { daysOf, percent, perDay } from './panel-helpers.ts';

const TOP_QUERIES = 20;
/** Page kinds drawn as their own bar; the rest are added up as "other". */
const DRAWN_PAGE_KINDS = 5;

/** Panels from the analytics counts (src/analytics): traffic, searches, top queries, conversions. */
export async function usagePanels(db: Db, range: DayRange): Promise<DashboardPanel[]> {
  const days = daysOf(range.from, range.to);
  const [counts, topQueries, topZeroResultQueries] = await Promise.all([
    dailyCountsIn(db, range, ['visitors', 'page_view', 'search', 'zero_result_search', 'search_to_artwork', 'generate_click', 'generation_completed', 'sign_up']),
    topQueriesIn(db, range, 'searches', TOP_QUERIES),
    topQueriesIn(db, range, 'zero_result_searches', TOP_QUERIES),
  ]);
  const metric = (name: string) => perDay(days, counts.filter((row) => row.metric === name), (row) => row.count);

  const pageViews = counts.filter((row) => row.metric === 'page_view');
  const kindTotals = new Map<string, number>();
  for (const row of pageViews) kindTotals.set(row.dimension, (kindTotals.get(row.dimension) ?? 0) + row.count);
  const kinds = [...kindTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind]) => kind);
  const drawn = kinds.slice(0, DRAWN_PAGE_KINDS);
  const viewsByKind = new Map(kinds.map((kind) => [kind, perDay(days, pageViews.filter((row) => row.dimension === kind), (row) => row.count)]));
  const viewsOf = (kind: string) => viewsByKind.get(kind)!;
  const otherViews = perDay(days, pageViews.filter((row) => !drawn.includes(row.dimension)), (row) => row.count);
  const visitors = metric('visitors');

  const searches = metric('search');
  const zeroResults = metric('zero_result_search');
  const zeroShare = days.map((_, index) => percent(zeroResults[index]!, searches[index]!));

  const fromArtwork = perDay(days, counts.filter((row) => row.metric === 'generation_completed' && row.dimension === 'from_artwork'), (row) => row.count);
  const conversions = [
    { label: 'searches that led to an artwork', values: metric('search_to_artwork') },
    { label: '“Generate with this prompt” clicks', values: metric('generate_click') },
    { label: 'generations completed', values: metric('generation_completed') },
    { label: 'sign-ups', values: metric('sign_up') },
  ];

  return [
    {
      id: 'traffic',
      title: 'Visitors and page views',
      summary: 'Page views per day by kind of page, and visitors (each counted once a day).',
      chart: {
        kind: 'time',
        days,
        bars: [...drawn.map((kind) => ({ label: kind, values: viewsOf(kind) })), ...(kinds.length > drawn.length ? [{ label: 'other', values: otherViews }] : [])],
        stacked: true,
        lines: [{ label: 'visitors', values: visitors }],
        lineUnit: 'count',
      },
      table: { columns: ['day', 'visitors', ...kinds.map((kind) => `page views: ${kind}`)], rows: days.map((day, index) => [day, visitors[index]!, ...kinds.map((kind) => viewsOf(kind)[index]!)]) },
    },
    {
      id: 'searches',
      title: 'Searches and zero-result share',
      summary: 'Searches per day (a query typed live counts once) and the share of them that found nothing.',
      chart: {
        kind: 'time',
        days,
        bars: [
          { label: 'searches with results', values: searches.map((total, index) => total - zeroResults[index]!) },
          { label: 'searches with no result', values: zeroResults },
        ],
        stacked: true,
        lines: [{ label: 'zero-result share', values: zeroShare }],
        lineUnit: 'percent',
      },
      table: { columns: ['day', 'searches', 'zero-result searches', 'zero-result share (%)'], rows: days.map((day, index) => [day, searches[index]!, zeroResults[index]!, zeroShare[index]!]) },
    },
    {
      id: 'top-queries',
      title: 'Top queries',
      summary: `The ${TOP_QUERIES} most searched queries. Only queries at least 5 different visitors sent on one day are ever stored.`,
      chart: { kind: 'ranking', valueLabel: 'searches', items: topQueries.map((row) => ({ label: row.query, value: row.searches })) },
      table: { columns: ['query', 'searches', 'zero-result searches'], rows: topQueries.map((row) => [row.query, row.searches, row.zeroResultSearches]) },
    },
    {
      id: 'top-zero-result-queries',
      title: 'Top zero-result queries',
      summary: 'What people look for and do not find: the list that says what to crawl next.',
      chart: { kind: 'ranking', valueLabel: 'searches with no result', items: topZeroResultQueries.map((row) => ({ label: row.query, value: row.zeroResultSearches })) },
      table: { columns: ['query', 'zero-result searches', 'searches'], rows: topZeroResultQueries.map((row) => [row.query, row.zeroResultSearches, row.searches]) },
    },
    {
      id: 'conversions',
      title: 'From search to generation',
      summary: 'Searches that led to an artwork page (a visitor’s query counts once a day), clicks on “Generate with this prompt”, completed generations and sign-ups per day.',
      chart: { kind: 'time', days, bars: conversions, stacked: false, lines: [], lineUnit: 'count' },
      table: {
        columns: ['day', ...conversions.map((series) => series.label), 'of which from an artwork’s prompt'],
        rows: days.map((day, index) => [day, ...conversions.map((series) => series.values[index]!), fromArtwork[index]!]),
      },
    },
  ];
}
