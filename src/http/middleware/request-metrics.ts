import type { Request, RequestHandler } from 'express';
import type { HttpRequestTimer } from '../../metrics/http-metrics.ts';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Requests no route answered (404s, probes for /wp-login.php…) share one label, so raw URLs never become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Times every request, labelled by method, route template and status. */
export function requestMetrics(startTimer: HttpRequestTimer): RequestHandler {
  return (req, res, next) => {
    const end = startTimer();
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
