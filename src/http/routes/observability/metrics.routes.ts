import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Registry } from 'prom-client';
import { UnauthenticatedError } from '../../../errors.ts';

/** Scrapers send `Authorization: Bearer <METRICS_TOKEN>`, which this route checks itself. */
export const METRICS_PATH = '/metrics';

/**
 * GET /metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN as a bearer
 * token. Without METRICS_TOKEN the route does not exist (404).
 */
export function createMetricsRouter({ registry, token }: { registry: Registry; token: string | undefined }): Router {
  const router = Router();
  router.get(METRICS_PATH, async (req, res, next) => {
    if (!token) return next();
    res.setHeader('Cache-Control', 'no-store');
    if (!bearerMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError('A bearer token (METRICS_TOKEN) is needed');
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  // Digests of equal length: the comparison takes the same time whatever was sent.
  return timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(token).digest());
}
