import { Router } from 'express';
import { z } from 'zod';
import type { ArtworkService } from '../../../artworks/artwork.service.ts';
import { parseInput } from '../../middleware/validate.ts';

export const artworkIdSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric artwork id') });

export function createArtworkRouter(artworkService: ArtworkService): Router {
  const router = Router();
  router.get('/api/artworks/:id', async (req, res) => {
    const { id } = parseInput(artworkIdSchema, req.params);
    res.json(await artworkService.getDetail(id));
  });
  return router;
}
