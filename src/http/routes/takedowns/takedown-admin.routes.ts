import { jsonBody } from '../../middleware/clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import { mediaUrl } from '../../../media/media-keys.ts';
import type { Takedowns } from '../../../takedowns/compose-takedowns.ts';
import { toArtworkLink, toNoticeDetail, toQueueEntry } from '../../../takedowns/takedown-dto.ts';
import { reviewDecisionSchema } from '../../../takedowns/takedown-input.ts';
import { renderTakedownNoticePage, renderTakedownQueuePage } from '../../../../web/pages/takedown-admin-page.ts';
import { adminViewer, currentAdmin } from '../../middleware/admin-guard.ts';
import { parseInput } from '../../middleware/validate.ts';

const idParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric id') });
const queueQuerySchema = z.object({
  status: z.enum(['unconfirmed', 'queued', 'approved', 'partial', 'rejected']).default('queued'),
});
const noteSchema = z.object({ note: z.string().trim().min(1, 'write a note').max(5000) });
const assigneeSchema = z.object({ assigneeId: z.preprocess((value) => (value === '' ? null : value), z.string().regex(/^\d{1,18}$/).nullable()) });
const lawsuitSchema = z.object({ details: z.string().trim().min(1, 'say which court and case').max(2000) });

/** /admin/takedowns and /api/admin/takedowns/*, behind adminGuard like the rest of /admin. */
export function createTakedownAdminRouter(takedowns: Takedowns): Router {
  const router = Router();
  const { review } = takedowns;
  for (const prefix of ['/api/admin/takedowns', '/api/admin/takedown-counter-notices']) router.use(prefix, jsonBody({ limit: '32kb' }));

  router.get('/admin/takedowns', async (req, res) => {
    const viewer = adminViewer(req);
    const { status } = parseInput(queueQuerySchema, req.query);
    const [queue, held] = await Promise.all([review.list([status]), takedowns.removal.listHeld()]);
    res.type('html').send(renderTakedownQueuePage({ viewer, status, queue: queue.map(toQueueEntry), held: held.map((row) => ({ ...toArtworkLink(row, mediaUrl), source: row.source })) }));
  });

  router.get('/admin/takedowns/:id', async (req, res) => {
    const viewer = adminViewer(req);
    const { id } = parseInput(idParamsSchema, req.params);
    res.type('html').send(renderTakedownNoticePage({ viewer, notice: toNoticeDetail(await review.show(id), mediaUrl) }));
  });

  router.get('/api/admin/takedowns', async (req, res) => {
    const { status } = parseInput(queueQuerySchema, req.query);
    res.json({ notices: (await review.list([status])).map(toQueueEntry) });
  });

  router.get('/api/admin/takedowns/:id', async (req, res) => {
    const { id } = parseInput(idParamsSchema, req.params);
    res.json(toNoticeDetail(await review.show(id), mediaUrl));
  });

  router.get('/api/admin/takedown-strikes', async (req, res) => {
    res.json((await takedowns.transparency()).strikes);
  });

  router.post('/api/admin/takedowns/:id/decision', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    res.json(await review.decide(id, parseInput(reviewDecisionSchema, req.body), `admin:${admin.id}`));
  });

  router.post('/api/admin/takedowns/:id/notes', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    await review.addNote(id, parseInput(noteSchema, req.body).note, `admin:${admin.id}`);
    res.json({ message: 'Note added.' });
  });

  router.post('/api/admin/takedowns/:id/assignee', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    await review.assign(id, parseInput(assigneeSchema, req.body).assigneeId, `admin:${admin.id}`);
    res.json({ message: 'Assignee saved.' });
  });

  router.post('/api/admin/takedown-counter-notices/:id/lawsuit', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    await takedowns.counterNotices.reportLawsuit(id, `admin:${admin.id}`, parseInput(lawsuitSchema, req.body).details);
    res.json({ message: 'Lawsuit recorded; the artwork stays removed.' });
  });

  router.post('/api/admin/held-artworks/:id/release', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    res.json({ released: await takedowns.removal.releaseHeld([id], `admin:${admin.id}`) });
  });

  router.post('/api/admin/held-artworks/:id/remove', async (req, res) => {
    const admin = currentAdmin(req);
    const { id } = parseInput(idParamsSchema, req.params);
    res.json({ removed: await takedowns.removal.remove({ artworkIds: [id], actor: `admin:${admin.id}`, reason: 'near match of a removed work' }) });
  });

  return router;
}
