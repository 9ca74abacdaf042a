import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAST_HASHING } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { cliEnvironment, runCliInProcess } from '../support/cli.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { completeNotice, confirmTokenIn, fileConfirmedNotice, latestMail, signedInAdmin } from './support/takedown-helpers.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[] };
}
interface Receipt {
  reference: string;
  status: string;
  merged: boolean;
  artworkIds: string[];
  unresolved: { item: string; reason: string }[];
}
interface SearchBody {
  hits: { id: string }[];
}
interface DetailBody {
  id: string;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  similar: { id: string }[];
}

const STATUTORY_ELEMENTS = ['claimantName', 'email', 'copyrightedWork', 'items', 'goodFaith', 'accurateUnderPenaltyOfPerjury', 'signature'] as const;

describe('DMCA notices: intake, confirmation, review and removal everywhere', () => {
  let t: TestApp;
  let visitor: HttpAgent;
  let removedA: string;
  let keptB: string;
  let removedC: string;
  let detailA: DetailBody;
  let detailC: DetailBody;
  let detailB: DetailBody;

  const searchIds = async () => (await visitor.get<SearchBody>('/api/search?q=lighthouse')).body.hits.map((hit) => hit.id);

  beforeAll(async () => {
    // A long search cache: removals (even by the CLI, another process) must show at once anyway.
    t = await startTestApp({ ...FAST_HASHING, SEARCH_CACHE_SECONDS: '600', DMCA_AGENT_EMAIL: 'dmca@artsift.example' });
    visitor = new HttpAgent(t.baseUrl);
    removedA = await ingestTestArtwork(t.app);
    keptB = await ingestTestArtwork(t.app);
    removedC = await ingestTestArtwork(t.app);
    const detailOf = async (id: string) => (await visitor.get<DetailBody>(`/api/artworks/${id}`)).body;
    [detailA, detailB, detailC] = await Promise.all([detailOf(removedA), detailOf(keptB), detailOf(removedC)]);
    // Content-addressed media can be shared: B names A's preview, which must survive A's removal.
    const previewOfA = await t.app.db.selectFrom('artworks').select('preview_key').where('id', '=', removedA).executeTakeFirstOrThrow();
    await t.app.db.updateTable('artworks').set({ preview_key: previewOfA.preview_key }).where('id', '=', keptB).execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the designated agent and the notice form on /dmca, prefilled from the artwork page link', async () => {
    const page = await visitor.get(`/dmca?artwork=${removedA}`, { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('dmca@artsift.example');
    expect(page.text).toMatch(new RegExp(`<textarea[^>]*name="items"[^>]*>${removedA}</textarea>`));
  });

  it('answers 400 naming each statutory element that is missing', async () => {
    for (const element of STATUTORY_ELEMENTS) {
      const notice: Record<string, unknown> = completeNotice([removedA]);
      delete notice[element];
      const refused = await visitor.post<ErrorBody>('/api/takedowns', notice);
      expect(refused.status, element).toBe(400);
      expect(refused.body.error.issues?.map((issue) => issue.field), element).toEqual([element]);
      expect(refused.body.error.message).toContain(element);
    }
    const several = await visitor.post<ErrorBody>('/api/takedowns', { email: 'x@example.com', items: [removedA] });
    expect(several.status).toBe(400);
    expect(new Set(several.body.error.issues?.map((issue) => issue.field))).toEqual(new Set(['claimantName', 'copyrightedWork', 'goodFaith', 'accurateUnderPenaltyOfPerjury', 'signature']));
    const unsworn = await visitor.post<ErrorBody>('/api/takedowns', { ...completeNotice([removedA]), goodFaith: false });
    expect(unsworn.body.error.issues?.[0]?.field).toBe('goodFaith');
  });

  it('reports items that name no indexed artwork, caps items per notice, and merges a repeated notice', async () => {
    const items = [`${t.baseUrl}/a/${removedA}`, keptB, `https://elsewhere.example/a/${removedC}?ref=x`, 'https://example.com/not-ours', '987654321'];
    const filed = await visitor.post<Receipt>('/api/takedowns', completeNotice(items));
    expect(filed.status).toBe(202);
    expect(filed.body.status).toBe('unconfirmed');
    expect(filed.body.reference).toMatch(/^TD-[A-Z2-9]{8}$/);
    expect(filed.body.artworkIds).toEqual([removedA, keptB, removedC].sort((a, b) => Number(a) - Number(b)));
    expect(filed.body.unresolved.map((entry) => entry.item)).toEqual(['https://example.com/not-ours', '987654321']);

    const repeated = await visitor.post<Receipt>('/api/takedowns', completeNotice([removedC, removedA, keptB]));
    expect(repeated.body).toMatchObject({ reference: filed.body.reference, merged: true });
    expect(await t.app.db.selectFrom('takedown_notices').select('id').execute()).toHaveLength(1);

    const none = await visitor.post<ErrorBody>('/api/takedowns', completeNotice(['https://example.com/nothing']));
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('items');
    const tooMany = await visitor.post<ErrorBody>('/api/takedowns', completeNotice(Array.from({ length: 51 }, (_, i) => String(i + 1))));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues?.[0]?.field).toBe('items');
  });

  it('queues the notice only once the claimant confirms the emailed link', async () => {
    const { agent: admin } = await signedInAdmin(t);
    expect((await admin.get<{ notices: unknown[] }>('/api/admin/takedowns')).body.notices).toHaveLength(0);
    const mail = await latestMail(t, 'rights@studio.example', /Confirm your takedown notice/);
    const confirmPage = await visitor.get(`/dmca/confirm?token=${confirmTokenIn(mail.text)}`, { Accept: 'text/html' });
    expect(confirmPage.text).toContain('Confirm notice');
    const confirmed = await visitor.post<{ reference: string }>('/api/takedowns/confirm', { token: confirmTokenIn(mail.text) });
    expect(confirmed.status).toBe(200);
    expect(await latestMail(t, 'rights@studio.example', /received/)).toBeDefined();
    const queue = await admin.get<{ notices: { reference: string; itemCount: number }[] }>('/api/admin/takedowns');
    expect(queue.body.notices).toEqual([expect.objectContaining({ reference: confirmed.body.reference, itemCount: 3 })]);
    expect((await visitor.post('/api/takedowns/confirm', { token: confirmTokenIn(mail.text) })).status).toBe(404);
  });

  it('keeps the review queue to admins who passed TOTP', async () => {
    expect((await visitor.get('/api/admin/takedowns')).status).toBe(401);
    const page = await visitor.get('/admin/takedowns', { Accept: 'text/html' });
    expect(page.status).toBe(303);
  });

  it('approves part of the notice: removed items vanish everywhere at once, the kept one stays', async () => {
    expect(await searchIds()).toEqual(expect.arrayContaining([removedA, keptB, removedC])); // now cached
    const { agent: admin, accountId } = await signedInAdmin(t);
    const [notice] = (await admin.get<{ notices: { id: string }[] }>('/api/admin/takedowns')).body.notices;
    const page = await admin.get(`/admin/takedowns/${notice!.id}`, { Accept: 'text/html' });
    expect(page.text).toContain(detailA.thumbnailUrl!);
    await admin.post(`/api/admin/takedowns/${notice!.id}/notes`, { note: 'B is the claimant’s licensee' });
    expect((await admin.post(`/api/admin/takedowns/${notice!.id}/assignee`, { assigneeId: accountId })).status).toBe(200);
    const rejectedWithoutReason = await admin.post<ErrorBody>(`/api/admin/takedowns/${notice!.id}/decision`, { decision: 'reject' });
    expect(rejectedWithoutReason.body.error.issues?.[0]?.field).toBe('reason');

    const decided = await admin.post<{ status: string; removed: string[]; kept: string[] }>(`/api/admin/takedowns/${notice!.id}/decision`, {
      decision: 'approve',
      removeArtworkIds: [removedA, removedC],
      reason: 'B is licensed',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'partial', kept: [keptB] });
    expect(await latestMail(t, 'rights@studio.example', /partial/)).toBeDefined();
    const strikes = await admin.get('/api/admin/takedown-strikes');
    expect(strikes.body).toEqual({ perSource: [{ source: 'testsource', strikes: 2 }], perAuthor: [{ source: 'testsource', authorHandle: 'tester', strikes: 2 }] });

    // Search (cached a moment ago), API, page, sitemap, similar lists.
    const ids = await searchIds();
    expect(ids).toContain(keptB);
    expect(ids).not.toContain(removedA);
    expect(ids).not.toContain(removedC);
    expect((await visitor.get(`/api/artworks/${removedA}`)).status).toBe(451);
    const removedPage = await visitor.get(`/a/${removedC}`, { Accept: 'text/html' });
    expect(removedPage.status).toBe(451);
    expect(removedPage.text).toContain(`/dmca?artwork=${removedC}#counter-notice`);
    const kept = await visitor.get<DetailBody>(`/api/artworks/${keptB}`);
    expect(kept.status).toBe(200);
    expect(kept.body.similar.map((card) => card.id)).not.toContain(removedA);
    expect(kept.body.similar.map((card) => card.id)).not.toContain(removedC);
    const sitemap = (await visitor.get('/sitemap-0.xml')).text;
    expect(sitemap).toContain(`/a/${keptB}<`);
    expect(sitemap).not.toContain(`/a/${removedA}<`);
    expect(sitemap).not.toContain(`/a/${removedC}<`);

    // Media: the removed thumbnails are gone; the preview B shares with A stays.
    expect((await visitor.get(detailA.thumbnailUrl!)).status).toBe(404);
    expect((await visitor.get(detailC.previewUrl!)).status).toBe(404);
    expect((await visitor.get(detailB.thumbnailUrl!)).status).toBe(200);
    expect((await visitor.get(detailA.previewUrl!)).status).toBe(200);

    // The row keeps only what blocking needs.
    const row = await t.app.db.selectFrom('artworks').selectAll().where('id', '=', removedA).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ takedown_state: 'removed', prompt: '', author_handle: null, author_name: null, thumbnail_key: null, preview_key: null });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.post_url).toMatch(/^https:\/\//);
  });

  it('keeps an append-only record and shows monthly counts on /transparency', async () => {
    const events = await t.app.db.selectFrom('takedown_events').select(['action', 'actor']).orderBy('id').execute();
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['notice_received', 'notice_merged', 'notice_confirmed', 'notice_note_added', 'notice_assigned', 'item_kept', 'item_removed', 'notice_partial']),
    );
    expect(events.find((event) => event.action === 'notice_partial')?.actor).toMatch(/^admin:\d+$/);
    await expect(t.app.db.updateTable('takedown_events').set({ actor: 'someone' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.app.db.deleteFrom('takedown_events').execute()).rejects.toThrow(/append-only/);

    const month = new Date().toISOString().slice(0, 7);
    const report = await visitor.get<{ months: { month: string; noticesReceived: number; itemsRemoved: number }[] }>('/api/transparency');
    expect(report.body.months[0]).toMatchObject({ month, noticesReceived: 1, itemsRemoved: 2 });
    const page = await visitor.get('/transparency', { Accept: 'text/html' });
    expect(page.text).toContain(`data-month="${month}"`);
  });

  it('does the same from the CLI, and a serving process drops CLI removals from its cache at once', async () => {
    const cliTarget = await ingestTestArtwork(t.app);
    const rejectedTarget = await ingestTestArtwork(t.app);
    const notice = await fileConfirmedNotice(t, visitor, [cliTarget], 'cli-claimant@studio.example');
    const other = await fileConfirmedNotice(t, visitor, [rejectedTarget], 'other-claimant@studio.example');
    expect(await searchIds()).toContain(cliTarget); // cached in this (serving) process

    // Each CLI run opens an app of its own (its own search cache), as a separate process would.
    const listed = await runCli(['takedown', 'list']);
    const shown = await runCli(['takedown', 'show', notice.id]);
    const missingReason = await runCli(['takedown', 'reject', other.id]);
    expect(listed.stdout).toContain(notice.reference);
    expect(JSON.parse(shown.stdout)).toMatchObject({ reference: notice.reference, items: [{ artworkId: cliTarget }] });
    expect(missingReason.exitCode).toBe(1);
    const dropped = droppedFromServingIndex(cliTarget);
    const approved = await runCli(['takedown', 'approve', notice.id, '--items', cliTarget]);
    const rejected = await runCli(['takedown', 'reject', other.id, '--reason', 'fair use: commentary']);
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('approved');
    expect(rejected.stdout).toContain('rejected');

    await dropped;
    const ids = await searchIds();
    expect(ids).not.toContain(cliTarget);
    expect(ids).toContain(rejectedTarget);
    expect((await visitor.get(`/api/artworks/${cliTarget}`)).status).toBe(451);
  });

  const runCli = (args: string[]) => runCliInProcess(args, cliEnvironment({ DATABASE_URL: t.database.url, DATA_DIR: t.dataDir }));

  /** Resolves once this serving app has dropped `id` from its search index (told by another app, through PostgreSQL). */
  function droppedFromServingIndex(id: string): Promise<void> {
    const index = t.app.searchIndex;
    const deleteByIds = index.deleteByIds.bind(index);
    return new Promise((resolve) => {
      const spy = vi.spyOn(index, 'deleteByIds').mockImplementation(async (ids) => {
        await deleteByIds(ids);
        if (!ids.includes(id)) return;
        spy.mockRestore();
        resolve();
      });
    });
  }
});
