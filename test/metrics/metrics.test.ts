import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrawlService } from '../../crawlers/crawl.service.ts';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { testSource } from '../crawlers/support/crawl-harness.ts';
import { feedItems, jsonFeed } from '../crawlers/support/feed-fixtures.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from '../crawlers/support/fixture-server.ts';
import { FAST_QUEUE, requestGeneration, signedInUser, waitForGeneration } from '../generation/support/generation-app.ts';
import { ingestTestArtwork, renderTestImage, startTestApp, type TestApp } from '../support/test-app.ts';
import { fileConfirmedNotice } from '../takedowns/support/takedown-helpers.ts';
import { parsePrometheusText, valueOf } from './prometheus-text.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('GET /metrics', () => {
  let t: TestApp;
  let feeds: FixtureServer;

  async function scrape() {
    const response = await fetch(`${t.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    return { text, samples: parsePrometheusText(text) };
  }

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_QUEUE, METRICS_TOKEN: TOKEN });
    feeds = await startFixtureServer();
  });
  afterAll(async () => {
    await t?.close();
    await feeds?.close();
  });

  it('answers 401 without the bearer token or with another one', async () => {
    const without = await fetch(`${t.baseUrl}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { Authorization: 'Bearer not-the-token-at-all-000000' } })).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { Authorization: TOKEN } })).status).toBe(401);
  });

  it('measures requests by route template, never by raw URL, query string or personal data', async () => {
    const id = await ingestTestArtwork(t.app);
    expect((await fetch(`${t.baseUrl}/api/artworks/${id}?email=someone%40mail.example`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/no/such/page/someone@mail.example`)).status).toBe(404);
    const { text, samples } = await scrape();
    expect(valueOf(samples, 'artsift_http_request_duration_seconds_count', { method: 'GET', route: '/api/artworks/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'artsift_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('mail.example');
    expect(text).not.toContain(`/api/artworks/${id}`);
    expect(text).not.toContain('/no/such/page');
    // Process memory and event-loop lag come with every scrape.
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'artsift_db_pool_max_connections')).toBe(10);
    expect(valueOf(samples, 'artsift_metrics_database_up')).toBe(1);
  });

  it('counts searches by engine and query kind, zero-result searches included, without their words', async () => {
    await ingestTestArtwork(t.app, { prompt: 'a copper kettle on a windowsill, morning light' });
    const before = (await scrape()).samples;
    const count = (samples: typeof before, kind: string) => valueOf(samples, 'artsift_search_duration_seconds_count', { engine: 'postgres', kind }) ?? 0;
    const zero = (samples: typeof before, kind: string) => valueOf(samples, 'artsift_search_zero_results_total', { engine: 'postgres', kind }) ?? 0;

    expect((await fetch(`${t.baseUrl}/api/search?q=kettle`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/search?q=zyxwvutsrq`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/search?q=${encodeURIComponent('"copper kettle"')}`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/search`)).status).toBe(200);

    const { text, samples } = await scrape();
    expect(count(samples, 'words') - count(before, 'words')).toBe(2);
    expect(zero(samples, 'words') - zero(before, 'words')).toBe(1);
    expect(count(samples, 'syntax') - count(before, 'syntax')).toBe(1);
    expect(zero(samples, 'syntax') - zero(before, 'syntax')).toBe(0);
    expect(count(samples, 'browse') - count(before, 'browse')).toBe(1);
    const zeroBucket = (s: typeof before) => valueOf(s, 'artsift_search_results_bucket', { engine: 'postgres', kind: 'words', le: '0' }) ?? 0;
    expect(zeroBucket(samples) - zeroBucket(before)).toBe(1);
    expect(text).not.toContain('kettle');
    expect(text).not.toContain('zyxwvutsrq');
  });

  it('counts crawl runs and items by outcome per source', async () => {
    const items = feedItems(3, feeds.origin, 'metrics');
    for (const [index, item] of items.slice(0, 2).entries()) feeds.route(new URL(item.imageUrl).pathname, sendBytes('image/png', await renderTestImage(500 + index, 96, 96)));
    // The third item's image is missing: a failed item.
    feeds.route('/feed.json', sendBytes('application/feed+json', jsonFeed(items)));
    const crawl = createCrawlService({
      db: t.app.db,
      artworks: t.app.artworks,
      logger: t.app.logger,
      config: t.app.config,
      blocklist: t.app.takedowns.crawlBlocklist,
      http: t.app.crawlerHttp,
      sources: [testSource({ name: 'metrics-feed', type: 'feed', artworkSource: 'metrics-site', options: { url: `${feeds.origin}/feed.json` } })],
    });
    const report = await crawl.run('metrics-feed', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 3, new: 2, failed: 1 });

    const { samples } = await scrape();
    expect(valueOf(samples, 'artsift_crawl_runs_total', { source: 'metrics-feed', status: report.status })).toBe(1);
    expect(valueOf(samples, 'artsift_crawl_items_total', { source: 'metrics-feed', outcome: 'new' })).toBe(2);
    expect(valueOf(samples, 'artsift_crawl_items_total', { source: 'metrics-feed', outcome: 'failed' })).toBe(1);
    expect(valueOf(samples, 'artsift_crawl_items_total', { source: 'metrics-feed', outcome: 'fetched' })).toBe(3);
    expect(valueOf(samples, 'artsift_crawl_runs_running', { source: 'metrics-feed' })).toBeUndefined();

    // A run under way is a gauge; it joins the counter by its status once it ends.
    const { id } = await t.app.db.insertInto('crawl_runs').values({ source: 'metrics-busy', trigger: 'schedule', items_fetched: 4 }).returning('id').executeTakeFirstOrThrow();
    const during = (await scrape()).samples;
    expect(valueOf(during, 'artsift_crawl_runs_running', { source: 'metrics-busy' })).toBe(1);
    expect(valueOf(during, 'artsift_crawl_runs_total', { source: 'metrics-busy' })).toBeUndefined();
    expect(valueOf(during, 'artsift_crawl_items_total', { source: 'metrics-busy', outcome: 'fetched' })).toBe(4);
    await t.app.db.updateTable('crawl_runs').set({ status: 'failed', finished_at: new Date() }).where('id', '=', id).execute();
    const after = (await scrape()).samples;
    expect(valueOf(after, 'artsift_crawl_runs_total', { source: 'metrics-busy', status: 'failed' })).toBe(1);
    expect(valueOf(after, 'artsift_crawl_runs_running', { source: 'metrics-busy' })).toBeUndefined();
  });

  it('counts generation jobs by state and provider, their waits and the credits they move', async () => {
    const user = await signedInUser(t);
    const job = await requestGeneration(user.agent);
    expect((await waitForGeneration(user.agent, job.id, ['succeeded'])).status).toBe('succeeded');

    const { samples } = await scrape();
    for (const state of ['queued', 'running', 'succeeded']) {
      expect(valueOf(samples, 'artsift_generation_jobs_total', { state, provider: 'offline' })).toBe(1);
    }
    expect(valueOf(samples, 'artsift_generation_starts_total', { provider: 'offline' })).toBe(1);
    expect(valueOf(samples, 'artsift_generation_queue_wait_seconds_total', { provider: 'offline' })).toBeGreaterThanOrEqual(0);
    // Nothing waits any more: the queue is empty.
    expect(valueOf(samples, 'artsift_generation_jobs', { state: 'queued', provider: 'offline' })).toBeUndefined();
    expect(valueOf(samples, 'artsift_generation_queue_oldest_seconds')).toBe(0);
    expect(valueOf(samples, 'artsift_credits_moved_total', { reason: 'generation_reserved', direction: 'out' })).toBe(1);
    expect(valueOf(samples, 'artsift_credit_movements_total', { reason: 'generation_settled', direction: 'in' })).toBe(1);
  });

  it('shows queued generation jobs as the queue depth with the age of the oldest', async () => {
    const account = await createVerifiedAccount(t.app);
    await t.app.db
      .insertInto('generations')
      .values({ account_id: account.account.id, model: 'offline-detailed', aspect: 'square', seed: 1, cost: 2, prompt: 'waiting', created_at: new Date(Date.now() - 90_000) })
      .execute();
    const { samples } = await scrape();
    expect(valueOf(samples, 'artsift_generation_jobs', { state: 'queued', provider: 'offline' })).toBe(1);
    expect(valueOf(samples, 'artsift_generation_queue_oldest_seconds')).toBeGreaterThanOrEqual(90);
    await t.app.db.deleteFrom('generations').where('prompt', '=', 'waiting').execute();
  });

  it('counts credit adjustments by reason and direction', async () => {
    const account = await createVerifiedAccount(t.app);
    const before = (await scrape()).samples;
    const moved = (samples: typeof before, direction: string) => valueOf(samples, 'artsift_credits_moved_total', { reason: 'admin_adjustment', direction }) ?? 0;
    await t.app.credits.ledger.adjust({ accountId: account.account.id, amount: 25, reason: 'goodwill' });
    await t.app.credits.ledger.adjust({ accountId: account.account.id, amount: -5, reason: 'correction' });
    const { samples } = await scrape();
    expect(moved(samples, 'in') - moved(before, 'in')).toBe(25);
    expect(moved(samples, 'out') - moved(before, 'out')).toBe(5);
    expect(valueOf(samples, 'artsift_credit_movements_total', { reason: 'signup_grant', direction: 'in' })).toBeGreaterThanOrEqual(1);
  });

  it('shows the takedown queue size and the age of its oldest notice', async () => {
    const id = await ingestTestArtwork(t.app);
    expect(valueOf((await scrape()).samples, 'artsift_takedown_queue_size')).toBe(0);
    const notice = await fileConfirmedNotice(t, new HttpAgent(t.baseUrl), [id], 'rights-metrics@studio.example');
    expect(notice.status).toBe('queued');
    await t.app.db.updateTable('takedown_notices').set({ confirmed_at: new Date(Date.now() - 3_600_000) }).where('id', '=', notice.id).execute();
    const { text, samples } = await scrape();
    expect(valueOf(samples, 'artsift_takedown_queue_size')).toBe(1);
    expect(valueOf(samples, 'artsift_takedown_queue_oldest_seconds')).toBeGreaterThanOrEqual(3600);
    expect(text).not.toContain('rights-metrics');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('does not exist', async () => {
    const t = await startTestApp();
    try {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
