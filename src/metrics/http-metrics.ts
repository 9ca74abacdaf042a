import type { Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Requests no route answered (404s, probes for /wp-login.php…) share one label, so raw URLs never become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Request durations by method, route template and status; registered on `registry`. */
export function createHttpMetricsMiddleware(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'artsift_http_request_duration_seconds',
    help: 'HTTP request duration by route template (never the raw URL), method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    // 'close' also fires for a client that went away before the answer was complete.
    res.once('close', () => end({ method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER', route: routeTemplate(req), status: String(res.statusCode) }));
    next();
  };
}

/** The template of the route that answered ("/a/:id"), static files as one label, anything else UNMATCHED_ROUTE. */
export function routeTemplate(req: Request): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  if (req.originalUrl.startsWith('/static/') && req.res?.statusCode !== 404) return '/static/*';
  return UNMATCHED_ROUTE;
}
