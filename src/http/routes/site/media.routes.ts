import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { NotFoundError } from '../../../errors.ts';
import { MEDIA_URL_PREFIX, parseMediaKey, PUBLIC_MEDIA_KINDS } from '../../../media/media-keys.ts';
import type { MediaStorage } from '../../../media/storage.ts';

/** Keys are content-addressed: the bytes behind a URL never change. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Serves stored media at /media/<key>; mount at the site root. */
export function createMediaRouter(storage: MediaStorage): Router {
  const router = Router();

  // GET routes answer HEAD too; the handler sends headers only for HEAD.
  router.get(`${MEDIA_URL_PREFIX}*key`, async (req, res) => {
    // The raw path, not the decoded params: a real key has no escapes, so anything encoded
    // (..%2f and the like) fails the key check before storage is asked anything.
    const key = req.path.slice(MEDIA_URL_PREFIX.length);
    const parsed = parseMediaKey(key);
    if (!parsed || !PUBLIC_MEDIA_KINDS.includes(parsed.kind)) throw notFound();
    const etag = `"${parsed.sha256}"`;

    if (ifNoneMatchIncludes(req, etag)) {
      if (!(await storage.exists(key))) throw notFound();
      res.set({ ETag: etag, 'Cache-Control': IMMUTABLE_CACHE_CONTROL }).status(304).end();
      return;
    }

    const object = await storage.get(key);
    if (!object) throw notFound();
    // Set only once the object is known to exist, so a 404 is never cached as immutable.
    res.set({
      ETag: etag,
      'Cache-Control': IMMUTABLE_CACHE_CONTROL,
      'Content-Type': object.contentType,
      'Content-Length': String(object.size),
    });
    if (req.method === 'HEAD') {
      object.body.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(object.body, res);
    } catch (error) {
      // A client that hangs up mid-download is not a server error.
      if (isPrematureClose(error)) return;
      throw error;
    }
  });

  return router;
}

function notFound(): NotFoundError {
  return new NotFoundError('No media at this address');
}

/** If-None-Match uses weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; * matches anything. */
function ifNoneMatchIncludes(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

function isPrematureClose(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
