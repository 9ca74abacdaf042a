import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_HASHING } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { createTestClock, DAY_MS, MINUTE_MS } from '../auth/support/test-clock.ts';
import { addBusinessDays, businessDaysBetween } from '../../src/takedowns/business-days.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from '../crawlers/support/fixture-server.ts';
import { ingestTestArtwork, renderTestImage, startTestApp, type TestApp } from '../support/test-app.ts';
import { fileConfirmedNotice, latestMail, signedInAdmin } from './support/takedown-helpers.ts';

describe('business days', () => {
  it('skips weekends', () => {
    const friday = new Date('2026-11-20T15:00:00Z');
    expect(addBusinessDays(friday, 1).toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(addBusinessDays(friday, 10).toISOString()).toBe('2026-12-04T15:00:00.000Z');
    const saturday = new Date('2026-11-21T09:00:00Z');
    expect(addBusinessDays(saturday, 10).toISOString()).toBe('2026-12-04T09:00:00.000Z');
    expect(businessDaysBetween(friday, addBusinessDays(friday, 10))).toBe(10);
  });
});

describe('counter-notices (§512(g))', () => {
  const clock = createTestClock();
  let t: TestApp;
  let server: FixtureServer;
  let visitor: HttpAgent;
  let countered: string;
  let sued: string;

  const counterNotice = (artworkId: string) => ({
    artworkId,
    name: 'Paul Poster',
    email: 'poster@example.com',
    address: '2 Gallery Road, Portland',
    mistakeUnderPenaltyOfPerjury: true,
    consentToJurisdiction: true,
    statement: 'I made this image myself from my own prompt.',
    signature: 'Paul Poster',
  });

  beforeAll(async () => {
    // The poster's site: a restored artwork's image is fetched again from there.
    server = await startFixtureServer();
    server.route('/images/fox.png', sendBytes('image/png', await renderTestImage(7, 320, 320)));
    t = await startTestApp({ ...FAST_HASHING, CLAIM_ALLOW_PRIVATE_NETWORK: '127.0.0.1' }, { clock });
    visitor = new HttpAgent(t.baseUrl);
    countered = await ingestTestArtwork(t.app, { prompt: 'a copper fox asleep in snow', imageUrl: `${server.origin}/images/fox.png` });
    sued = await ingestTestArtwork(t.app, { prompt: 'a glass whale over a city' });
    const { agent: admin } = await signedInAdmin(t);
    const notice = await fileConfirmedNotice(t, visitor, [countered, sued], 'claimant@studio.example');
    expect((await admin.post(`/api/admin/takedowns/${notice.id}/decision`, { decision: 'approve' })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('refuses a counter-notice missing its elements, or for an artwork no notice removed', async () => {
    const incomplete = await visitor.post<{ error: { issues: { field: string }[] } }>('/api/takedowns/counter-notices', { ...counterNotice(countered), consentToJurisdiction: undefined, address: '' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.issues.map((issue) => issue.field).sort()).toEqual(['address', 'consentToJurisdiction']);
    const kept = await ingestTestArtwork(t.app);
    expect((await visitor.post('/api/takedowns/counter-notices', counterNotice(kept))).status).toBe(404);
  });

  /** Files a counter-notice and confirms it through the link mailed to its filer. */
  async function fileAndConfirm(artworkId: string, email = 'poster@example.com') {
    const filed = await visitor.post<{ status: string }>('/api/takedowns/counter-notices', { ...counterNotice(artworkId), email });
    expect(filed.status, filed.text).toBe(202);
    expect(filed.body.status).toBe('unconfirmed');
    const mail = await latestMail(t, email, new RegExp(`Confirm your counter-notice for artwork ${artworkId}`));
    const token = /counter-notice\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    expect((await visitor.get(`/dmca/counter-notice/confirm?token=${token}`, { Accept: 'text/html' })).text).toContain('counter-notice-confirm-form');
    return visitor.post<{ restoreAt: string; message: string }>('/api/takedowns/counter-notices/confirm', { token });
  }

  it('counts nothing and mails nobody but its filer until the filer confirms; rate-limited per address', async () => {
    const removed = await ingestTestArtwork(t.app, { prompt: 'a paper crane at dawn', imageUrl: `${server.origin}/images/fox.png` });
    const { agent: admin } = await signedInAdmin(t);
    const notice = await fileConfirmedNotice(t, visitor, [removed], 'quiet-claimant@studio.example');
    expect((await admin.post(`/api/admin/takedowns/${notice.id}/decision`, { decision: 'approve' })).status).toBe(200);

    const spoofed = await visitor.post('/api/takedowns/counter-notices', { ...counterNotice(removed), email: 'someone-else@example.com' });
    expect(spoofed.status).toBe(202);
    await expect(latestMail(t, 'quiet-claimant@studio.example', /Counter-notice received/)).rejects.toThrow();
    const events = await t.app.db.selectFrom('takedown_events').select('action').where('artwork_id', '=', removed).execute();
    expect(events.map((event) => event.action)).not.toContain('counter_notice_received');
    expect((await admin.get<{ counterNotices: unknown[] }>(`/api/admin/takedowns/${notice.id}`)).body.counterNotices).toEqual([]);

    // The same address may file only a few per hour.
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) statuses.push((await visitor.post('/api/takedowns/counter-notices', { ...counterNotice(removed), email: 'someone-else@example.com' })).status);
    expect(statuses.slice(0, 4)).toEqual([202, 202, 202, 202]);
    expect(statuses[4]).toBe(429);
    expect((await visitor.post('/api/takedowns/counter-notices/confirm', { token: 'x'.repeat(43) })).status).toBe(404);
  });

  it('notifies the claimant and restores the item 10 business days later unless a lawsuit is reported', async () => {
    const received = clock.now();
    const filed = await fileAndConfirm(countered);
    expect(filed.status).toBe(200);
    const restoreAt = new Date(filed.body.restoreAt);
    expect(businessDaysBetween(received, restoreAt)).toBe(10);
    const calendarDays = (restoreAt.getTime() - received.getTime()) / DAY_MS;
    expect(calendarDays).toBeGreaterThanOrEqual(14);
    expect(calendarDays).toBeLessThanOrEqual(16);
    const toClaimant = await latestMail(t, 'claimant@studio.example', /Counter-notice received/);
    expect(toClaimant.text).toContain('Paul Poster');
    expect(toClaimant.text).toContain(restoreAt.toISOString().slice(0, 10));
    expect((await visitor.post('/api/takedowns/counter-notices', counterNotice(countered))).status).toBe(409);

    expect((await fileAndConfirm(sued, 'second-poster@example.com')).status).toBe(200);
    const { agent: admin } = await signedInAdmin(t);
    const counter = await t.app.db
      .selectFrom('takedown_counter_notices as c')
      .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
      .select('c.id')
      .where('i.artwork_id', '=', sued)
      .executeTakeFirstOrThrow();
    expect((await admin.post(`/api/admin/takedown-counter-notices/${counter.id}/lawsuit`, { details: 'N.D. Cal. 3:26-cv-01234' })).status).toBe(200);

    // The cron job's body, run on the controllable clock: nothing before the tenth business day.
    clock.advance(restoreAt.getTime() - clock.now().getTime() - MINUTE_MS);
    await t.app.takedowns.scheduler.runAll();
    expect((await visitor.get(`/api/artworks/${countered}`)).status).toBe(451);

    clock.advance(2 * MINUTE_MS);
    await t.app.takedowns.scheduler.runAll();
    const restored = await visitor.get<{ prompt: string; thumbnailUrl: string | null }>(`/api/artworks/${countered}`);
    expect(restored.status).toBe(200);
    expect(restored.body.prompt).toBe('a copper fox asleep in snow');
    expect((await visitor.get(restored.body.thumbnailUrl!)).status).toBe(200);
    const found = await visitor.get<{ hits: { id: string }[] }>('/api/search?q=copper%20fox');
    expect(found.body.hits.map((hit) => hit.id)).toContain(countered);
    expect((await visitor.get(`/api/artworks/${sued}`)).status).toBe(451);
    expect(await latestMail(t, 'poster@example.com', /restored/)).toBeDefined();

    const events = await t.app.db.selectFrom('takedown_events').select('action').where('artwork_id', 'in', [countered, sued]).execute();
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['counter_notice_received', 'lawsuit_reported', 'item_restored']));
    const month = await visitor.get<{ months: { counterNotices: number; itemsRestored: number }[] }>('/api/transparency');
    expect(month.body.months.reduce((sum, row) => sum + row.counterNotices, 0)).toBe(2);
    expect(month.body.months.reduce((sum, row) => sum + row.itemsRestored, 0)).toBe(1);
  });
});
