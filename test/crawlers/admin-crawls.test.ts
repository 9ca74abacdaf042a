import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from '../auth/support/accounts.ts';
import { createTestClock } from '../auth/support/test-clock.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('GET /admin/crawls: the operator view of crawling', () => {
  let t: TestApp;
  const clock = createTestClock();

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING, { clock });
    await t.app.db
      .insertInto('crawl_runs')
      .values({
        source: 'nightly-civitai',
        trigger: 'schedule',
        status: 'succeeded',
        finished_at: new Date(),
        items_fetched: 12,
        items_new: 9,
        items_blocked: 2,
        errors: JSON.stringify([{ at: new Date().toISOString(), message: '<b>broken image</b>', item: 'img-7' }]),
      })
      .execute();
    await t.app.db
      .insertInto('crawl_runs')
      .values({ source: 'gallery-explore', trigger: 'cli', status: 'partial', finished_at: new Date(), items_fetched: 8, stop_reason: 'time_bound', items_shown: 8 })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows sources, their last runs, counts and escaped errors to an admin who passed TOTP', async () => {
    const admin = await createVerifiedAccount(t.app, { admin: true });
    const secret = new URL(admin.enrolment!.otpauthUri).searchParams.get('secret')!;
    const totp = await generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
    const agent = await signedInAgent(t, admin.email, admin.password, totp);

    const page = await agent.get('/admin/crawls');
    expect(page.status).toBe(200);
    expect(page.text).toContain('nightly-civitai');
    expect(page.text).toContain('&lt;b&gt;broken image&lt;/b&gt;');
    expect(page.text).not.toContain('<b>broken image</b>');
    // A run that stopped with content left says so, and why.
    expect(page.text).toMatch(/<td>partial<\/td>\s*<td>time bound ran out with the page&#39;s requests still pending<\/td><td>8<\/td>/);

    const api = await agent.get<{ sources: { name: string; runs: Record<string, unknown>[] }[] }>('/api/admin/crawls');
    expect(api.status).toBe(200);
    const source = api.body.sources.find((s) => s.name === 'nightly-civitai');
    expect(source?.runs[0]).toMatchObject({ itemsFetched: 12, itemsNew: 9, itemsBlocked: 2, errors: [{ message: '<b>broken image</b>', item: 'img-7' }] });
    expect(api.body.sources.find((s) => s.name === 'gallery-explore')?.runs[0]).toMatchObject({ status: 'partial', stopReason: 'time_bound', itemsShown: 8 });
    // Mapped, not the row: camelCase names, ISO dates, no query helpers.
    expect(source?.runs[0]?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Object.keys(source!.runs[0]!).filter((key) => key.includes('_') || key === 'rank')).toEqual([]);
  });

  it('refuses members, anonymous visitors and admins without the second factor', async () => {
    expect((await fetch(`${t.baseUrl}/api/admin/crawls`)).status).toBe(401);
    const anonymousPage = await fetch(`${t.baseUrl}/admin/crawls`, { redirect: 'manual' });
    expect(anonymousPage.status).toBe(303);

    const member = await createVerifiedAccount(t.app);
    const memberAgent = await signedInAgent(t, member.email, member.password);
    expect((await memberAgent.get('/api/admin/crawls')).status).toBe(403);
    expect((await memberAgent.get('/admin/crawls')).status).toBe(403);

    const admin = await createVerifiedAccount(t.app, { admin: true });
    const halfSignedIn = await signedInAgent(t, admin.email, admin.password);
    expect((await halfSignedIn.get('/api/admin/crawls')).status).toBe(403);
    const secondFactorPage = await halfSignedIn.get('/admin/crawls');
    expect(secondFactorPage.text).toContain('authenticator app');
    expect(secondFactorPage.text).not.toContain('nightly-civitai');
  });
});
