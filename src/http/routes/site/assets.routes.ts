import { Router } from 'express';
import { ASSETS_PATH, bundledAssets } from '../../../../web/assets.ts';

/** A year: the name changes whenever the content does. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET /assets/<name>-<hash>.(js|css): the bundled client code and styles (web/assets.ts),
 * built here at start-up so the first page does not wait for it.
 */
export function createAssetRouter(): Router {
  const { files } = bundledAssets();
  const router = Router();
  router.get(`${ASSETS_PATH}/:name`, (req, res, next) => {
    const file = files.get(req.params.name);
    if (!file) return next();
    res.setHeader('Cache-Control', IMMUTABLE);
    res.type(file.contentType).send(Buffer.from(file.contents));
  });
  return router;
}
