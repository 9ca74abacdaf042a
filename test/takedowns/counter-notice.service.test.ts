import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, RateLimitedError, UnavailableForLegalReasonsError } from '../../src/errors.ts';
import { searchParamsSchema } from '../../src/search/search-params.ts';
import { createSearchService } from '../../src/search/search.service.ts';
import { businessDaysBetween } from '../../src/takedowns/business-days.ts';
import type { Takedowns } from '../../src/takedowns/compose-takedowns.ts';
import { counterNoticeSchema } from '../../src/takedowns/takedown-input.ts';
import { createTestClock, DAY_MS, MINUTE_MS } from '../auth/support/test-clock.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from '../crawlers/support/fixture-server.ts';
import { insertTestAccount, openServiceTier, type ServiceTier } from '../support/service-tier.ts';
import { ingestTestArtwork, renderTestImage } from '../support/test-app.ts';
import { composeServiceTakedowns, confirmedServiceNotice, confirmTokenIn, latestMail } from './support/takedown-helpers.ts';

/**
 * §512(g) rules on the service tier: what counts when, and the 10-business-day timer that
 * restores an item unless a lawsuit is reported. counter-notice.test.ts keeps what the routes add.
 */
describe('counter-notices (service)', () => {
  const clock = createTestClock();
  let tier: ServiceTier;
  let server: FixtureServer;
  let takedowns: Takedowns;
  let noticeId: string;
  let countered: string;
  let sued: string;

  const counterNotice = (artworkId: string, email = 'poster@example.com') =>
    counterNoticeSchema.parse({
      artworkId,
      name: 'Paul Poster',
      email,
      address: '2 Gallery Road, Portland',
      mistakeUnderPenaltyOfPerjury: true,
      consentToJurisdiction: true,
      statement: 'I made this image myself from my own prompt.',
      signature: 'Paul Poster',
    });

  /** A confirmed notice for `artworkIds`, approved in full by an admin; resolves with its id. */
  async function approvedNotice(artworkIds: string[], claimant: string): Promise<string> {
    const noticeId = await confirmedServiceNotice(tier, takedowns, artworkIds, claimant);
    await takedowns.review.decide(noticeId, { decision: 'approve' }, `admin:${await insertTestAccount(tier.db, 'admin')}`);
    return noticeId;
  }

  /** Files a counter-notice and confirms it with the token mailed to its filer. */
  async function fileAndConfirm(artworkId: string, email = 'poster@example.com') {
    await takedowns.counterNotices.submit(counterNotice(artworkId, email), { ip: '127.0.0.1' });
    const mail = await latestMail(tier, email, new RegExp(`Confirm your counter-notice for artwork ${artworkId}`));
    return takedowns.counterNotices.confirm(confirmTokenIn(mail.text));
  }

  beforeAll(async () => {
    // The poster's site: a restored artwork's image is fetched again from there.
    server = await startFixtureServer();
    server.route('/images/fox.png', sendBytes('image/png', await renderTestImage(7, 320, 320)));
    tier = await openServiceTier({ CLAIM_ALLOW_PRIVATE_NETWORK: '127.0.0.1' }, { clock });
    takedowns = composeServiceTakedowns(tier);
    countered = await ingestTestArtwork(tier, { prompt: 'a copper fox asleep in snow', imageUrl: `${server.origin}/images/fox.png` });
    sued = await ingestTestArtwork(tier, { prompt: 'a glass whale over a city' });
    noticeId = await approvedNotice([countered, sued], 'claimant@studio.example');
  });
  afterAll(async () => {
    await takedowns?.close();
    await tier?.close();
    await server?.close();
  });

  it('counts nothing and tells nobody but its filer until the filer confirms; a few per address an hour', async () => {
    const removed = await ingestTestArtwork(tier, { prompt: 'a paper crane at dawn' });
    const quietNotice = await approvedNotice([removed], 'quiet-claimant@studio.example');

    await takedowns.counterNotices.submit(counterNotice(removed, 'someone-else@example.com'), { ip: '192.0.2.7' });
    expect(await latestMail(tier, 'someone-else@example.com', /Confirm your counter-notice/)).toBeDefined();
    await expect(latestMail(tier, 'quiet-claimant@studio.example', /Counter-notice received/)).rejects.toThrow();
    const events = await tier.db.selectFrom('takedown_events').select('action').where('artwork_id', '=', removed).execute();
    expect(events.map((event) => event.action)).not.toContain('counter_notice_received');
    expect((await takedowns.review.show(quietNotice)).counterNotices).toEqual([]);

    // Five per email address an hour: the first above, four more, then a refusal.
    for (let index = 0; index < 4; index++) await takedowns.counterNotices.submit(counterNotice(removed, 'someone-else@example.com'), { ip: '192.0.2.7' });
    await expect(takedowns.counterNotices.submit(counterNotice(removed, 'someone-else@example.com'), { ip: '192.0.2.7' })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('tells the claimant and restores the item 10 business days after confirmation unless a lawsuit is reported', async () => {
    const received = clock.now();
    const filed = await fileAndConfirm(countered);
    expect(businessDaysBetween(received, filed.restoreAt)).toBe(10);
    const calendarDays = (filed.restoreAt.getTime() - received.getTime()) / DAY_MS;
    expect(calendarDays).toBeGreaterThanOrEqual(14);
    expect(calendarDays).toBeLessThanOrEqual(16);
    const toClaimant = await latestMail(tier, 'claimant@studio.example', /Counter-notice received/);
    expect(toClaimant.text).toContain('Paul Poster');
    expect(toClaimant.text).toContain(filed.restoreAt.toISOString().slice(0, 10));
    await expect(takedowns.counterNotices.submit(counterNotice(countered), { ip: '127.0.0.1' })).rejects.toBeInstanceOf(ConflictError);
    expect((await takedowns.review.show(noticeId)).counterNotices).toHaveLength(1);

    const lawsuit = await fileAndConfirm(sued, 'second-poster@example.com');
    await takedowns.counterNotices.reportLawsuit(lawsuit.id, 'cli', 'N.D. Cal. 3:26-cv-01234');

    // The cron job, run on the controllable clock: nothing before the tenth business day.
    clock.advance(filed.restoreAt.getTime() - clock.now().getTime() - MINUTE_MS);
    await takedowns.scheduler.runAll();
    await expect(tier.artworks.getDetail(countered)).rejects.toBeInstanceOf(UnavailableForLegalReasonsError);

    clock.advance(2 * MINUTE_MS);
    await takedowns.scheduler.runAll();
    // A repeated or late run finds nothing more to do.
    expect(await takedowns.counterNotices.restoreDue()).toBe(0);
    const restored = await tier.artworks.getDetail(countered);
    expect(restored.prompt).toBe('a copper fox asleep in snow');
    const thumbnailKey = (await tier.db.selectFrom('artworks').select('thumbnail_key').where('id', '=', countered).executeTakeFirstOrThrow()).thumbnail_key;
    expect(thumbnailKey).not.toBeNull();
    expect(await tier.storage.exists(thumbnailKey!)).toBe(true);
    const found = await createSearchService({ searchIndex: tier.searchIndex, clock }).search(searchParamsSchema.parse({ q: 'copper fox' }));
    expect(found.hits.map((hit) => hit.id)).toContain(countered);
    await expect(tier.artworks.getDetail(sued)).rejects.toBeInstanceOf(UnavailableForLegalReasonsError);
    expect(await latestMail(tier, 'poster@example.com', /restored/)).toBeDefined();
    expect(await latestMail(tier, 'claimant@studio.example', /restored/)).toBeDefined();

    const events = await tier.db.selectFrom('takedown_events').select('action').where('artwork_id', 'in', [countered, sued]).execute();
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['counter_notice_received', 'lawsuit_reported', 'item_restored']));
    const { counts } = await takedowns.transparency();
    const total = (action: string) => counts.filter((row) => row.action === action).reduce((sum, row) => sum + Number(row.count), 0);
    expect(total('counter_notice_received')).toBe(2);
    expect(total('item_restored')).toBe(1);
  });
});
