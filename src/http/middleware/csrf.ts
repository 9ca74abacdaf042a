import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { ForbiddenError } from '../../errors.ts';

export const CSRF_HEADER = 'X-CSRF-Token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfProtection {
  /** Checks every state-changing request; mount before the routers. */
  middleware: RequestHandler;
  /** GET /api/csrf: the session's token (creating the session if needed). */
  router: Router;
  /**
   * Exempts one exact path from the check. Only for endpoints that authenticate the request
   * another way (a payment provider's signed webhook) and never act on the session's behalf.
   */
  exempt(path: string): void;
}

/**
 * Synchronizer tokens: one token per session, returned by GET /api/csrf and required in the
 * X-CSRF-Token header of every POST, PUT, PATCH and DELETE. A cross-site page can make a browser
 * send the cookie, but it cannot read the token. The token is an HMAC of the session id (key
 * derived from the session secret), not a random value stored in the session: concurrent first
 * requests of one session get the same token instead of overwriting each other's.
 */
export function createCsrfProtection({ secret }: { secret: string }): CsrfProtection {
  const exemptPaths = new Set<string>();
  const key = createHmac('sha256', secret).update('artsift csrf token key').digest();
  const tokenFor = (sessionId: string) => createHmac('sha256', key).update(sessionId).digest('base64url');

  const middleware: RequestHandler = (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method) || exemptPaths.has(req.path)) return next();
    const sent = req.get(CSRF_HEADER);
    const expected = req.session ? tokenFor(req.sessionID) : undefined;
    if (!sent || !expected || !sameToken(sent, expected)) {
      throw new ForbiddenError(`Missing or stale CSRF token: get one from GET /api/csrf and send it as ${CSRF_HEADER}`, CSRF_HEADER.toLowerCase());
    }
    next();
  };

  const router = Router();
  router.get('/api/csrf', (req, res) => {
    // Marks the session as used, so a new one is stored and its cookie sent.
    req.session.csrfIssued = true;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: tokenFor(req.sessionID) });
  });

  return {
    middleware,
    router,
    exempt(path) {
      if (!path.startsWith('/')) throw new Error(`CSRF exemptions are exact paths, got ${JSON.stringify(path)}`);
      exemptPaths.add(path);
    },
  };
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
