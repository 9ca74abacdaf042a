import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, UnavailableForLegalReasonsError, ValidationError } from '../../src/errors.ts';
import type { Takedowns } from '../../src/takedowns/compose-takedowns.ts';
import { insertTestAccount, openServiceTier, type ServiceTier } from '../support/service-tier.ts';
import { ingestTestArtwork } from '../support/test-app.ts';
import { composeServiceTakedowns, confirmedServiceNotice, latestMail } from './support/takedown-helpers.ts';

/**
 * The review rules on the service tier: what a decision may name, that a notice is decided once,
 * and what each decision does to its items. notice-to-removal.test.ts follows a removal through
 * every HTTP surface (search, pages, media, sitemap, CLI).
 */
describe('takedown review (service)', () => {
  let tier: ServiceTier;
  let takedowns: Takedowns;
  let admin: `admin:${string}`;
  beforeAll(async () => {
    tier = await openServiceTier();
    takedowns = composeServiceTakedowns(tier);
    admin = `admin:${await insertTestAccount(tier.db, 'admin')}`;
  });
  afterAll(async () => {
    await takedowns?.close();
    await tier?.close();
  });

  const itemDecisions = async (noticeId: string) =>
    Object.fromEntries((await tier.db.selectFrom('takedown_items').select(['artwork_id', 'decision']).where('notice_id', '=', noticeId).execute()).map((row) => [row.artwork_id, row.decision]));
  const noticeStatus = async (noticeId: string) => (await tier.db.selectFrom('takedown_notices').select('status').where('id', '=', noticeId).executeTakeFirstOrThrow()).status;

  it('refuses a decision naming artworks outside the notice, or removing none, and changes nothing', async () => {
    const [named, stranger] = [await ingestTestArtwork(tier), await ingestTestArtwork(tier)];
    const noticeId = await confirmedServiceNotice(tier, takedowns, [named], 'strict@studio.example');
    await expect(takedowns.review.decide(noticeId, { decision: 'approve', removeArtworkIds: [named, stranger] }, admin)).rejects.toMatchObject({ field: 'removeArtworkIds' });
    await expect(takedowns.review.decide(noticeId, { decision: 'approve', removeArtworkIds: [] }, admin)).rejects.toBeInstanceOf(ValidationError);
    expect(await noticeStatus(noticeId)).toBe('queued');
    expect((await tier.artworks.getDetail(named)).id).toBe(named);
    expect((await tier.artworks.getDetail(stranger)).id).toBe(stranger);
  });

  it('approves part of a notice: the named items go, the rest stay, the claimant hears which', async () => {
    const [removed, kept] = [await ingestTestArtwork(tier), await ingestTestArtwork(tier)];
    const noticeId = await confirmedServiceNotice(tier, takedowns, [removed, kept], 'partial@studio.example');
    const decided = await takedowns.review.decide(noticeId, { decision: 'approve', removeArtworkIds: [removed], reason: 'the other is licensed' }, admin);
    expect(decided).toMatchObject({ status: 'partial', removed: [removed], kept: [kept] });
    expect(await itemDecisions(noticeId)).toEqual({ [removed]: 'remove', [kept]: 'keep' });
    await expect(tier.artworks.getDetail(removed)).rejects.toBeInstanceOf(UnavailableForLegalReasonsError);
    expect((await tier.artworks.getDetail(kept)).id).toBe(kept);
    expect((await latestMail(tier, 'partial@studio.example', /partial/)).text).toContain('the other is licensed');
    const events = await tier.db.selectFrom('takedown_events').select(['action', 'actor']).where('notice_id', '=', noticeId).execute();
    expect(events).toEqual(expect.arrayContaining([{ action: 'item_removed', actor: admin }, { action: 'item_kept', actor: admin }, { action: 'notice_partial', actor: admin }]));
  });

  it('decides a notice once: a rejection removes nothing, and a second decision is refused', async () => {
    const artworkId = await ingestTestArtwork(tier);
    const noticeId = await confirmedServiceNotice(tier, takedowns, [artworkId], 'rejected@studio.example');
    expect(await takedowns.review.decide(noticeId, { decision: 'reject', reason: 'fair use: commentary' }, admin)).toMatchObject({ status: 'rejected', removed: [], kept: [artworkId] });
    await expect(takedowns.review.decide(noticeId, { decision: 'approve' }, admin)).rejects.toBeInstanceOf(ConflictError);
    expect(await noticeStatus(noticeId)).toBe('rejected');
    expect((await tier.artworks.getDetail(artworkId)).id).toBe(artworkId);
  });

  it('approves a whole notice when no items are named', async () => {
    const ids = [await ingestTestArtwork(tier), await ingestTestArtwork(tier)];
    const noticeId = await confirmedServiceNotice(tier, takedowns, ids, 'whole@studio.example');
    expect(await takedowns.review.decide(noticeId, { decision: 'approve' }, admin)).toMatchObject({ status: 'approved', kept: [] });
    for (const id of ids) await expect(tier.artworks.getDetail(id)).rejects.toBeInstanceOf(UnavailableForLegalReasonsError);
  });
});
