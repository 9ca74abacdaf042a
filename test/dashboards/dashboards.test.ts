import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrawlService } from '../../crawlers/crawl.service.ts';
import { utcDay } from '../../src/analytics/analytics-day.ts';
import type { Dashboard, DashboardPanel } from '../../src/dashboards/dashboard.ts';
import { createVerifiedAccount, signedInAgent } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { createTestClock, HOUR_MS } from '../auth/support/test-clock.ts';
import { testSource } from '../crawlers/support/crawl-harness.ts';
import { creditsUser, startCreditsApp } from '../credits/support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from '../credits/support/fake-stripe-api.ts';
import { deliverWebhook, packCheckoutCompleted } from '../credits/support/stripe-webhooks.ts';
import { waitForGeneration } from '../generation/support/generation-app.ts';
import { automatic1111Models, startFakeAutomatic1111, type FakeAutomatic1111 } from '../generation/support/fake-automatic1111.ts';
import { ingestTestArtwork, renderTestImage, type TestApp } from '../support/test-app.ts';
import { fileConfirmedNotice, signedInAdmin } from '../takedowns/support/takedown-helpers.ts';

/**
 * The admin dashboards against a real app in which the test did known things: searches by
 * known visitors, a crawl with a broken file, a generation that worked and one that failed,
 * a credit pack bought, takedown notices decided after known delays.
 */
