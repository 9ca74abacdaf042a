import { Router } from 'express';
import { artworkIdSchema } from '../../../artworks/artwork-id.ts';
import type { ArtworkService } from '../../../artworks/artwork.service.ts';
import { parseInput } from '../../middleware/validate.ts';

export function createArtworkRouter(artworkService: ArtworkService): Router {
  const router = Router();
  router.get('/api/artworks/:id', async (req, res) => {
    const { id } = parseInput(artworkIdSchema, req.params);
    res.json(await artworkService.getDetail(id));
  });
  return router;
}
