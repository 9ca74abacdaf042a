import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/analytics/analytics-day.ts';
import { queryTag } from '../../src/analytics/query-threshold.ts';
import { FAST_HASHING, createVerifiedAccount } from '../auth/support/accounts.ts';
import { createTestClock, DAY_MS } from '../auth/support/test-clock.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

interface Visitor {
  ip: string;
  ua: string;
}

let visitorCounter = 0;
/** A visitor of its own: an address from TEST-NET-3 and a browser-like user agent. */
function newVisitor(): Visitor {
  visitorCounter += 1;
  return { ip: `203.0.113.${visitorCounter}`, ua: `Mozilla/5.0 (X11; Linux x86_64) TestBrowser/${visitorCounter}` };
}

describe('usage analytics: daily counts, k-anonymous queries, daily visitor keys, retention', () => {
  let t: TestApp;
  const clock = createTestClock();
  let artworkId: string;

  beforeAll(async () => {
    // Trusting loopback lets each test visitor bring its own address in X-Forwarded-For.
    t = await startTestApp({ ...FAST_HASHING, TRUST_PROXY: 'loopback' }, { clock });
    artworkId = await ingestTestArtwork(t.app, { prompt: 'a quiet lighthouse on a cliff at dusk, oil painting' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const today = () => utcDay(clock.now());
  const flush = () => t.app.analytics.recorder.flush({ settleTyping: true });

  async function visit(visitor: Visitor, path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: { 'X-Forwarded-For': visitor.ip, 'User-Agent': visitor.ua, Accept: 'text/html', ...headers }, redirect: 'manual' });
    await response.arrayBuffer();
    return response;
  }
  /** A request as a browser's navigation sends it: fetch() would always say Sec-Fetch-Mode: cors. */
  function navigate(visitor: Visitor, path: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${t.baseUrl}${path}`, { headers: { 'X-Forwarded-For': visitor.ip, 'User-Agent': visitor.ua, Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate', ...headers } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
    });
  }
  const search = (visitor: Visitor, q: string) => visit(visitor, `/api/search?q=${encodeURIComponent(q)}`, { Accept: 'application/json' });

  async function countOf(day: string, metric: string, dimension = ''): Promise<number> {
    const row = await t.database.db.selectFrom('analytics_daily_counts').select('count').where('day', '=', day).where('metric', '=', metric).where('dimension', '=', dimension).executeTakeFirst();
    return Number(row?.count ?? 0);
  }
  async function countsOf(day: string): Promise<Record<string, number>> {
    const rows = await t.database.db.selectFrom('analytics_daily_counts').select(['metric', 'dimension', 'count']).where('day', '=', day).execute();
    return Object.fromEntries(rows.map((row) => [`${row.metric}${row.dimension ? `:${row.dimension}` : ''}`, Number(row.count)]));
  }
  async function storedQuery(day: string, query: string) {
    return t.database.db.selectFrom('analytics_daily_queries').select(['searches', 'zero_result_searches']).where('day', '=', day).where('query', '=', query).executeTakeFirst();
  }
  async function keyOf(day: string): Promise<Buffer | undefined> {
    const row = await t.database.db.selectFrom('analytics_visitor_keys').select('secret').where('day', '=', day).executeTakeFirst();
    return row?.secret;
  }
  async function candidatesOf(day: string, query: string): Promise<Buffer[]> {
    const key = await keyOf(day);
    if (!key) return [];
    const rows = await t.database.db.selectFrom('analytics_query_candidates').select('visitor_tag').where('day', '=', day).where('query_tag', '=', queryTag(key, query)).execute();
    return rows.map((row) => row.visitor_tag);
  }
  /** Every analytics row as text, to look for what must never be stored. */
  async function everythingStored(): Promise<string> {
    const tables = ['analytics_daily_counts', 'analytics_daily_queries', 'analytics_query_candidates', 'analytics_day_firsts', 'analytics_visitor_keys'];
    const dumps = await Promise.all(tables.map((table) => sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t`.execute(t.database.db)));
    return dumps.flatMap((dump) => dump.rows.map((row) => row.row)).join('\n');
  }

  it('counts page views by kind, searches, zero-result searches, searches that led to an artwork and generate clicks', async () => {
    const day = today();
    const before = await countsOf(day);
    const reader = newVisitor();
    expect((await visit(reader, '/')).status).toBe(200);
    expect((await search(reader, 'lighthouse')).status).toBe(200);
    expect((await search(reader, 'qwxzzy')).status).toBe(200);
    expect((await visit(reader, `/a/${artworkId}`, { Referer: `${t.baseUrl}/?q=lighthouse` })).status).toBe(200);
    // Back to the results and into an artwork again: still one search that led to an artwork; another query is another.
    expect((await visit(reader, `/a/${artworkId}`, { Referer: `${t.baseUrl}/?q=Lighthouse&sort=newest` })).status).toBe(200);
    expect((await visit(reader, `/a/${artworkId}`, { Referer: `${t.baseUrl}/?q=quiet+lighthouse` })).status).toBe(200);
    // From another artwork's page, and a "search" page without words: page views, nothing more.
    expect((await visit(reader, `/a/${artworkId}`, { Referer: `${t.baseUrl}/a/1` })).status).toBe(200);
    expect((await visit(reader, `/a/${artworkId}`, { Referer: `${t.baseUrl}/?q=` })).status).toBe(200);
    // Signed out, the page's script first fetches the dialog (sent on to sign-in), then follows the link: one click.
    const fromArtwork = { Referer: `${t.baseUrl}/a/${artworkId}` };
    expect((await visit(reader, `/generate?artwork=${artworkId}`, fromArtwork)).status).toBe(303);
    expect(await navigate(reader, `/generate?artwork=${artworkId}`, fromArtwork)).toBe(303);
    // Typed in, or from another site: not a click on the artwork page's button.
    expect(await navigate(reader, `/generate?artwork=${artworkId}`)).toBe(303);
    expect(await navigate(reader, `/generate?artwork=${artworkId}`, { Referer: `https://elsewhere.example/a/${artworkId}` })).toBe(303);
    // Robots, admin pages, errors and the JSON API are not page views.
    expect((await visit({ ip: '198.51.100.7', ua: 'Mozilla/5.0 (compatible; Googlebot/2.1)' }, '/')).status).toBe(200);
    expect((await search({ ip: '198.51.100.7', ua: 'Mozilla/5.0 (compatible; Googlebot/2.1)' }, 'lighthouse')).status).toBe(200);
    expect((await visit(reader, '/admin')).status).toBe(303);
    expect((await visit(reader, '/a/999999999')).status).toBe(404);
    expect((await visit(reader, `/api/artworks/${artworkId}`, { Accept: 'application/json' })).status).toBe(200);
    await flush();

    const after = await countsOf(day);
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    expect(delta('page_view:search')).toBe(1);
    expect(delta('page_view:artwork')).toBe(5);
    expect(delta('search')).toBe(2);
    expect(delta('zero_result_search')).toBe(1);
    expect(delta('search_to_artwork')).toBe(2);
    expect(delta('generate_click')).toBe(1);
    expect(delta('visitors')).toBe(1);
    expect(Object.keys(after).filter((key) => key.startsWith('page_view:/admin'))).toEqual([]);

    const stored = await everythingStored();
    for (const secret of [reader.ip, reader.ua, 'qwxzzy', '198.51.100.7']) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/"(account_id|ip|user_agent|session)/);
  });

  it('counts a search typed live once, with its final words and result count', async () => {
    const day = today();
    const [searches, zero] = [await countOf(day, 'search'), await countOf(day, 'zero_result_search')];
    const typist = newVisitor();
    for (const q of ['lig', 'lighth', 'lighthous', 'lighthouse']) await search(typist, q);
    // Loading the search page for the query it settled on is the same search, not another.
    await visit(typist, '/?q=lighthouse');
    await flush();
    expect(await countOf(day, 'search')).toBe(searches + 1);
    expect(await countOf(day, 'zero_result_search')).toBe(zero);
  });

  it('counts sign-ups on the day the account was made', async () => {
    const { rows } = await sql<{ day: string }>`select to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as day`.execute(t.database.db);
    const day = rows[0]!.day;
    const before = await countOf(day, 'sign_up');
    await createVerifiedAccount(t.app);
    await createVerifiedAccount(t.app);
    expect(await countOf(day, 'sign_up')).toBe(before + 2);
  });

  it('stores a query only once 5 different visitors sent it that day, then with every search of it', async () => {
    const day = today();
    const query = 'misty harbour dawn';
    const visitors = [newVisitor(), newVisitor(), newVisitor(), newVisitor(), newVisitor(), newVisitor()];
    for (const visitor of visitors.slice(0, 4)) await search(visitor, query);
    // The first visitor asks again (after another query, so it is not the same search retyped).
    await search(visitors[0]!, 'xylophone');
    await search(visitors[0]!, 'Misty   HARBOUR dawn');
    await flush();
    expect(await storedQuery(day, query)).toBeUndefined();
    expect(await candidatesOf(day, query)).toHaveLength(4);
    const stored = await everythingStored();
    expect(stored).not.toContain('misty');
    expect(stored).not.toContain('xylophone');

    // However often one visitor asks, they are one of the five.
    await search(visitors[1]!, 'xylophone');
    await search(visitors[1]!, query);
    await flush();
    expect(await storedQuery(day, query)).toBeUndefined();
    expect(await candidatesOf(day, query)).toHaveLength(4);

    await search(visitors[4]!, query);
    await flush();
    // 2 + 2 + 1 + 1 + 1 searches by five visitors; nothing indexed matches them.
    expect(await storedQuery(day, query)).toEqual({ searches: 7, zero_result_searches: 7 });
    expect(await candidatesOf(day, query)).toHaveLength(0);

    await search(visitors[5]!, query);
    await flush();
    expect(await storedQuery(day, query)).toEqual({ searches: 8, zero_result_searches: 8 });
    // Four visitors of "xylophone" (two of them) stay below the threshold.
    expect(await storedQuery(day, 'xylophone')).toBeUndefined();
  });

  it('tells visitors apart only within a day: each day has a new key and the old one is destroyed', async () => {
    const firstDay = today();
    const query = 'amber fox snow';
    const visitors = [newVisitor(), newVisitor(), newVisitor(), newVisitor(), newVisitor()];
    const visitorsBefore = await countOf(firstDay, 'visitors');
    for (const visitor of visitors.slice(0, 4)) await search(visitor, query);
    await visit(visitors[0]!, '/');
    await flush();
    expect(await countOf(firstDay, 'visitors')).toBe(visitorsBefore + 4);
    const firstKey = await keyOf(firstDay);
    expect(firstKey).toBeDefined();
    const firstTags = await candidatesOf(firstDay, query);
    expect(firstTags).toHaveLength(4);

    clock.advance(DAY_MS);
    const secondDay = today();
    // The first flush of a new day destroys yesterday's key, its visitors and its candidates, even with nothing to write.
    await t.app.analytics.recorder.flush();
    expect(await keyOf(firstDay)).toBeUndefined();
    expect(await t.database.db.selectFrom('analytics_query_candidates').select('day').where('day', '<', secondDay).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('analytics_day_firsts').select('day').where('day', '<', secondDay).execute()).toEqual([]);

    // The same four people the next day are four new visitors: yesterday's searches do not carry over.
    for (const visitor of visitors.slice(0, 4)) await search(visitor, query);
    await flush();
    expect(await countOf(secondDay, 'visitors')).toBe(4);
    const secondKey = await keyOf(secondDay);
    expect(secondKey?.equals(firstKey!)).toBe(false);
    const secondTags = await candidatesOf(secondDay, query);
    expect(secondTags).toHaveLength(4);
    expect(secondTags.some((tag) => firstTags.some((old) => old.equals(tag)))).toBe(false);
    expect(await storedQuery(secondDay, query)).toBeUndefined();

    await search(visitors[4]!, query);
    await flush();
    expect(await storedQuery(secondDay, query)).toEqual({ searches: 5, zero_result_searches: 5 });
    expect(await storedQuery(firstDay, query)).toBeUndefined();
  });

  it('deletes counts and queries older than the retention (13 months by default), keeping younger ones', async () => {
    const oldDay = today();
    const visitors = [newVisitor(), newVisitor(), newVisitor(), newVisitor(), newVisitor()];
    for (const visitor of visitors) await search(visitor, 'retention probe');
    await flush();
    expect(await countOf(oldDay, 'search')).toBeGreaterThanOrEqual(5);
    expect(await storedQuery(oldDay, 'retention probe')).toBeDefined();

    clock.advance(200 * DAY_MS);
    const youngerDay = today();
    await visit(newVisitor(), '/');
    await flush();
    expect(await countOf(youngerDay, 'page_view', 'search')).toBe(1);

    // 13 calendar months are 395 to 397 days: at 390 days oldDay stays, at 400 it goes; youngerDay (200 days) stays.
    clock.advance(190 * DAY_MS);
    expect(await t.app.analytics.purgeExpired()).toBe(0);
    clock.advance(10 * DAY_MS);
    expect(await t.app.analytics.purgeExpired()).toBeGreaterThan(0);
    expect(await countsOf(oldDay)).toEqual({});
    expect(await storedQuery(oldDay, 'retention probe')).toBeUndefined();
    expect(await countOf(youngerDay, 'page_view', 'search')).toBe(1);
  });

  it('says exactly this on the privacy page', async () => {
    const page = await fetch(`${t.baseUrl}/privacy`);
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(text).toContain('No IP addresses and no user ids are stored for statistics, and no cookie is set or read for them.');
    expect(text).toContain('at least 5 different visitors');
    expect(text).toContain('The key is replaced every day and the old one destroyed');
    expect(text).toContain('kept for 13 months');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('set-cookie')).toBeNull();
  });
});