describe('admin dashboards: every chart with its table and CSV, values from what happened', () => {
  let stripe: FakeStripeApi;
  let provider: FakeAutomatic1111;
  let tmp: string;
  let t: TestApp;
  let admin: HttpAgent;
  const clock = createTestClock();
  let visitorCounter = 0;
  let searchDay: string;
  let generationDay: string;
  let decisionDay: string;

  const search = async (q: string, visitor = (visitorCounter += 1)) => {
    const response = await fetch(`${t.baseUrl}/api/search?q=${encodeURIComponent(q)}`, { headers: { 'X-Forwarded-For': `198.51.100.${visitor}`, 'User-Agent': `DashboardTest/${visitor}` } });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    [stripe, provider, tmp] = await Promise.all([startFakeStripeApi(), startFakeAutomatic1111(), mkdtemp(path.join(os.tmpdir(), 'artsift-dashboards-'))]);
    const modelsFile = path.join(tmp, 'models.json');
    await writeFile(modelsFile, JSON.stringify(automatic1111Models(provider.baseUrl)));
    t = await startCreditsApp(stripe.url, { MODELS_FILE: modelsFile, TRUST_PROXY: 'loopback' }, { clock });
    const artworkId = await ingestTestArtwork(t.app, { prompt: 'a quiet lighthouse on a cliff at dusk, oil painting' });

    // Searches: "lighthouse" by 7 visitors (found), "neon koi pond" by 6 (one twice), "zzqx" by one.
    for (let i = 0; i < 7; i += 1) await search('lighthouse');
    for (let i = 0; i < 6; i += 1) await search('neon koi pond');
    await search('zzqx', 100);
    await search('Neon Koi  Pond', 100);
    for (let i = 0; i < 5; i += 1) await search('<script>alert(1)</script> koi');
    for (let i = 0; i < 5; i += 1) await search('=HYPERLINK("http://evil.example") koi');
    await t.app.analytics.recorder.flush({ settleTyping: true });
    searchDay = utcDay(clock.now());

    // A crawl of a folder with two images and one broken file.
    const folder = path.join(tmp, 'crawl');
    await mkdir(folder);
    await writeFile(path.join(folder, 'a.png'), await renderTestImage(901, 96, 96));
    await writeFile(path.join(folder, 'b.png'), await renderTestImage(902, 96, 96));
    await writeFile(path.join(folder, 'broken.png'), 'not a png');
    const crawl = createCrawlService({ db: t.app.db, artworks: t.app.artworks, logger: t.app.logger, config: t.app.config, blocklist: t.app.takedowns.crawlBlocklist, http: t.app.crawlerHttp, sources: [testSource({ name: 'dash-folder', type: 'import', options: { folder, publicBaseUrl: 'https://art.example/dash' } })] });
    expect((await crawl.run('dash-folder', { trigger: 'cli' })).counts).toMatchObject({ fetched: 3, failed: 1 });

    // Credits: a pack of 100 bought; generations: one from the artwork's prompt that works (3 credits), one that fails (refunded).
    const buyer = await creditsUser(t);
    expect((await buyer.agent.post('/api/billing/checkout', { pack: 'starter' })).status).toBe(200);
    const customer = stripe.calls.findLast((call) => call.path === '/v1/checkout/sessions')!.form.customer!;
    expect((await deliverWebhook(t.baseUrl, packCheckoutCompleted({ sessionId: 'cs_dash', accountId: buyer.id, customer, pack: 'starter', paymentIntent: 'pi_dash', amount: 900 }))).status).toBe(200);
    provider.script('ok');
    const good = await buyer.agent.post<{ id: string }>('/api/generations', { prompt: 'a quiet lighthouse', model: 'local-sd', artworkId });
    expect(good.status, good.text).toBe(202);
    await waitForGeneration(buyer.agent, good.body.id, ['succeeded']);
    provider.script('server-error', 'server-error', 'server-error');
    const bad = await buyer.agent.post<{ id: string }>('/api/generations', { prompt: 'a lighthouse', model: 'local-sd' });
    expect(bad.status).toBe(202);
    await waitForGeneration(buyer.agent, bad.body.id, ['failed'], 20_000);
    generationDay = utcDay(new Date());

    // Takedowns: A confirmed, 3 hours later B confirmed, 2 hours later both decided (after 5 h and 2 h).
    const filer = new HttpAgent(t.baseUrl);
    const noticeA = await fileConfirmedNotice(t, filer, [artworkId], 'a@rights.example');
    clock.advance(3 * HOUR_MS);
    const noticeB = await fileConfirmedNotice(t, filer, [artworkId], 'b@rights.example');
    clock.advance(2 * HOUR_MS);
    admin = (await signedInAdmin(t)).agent;
    for (const notice of [noticeA, noticeB]) expect((await admin.post(`/api/admin/takedowns/${notice.id}/decision`, { decision: 'reject', reason: 'not ours' })).status).toBe(200);
    decisionDay = utcDay(clock.now());
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await provider?.close();
    await stripe?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function dashboard(days = 30): Promise<Dashboard> {
    const response = await admin.get<Dashboard>(`/api/admin/dashboards?days=${days}`);
    expect(response.status).toBe(200);
    return response.body;
  }
  const panelOf = (board: Dashboard, id: string): DashboardPanel => board.panels.find((panel) => panel.id === id)!;
  const rowOf = (panel: DashboardPanel, day: string) => panel.table.rows.find((row) => row[0] === day);
  const sumOf = (panel: DashboardPanel, column: number) => panel.table.rows.reduce((sum, row) => sum + Number(row[column] ?? 0), 0);

  it('counts searches, zero-result searches and their share per day', async () => {
    const searches = panelOf(await dashboard(), 'searches');
    // 7 + 7 + 1 + 5 + 5 searches; all but "lighthouse" found nothing.
    expect(rowOf(searches, searchDay)).toEqual([searchDay, 25, 18, 72]);
    expect(searches.table.rows).toHaveLength(30);
    expect(searches.table.rows.at(-1)![0]).toBe(utcDay(clock.now()));
  });

  it('lists top queries and top zero-result queries, only those 5 visitors sent', async () => {
    const board = await dashboard();
    expect(panelOf(board, 'top-queries').table.rows).toEqual([
      ['lighthouse', 7, 0],
      ['neon koi pond', 7, 7],
      ['<script>alert(1)</script> koi', 5, 5],
      ['=hyperlink("http://evil.example") koi', 5, 5],
    ]);
    expect(panelOf(board, 'top-zero-result-queries').table.rows.map((row) => row[0])).toEqual(['neon koi pond', '<script>alert(1)</script> koi', '=hyperlink("http://evil.example") koi']);
    expect(JSON.stringify(board)).not.toContain('zzqx');
  });

  it('shows crawl items per source per day with failures, generations with their failure rate, credits sold and spent', async () => {
    const board = await dashboard();
    expect(panelOf(board, 'crawls').table.rows).toEqual([[generationDay, 'dash-folder', 3, 1, 0]]);
    expect(rowOf(panelOf(board, 'generations'), generationDay)).toEqual([generationDay, 1, 1, 50]);
    // 100 bought; 3 reserved twice, 3 refunded.
    expect(rowOf(panelOf(board, 'credits'), generationDay)).toEqual([generationDay, 100, 3]);
    const conversions = panelOf(board, 'conversions');
    expect(conversions.table.columns).toContain('generations completed');
    expect(sumOf(conversions, conversions.table.columns.indexOf('generations completed'))).toBe(1);
    expect(sumOf(conversions, conversions.table.columns.indexOf('of which from an artwork’s prompt'))).toBe(1);
    // Every account this app holds was made within the last 30 days.
    const accounts = await t.database.db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    expect(sumOf(conversions, conversions.table.columns.indexOf('sign-ups'))).toBe(Number(accounts.count));
  });

  it('shows takedowns received and the median time to decision', async () => {
    const takedowns = panelOf(await dashboard(), 'takedowns');
    expect(sumOf(takedowns, 1)).toBe(2);
    expect(rowOf(takedowns, decisionDay)?.slice(2)).toEqual([2, 3.5]);
  });

  it('renders each chart as inline SVG beside an accessible table, escaping stored queries', async () => {
    const page = await admin.get('/admin?days=7', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    const board = await dashboard(7);
    for (const panel of board.panels) {
      expect(page.text).toContain(`id="dashboard-${panel.id}"`);
      expect(page.text).toContain(`href="/admin/dashboards/${panel.id}.csv?days=7"`);
    }
    expect(page.text.match(/<svg class="dashboard-chart[^"]*" [^>]*role="img" aria-labelledby="dashboard-[a-z-]+-title"/g)).toHaveLength(board.panels.length);
    expect(page.text.match(/<table class="admin-table">\s*<caption/g)).toHaveLength(board.panels.length);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; koi');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text.match(/<script/g)).toHaveLength(1);
    expect(page.text).toContain('aria-current="page">7 days');
  });

  it('downloads each table as CSV, with formula-like cells defused', async () => {
    const csv = await admin.get('/admin/dashboards/top-queries.csv?days=30', { Accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename=top-queries.csv');
    expect(csv.text).toBe(
      'query,searches,zero-result searches\r\nlighthouse,7,0\r\nneon koi pond,7,7\r\n<script>alert(1)</script> koi,5,5\r\n"\'=hyperlink(""http://evil.example"") koi",5,5\r\n',
    );
    const searches = await admin.get('/admin/dashboards/searches.csv?days=7');
    expect(searches.text.split('\r\n')[0]).toBe('day,searches,zero-result searches,zero-result share (%)');
    expect(searches.text.trim().split('\r\n')).toHaveLength(8);
  });

  it('is for admins past TOTP only, and refuses bad input with the field at fault', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    expect((await visitor.get('/admin/dashboards/searches.csv')).status).toBe(303);
    expect((await visitor.get('/api/admin/dashboards')).status).toBe(401);
    const member = await createVerifiedAccount(t.app);
    const memberAgent = await signedInAgent(t, member.email, member.password);
    expect((await memberAgent.get('/admin/dashboards/searches.csv')).status).toBe(403);
    expect((await memberAgent.get('/api/admin/dashboards')).status).toBe(403);
    expect((await admin.get('/admin/dashboards/nothing-here.csv')).status).toBe(404);
    const badRange = await admin.get<{ error: { issues?: { field: string }[]; field?: string } }>('/api/admin/dashboards?days=0');
    expect(badRange.status).toBe(400);
    expect(JSON.stringify(badRange.body.error)).toContain('days');
  });
});
