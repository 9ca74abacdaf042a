import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../auth/support/read-zip.ts';
import type { TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp, waitForGeneration } from './support/generation-app.ts';

describe('gallery data in account export and deletion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startGenerationApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports gallery images with their prompts, and deletes rows and files with the account', async () => {
    const user = await signedInUser(t);
    const done = await waitForGeneration(user.agent, (await requestGeneration(user.agent, { prompt: 'exported harbour at night' })).id, ['succeeded']);
    const itemId = done.galleryItemId!;

    const zip = await readZip(Buffer.from(await (await fetch(`${t.baseUrl}/api/me/export`, { headers: { Cookie: user.agent.cookieHeader() } })).arrayBuffer()));
    const image = zip.get(`gallery/${itemId}.webp`);
    expect(image?.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const account = JSON.parse(zip.get('account.json')!.toString('utf8')) as { gallery: { id: string; prompt: string }[]; generations: { id: string }[] };
    expect(account.gallery).toContainEqual(expect.objectContaining({ id: itemId, prompt: 'exported harbour at night' }));
    expect(account.generations).toContainEqual(expect.objectContaining({ id: done.id }));

    const keys = await t.app.db.selectFrom('gallery_items').select(['full_key', 'thumbnail_key', 'preview_key']).where('id', '=', itemId).executeTakeFirstOrThrow();
    const password = 'correct horse battery staple';
    expect((await user.agent.send('DELETE', '/api/me', { password })).status).toBe(204);
    expect(await t.app.db.selectFrom('gallery_items').select('id').where('account_id', '=', user.id).execute()).toEqual([]);
    expect(await t.app.db.selectFrom('generations').select('id').where('account_id', '=', user.id).execute()).toEqual([]);
    for (const key of Object.values(keys)) expect(await t.app.storage.exists(key), key).toBe(false);
  });
});
