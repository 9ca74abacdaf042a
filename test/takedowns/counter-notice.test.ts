import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_HASHING } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { addBusinessDays, businessDaysBetween } from '../../src/takedowns/business-days.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
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
  let t: TestApp;
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
    t = await startTestApp(FAST_HASHING);
    visitor = new HttpAgent(t.baseUrl);
    countered = await ingestTestArtwork(t.app, { prompt: 'a copper fox asleep in snow' });
    sued = await ingestTestArtwork(t.app, { prompt: 'a glass whale over a city' });
    const { agent: admin } = await signedInAdmin(t);
    const notice = await fileConfirmedNotice(t, visitor, [countered, sued], 'claimant@studio.example');
    expect((await admin.post(`/api/admin/takedowns/${notice.id}/decision`, { decision: 'approve' })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
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

  // What counts when, the 10-business-day timer, the lawsuit that stops it and the restoration
  // are checked without HTTP in counter-notice.service.test.ts; here, what the routes add.
  it('files with 202, confirms through the mailed page, and answers 409 to a second one', async () => {
    const received = new Date();
    const filed = await fileAndConfirm(countered);
    expect(filed.status).toBe(200);
    expect(businessDaysBetween(received, new Date(filed.body.restoreAt))).toBe(10);
    expect(filed.body.message).toEqual(expect.any(String));
    expect((await visitor.post('/api/takedowns/counter-notices', counterNotice(countered))).status).toBe(409);
  });

  it('limits filings per address with 429 and answers 404 to an unknown confirmation link', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await visitor.post('/api/takedowns/counter-notices', { ...counterNotice(sued), email: 'someone-else@example.com' })).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);
    expect((await visitor.post('/api/takedowns/counter-notices/confirm', { token: 'x'.repeat(43) })).status).toBe(404);
  });

  it('lets an admin record a lawsuit against a waiting counter-notice, once', async () => {
    expect((await fileAndConfirm(sued, 'second-poster@example.com')).status).toBe(200);
    const { agent: admin } = await signedInAdmin(t);
    const counter = await t.app.db
      .selectFrom('takedown_counter_notices as c')
      .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
      .select('c.id')
      .where('i.artwork_id', '=', sued)
      .where('c.status', '=', 'waiting')
      .executeTakeFirstOrThrow();
    const lawsuit = `/api/admin/takedown-counter-notices/${counter.id}/lawsuit`;
    expect((await visitor.post(lawsuit, { details: 'N.D. Cal. 3:26-cv-01234' })).status).toBe(401);
    expect((await admin.post(lawsuit, { details: 'N.D. Cal. 3:26-cv-01234' })).status).toBe(200);
    expect((await admin.post(lawsuit, { details: 'again' })).status).toBe(404);
  });
});
