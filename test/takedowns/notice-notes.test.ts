import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('internal notes on a takedown notice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const newNotice = async (reference: string) => {
    const { id } = await t.app.db
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
    (await t.app.db.selectFrom('takedown_notices').select('internal_notes').where('id', '=', id).executeTakeFirstOrThrow()).internal_notes.split('\n');

  it('keeps every note when admins add them at the same time', async () => {
    const id = await newNotice('TD-NOTESAME');
    const notes = ['first look: the claimant owns it', 'second look: ask for the licence', 'third look: licence attached'];
    await Promise.all(notes.map((note, i) => t.app.takedowns.review.addNote(id, note, `admin:${i + 1}`)));
    const lines = await notesOf(id);
    expect(lines).toHaveLength(notes.length);
    for (const [i, note] of notes.entries()) expect(lines).toContainEqual(expect.stringMatching(new RegExp(` admin:${i + 1}\\] ${note}$`)));
  });

  it('appends later notes below earlier ones, each with its time and author', async () => {
    const id = await newNotice('TD-NOTELATE');
    await t.app.takedowns.review.addNote(id, 'one', 'cli');
    await t.app.takedowns.review.addNote(id, 'two', 'admin:7');
    expect(await notesOf(id)).toEqual([expect.stringMatching(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z cli\] one$/), expect.stringMatching(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z admin:7\] two$/)]);
  });
});
