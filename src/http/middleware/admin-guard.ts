import type { Request, RequestHandler } from 'express';
import { toMeResponse, type Account } from '../../accounts/account.ts';
import { ForbiddenError } from '../../errors.ts';
import { mediaUrl } from '../../media/media-keys.ts';
import { viewerOf, type Viewer } from '../../../web/pages/account-nav.ts';
import { renderAdminSecondFactorPage } from '../../../web/pages/admin-page.ts';
import { signInHref } from '../../../web/pages/sign-in-link.ts';
import { hasPassedSecondFactor, requireAdmin } from './auth-guards.ts';

/** Where create-http-app.ts mounts adminGuard: every admin page and every admin API route. */
export const ADMIN_PAGE_PREFIX = '/admin';
export const ADMIN_API_PREFIX = '/api/admin';

/**
 * The one gate in front of everything admin, so no admin route checks for itself: an admin
 * account whose session has passed TOTP, nobody else, and nothing cached. The API answers 401 or
 * 403 before a body is read; pages send visitors to sign-in, answer members 403, and show an
 * admin who has not passed TOTP the code prompt.
 */
export const adminGuard: RequestHandler = (req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  if (req.baseUrl === ADMIN_API_PREFIX) {
    requireAdmin(req);
    return next();
  }
  if (!req.user) return res.redirect(303, signInHref(req.originalUrl));
  if (req.user.role !== 'admin') throw new ForbiddenError('Only admins can open this page');
  if (!hasPassedSecondFactor(req)) return res.type('html').send(renderAdminSecondFactorPage(viewerOf(toMeResponse(req.user, mediaUrl))));
  next();
};

/** The admin acting in a request adminGuard let through (checked again, cheaply, in case of a mistake in mounting). */
export function currentAdmin(req: Request): Account {
  return requireAdmin(req);
}

/** The header menu's view of the admin on an admin page. */
export function adminViewer(req: Request): Viewer {
  return viewerOf(toMeResponse(currentAdmin(req), mediaUrl));
}
