import type { Request, Response } from 'express';
import { toMeResponse } from '../../accounts/account.ts';
import { ForbiddenError } from '../../errors.ts';
import { mediaUrl } from '../../media/media-keys.ts';
import { viewerOf, type Viewer } from '../../../web/pages/account-nav.ts';
import { renderAdminSecondFactorPage } from '../../../web/pages/admin-page.ts';
import { hasPassedSecondFactor } from './auth-guards.ts';

/**
 * The gate every admin HTML page shares: visitors go to sign-in, members get 403, and an admin
 * whose session has not passed TOTP sees the code prompt. Returns the viewer when the page may
 * render, or undefined when the gate has already answered.
 */
export function admitAdminPage(req: Request, res: Response, path: `/admin${string}`): Viewer | undefined {
  res.setHeader('Cache-Control', 'no-store');
  if (!req.user) {
    res.redirect(303, `/sign-in?next=${path}`);
    return undefined;
  }
  if (req.user.role !== 'admin') throw new ForbiddenError('Only admins can open this page');
  const viewer = viewerOf(toMeResponse(req.user, mediaUrl));
  if (!hasPassedSecondFactor(req)) {
    res.type('html').send(renderAdminSecondFactorPage(viewer));
    return undefined;
  }
  return viewer;
}
