import { Router, type Request } from 'express';
import type { AnalyticsRecorder } from '../../../analytics/analytics-recorder.ts';
import type { Visitor } from '../../../analytics/query-threshold.ts';
import { clientIp } from '../../middleware/client-ip.ts';

/** Robots that say so are not visitors; their requests are never counted. */
const ROBOT_USER_AGENT = /bot|crawl|spider|slurp/i;

/** Route templates named as page kinds; other pages count under their template ("/u/:username"). */
const PAGE_KINDS: Record<string, string> = { '/': 'search', '/a/:id': 'artwork' };

/** Address and user agent, handed to the recorder in memory only (src/analytics/query-threshold.ts). */
function visitorOf(req: Request): Visitor {
  return { address: clientIp(req) ?? '', userAgent: req.get('user-agent') ?? '' };
}

function isRobot(req: Request): boolean {
  return ROBOT_USER_AGENT.test(req.get('user-agent') ?? '');
}

/**
 * The page this request came from on this site, from Referer: the site sends
 * `Referrer-Policy: same-origin`, so browsers name our own pages and nothing goes to other sites.
 */
function sameSiteReferrer(req: Request): URL | undefined {
  const referer = req.get('referer');
  if (!referer || !URL.canParse(referer)) return undefined;
  const url = new URL(referer);
  return url.host === req.get('host') ? url : undefined;
}

/**
 * The artwork page's script fetches /generate for its dialog; signed out, that fetch is sent on
 * to sign-in and the script then follows the link itself. One click, two requests: the fetch
 * counts when it gets the form (200), the navigation counts either way.
 */
function isOneGenerateClick(req: Request, status: number): boolean {
  return status === 200 || (req.get('sec-fetch-mode') ?? 'navigate') === 'navigate';
}

/** A search's first page, counted with its result count (the search API and the search page call this). */
export function recordSearch(recorder: AnalyticsRecorder | undefined, req: Request, { q, page }: { q: string; page: number }, totalResults: number): void {
  if (!recorder || page !== 1 || isRobot(req)) return;
  recorder.search(visitorOf(req), q, totalResults);
}

/**
 * Counts, once a response is sent: HTML page views by kind, artwork pages opened from a search
 * result, and "Generate with this prompt" followed from an artwork page. Admin pages are not counted.
 */
export function createPageViewCounter(recorder: AnalyticsRecorder): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (req.method !== 'GET' || isRobot(req)) return next();
    res.on('finish', () => {
      const route: unknown = req.route?.path;
      if (typeof route !== 'string' || route.startsWith('/admin')) return;
      const from = sameSiteReferrer(req);
      if (route === '/generate' && typeof req.query.artwork === 'string' && from?.pathname === `/a/${req.query.artwork}` && isOneGenerateClick(req, res.statusCode)) recorder.count('generate_click');
      if (res.statusCode !== 200 || !String(res.getHeader('content-type') ?? '').startsWith('text/html')) return;
      recorder.count('page_view', PAGE_KINDS[route] ?? route);
      recorder.visit(visitorOf(req));
      if (route === '/a/:id' && from?.pathname === '/') recorder.searchLedToArtwork(visitorOf(req), from.searchParams.get('q') ?? '');
    });
    next();
  });
  return router;
}
