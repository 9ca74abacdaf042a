import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Takedowns } from '../../src/takedowns/compose-takedowns.ts';
import { openServiceTier, type ServiceTier } from '../support/service-tier.ts';
import { composeServiceTakedowns } from './support/takedown-helpers.ts';

/** A rule of the review service: no HTTP needed (the service tier). */
describe('internal notes on a takedown notice', () => {
  let tier: ServiceTier;
  let takedowns: Takedowns;
  beforeAll(async () => {
    tier = await openServiceTier();
    takedowns = composeServiceTakedowns(tier);
  });
  afterAll(async () => {
    await takedowns?.close();
    await tier?.close();
  });

  const newNotice = async (reference: string) => {
    const { id } = await tier.db
      .insertInto('takedown_notices')
      .values({
        reference,
        status: 'queued',
        claimant_name: 'Nora Notes',
        email: 'nora@studio.example',
        address: null,
        phone: null,
        copyrighted_work: 'A drawing',
        signature: 'Nora Notes',
        good_faith: true,
        accurate_under_penalty_of_perjury: true,
        unresolved_items: '[]',
        confirm_token_hash: null,
        dedupe_key: `dedupe-${reference}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const notesOf = async (id: string) =>
    (await tier.db.selectFrom('takedown_notices').select('internal_notes').where('id', '=', id).executeTakeFirstOrThrow()).internal_notes.split('\n');

  it('keeps every note when admins add them at the same time', async () => {
    const id = await newNotice('TD-NOTESAME');
    const notes = ['first look: the claimant owns it', 'second look: ask for the licence', 'third look: licence attached'];
    await Promise.all(notes.map((note, i) => takedowns.review.addNote(id, note, `admin:${i + 1}`)));
    const lines = await notesOf(id);
    expect(lines).toHaveLength(notes.length);
    for (const [i, note] of notes.entries()) expect(lines).toContainEqual(expect.stringMatching(new RegExp(` admin:${i + 1}\\] ${note}$`)));
  });

  it('appends later notes below earlier ones, each with its time and author', async () => {
    const id = await newNotice('TD-NOTELATE');
    await takedowns.review.addNote(id, 'one', 'cli');
    await takedowns.review.addNote(id, 'two', 'admin:7');
    expect(await notesOf(id)).toEqual([expect.stringMatching(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z cli\] one$/), expect.stringMatching(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z admin:7\] two$/)]);
  });
});
