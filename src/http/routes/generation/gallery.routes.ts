import { jsonBody } from '../../middleware/clean-input.ts';
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../../errors.ts';
import type { GalleryImage, GalleryService } from '../../../gallery/gallery.service.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { parseInput } from '../../middleware/validate.ts';

export const galleryIdSchema = z.object({ id: z.uuid() });
export const galleryPageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});
export const visibilitySchema = z.object({ visibility: z.enum(['public', 'private'], 'visibility must be "public" or "private"') });
export const imageVariantSchema = z.object({ id: z.uuid(), variant: z.enum(['thumb', 'preview']) });

function galleryIdOf(params: unknown): string {
  const parsed = galleryIdSchema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No gallery item at this address');
  return parsed.data.id;
}

export function createGalleryRouter(gallery: GalleryService): Router {
  const router = Router();

  router.get('/api/me/gallery', async (req, res) => {
    const account = requireAccount(req);
    const { cursor, limit } = parseInput(galleryPageQuerySchema, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await gallery.listOwn(account.id, cursor, limit));
  });

  router.patch('/api/gallery/:id', jsonBody({ limit: '1kb' }), async (req, res) => {
    const account = requireAccount(req);
    const id = galleryIdOf(req.params);
    const { visibility } = parseInput(visibilitySchema, req.body);
    res.json(await gallery.setVisibility(account.id, id, visibility));
  });

  router.delete('/api/gallery/:id', async (req, res) => {
    const account = requireAccount(req);
    await gallery.delete(account.id, galleryIdOf(req.params));
    res.status(204).end();
  });

  router.get('/api/gallery/:id/download', async (req, res) => {
    const id = galleryIdOf(req.params);
    const image = await gallery.openImage(req.user?.id, id, 'full');
    res.setHeader('Content-Disposition', `attachment; filename="artsift-${id}.webp"`);
    await send(res, image);
  });

  router.get('/api/gallery/:id/image/:variant', async (req, res) => {
    const parsed = imageVariantSchema.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('No gallery image at this address');
    await send(res, await gallery.openImage(req.user?.id, parsed.data.id, parsed.data.variant));
  });

  return router;
}

async function send(res: Response, image: GalleryImage): Promise<void> {
  // Visibility can change at any time, so nothing is cached for long, and private images not at all.
  res.set({
    'Cache-Control': image.visibility === 'public' ? 'public, max-age=60' : 'private, no-store',
    'Content-Type': image.contentType,
    'Content-Length': String(image.size),
    'X-Content-Type-Options': 'nosniff',
  });
  try {
    await pipeline(image.body, res);
  } catch (error) {
    // A client that hangs up mid-download is not a server error.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
