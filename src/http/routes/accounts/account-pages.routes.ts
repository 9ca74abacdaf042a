import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../../../accounts/account.ts';
import type { Clock } from '../../../clock.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import { renderAccountNav, viewerOf } from '../../../../web/pages/account-nav.ts';
import { renderAccountPage } from '../../../../web/pages/account-page.ts';
import {
  renderForgotPasswordPage,
  renderResetPasswordPage,
  renderSignInPage,
  renderSignUpPage,
  renderVerifyEmailPage,
} from '../../../../web/pages/auth-pages.ts';
import { recentlyReauthenticated } from '../../middleware/auth-guards.ts';
import { returnToSchema } from './auth-schemas.ts';
import { signInHref } from '../../../../web/pages/sign-in-link.ts';

const NOTICES: Record<string, string> = {
  'email-verified': 'Your email is confirmed. Sign in to continue.',
  'password-reset': 'Your password was changed. Sign in with the new one.',
  generate: 'Generating images needs an account: sign in, and you will be taken straight back to the prompt.',
};

const signInQuerySchema = z.object({
  next: returnToSchema.optional().transform((value) => value ?? '/account'),
  notice: z.string().optional().catch(undefined),
});
const tokenQuerySchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional().catch(undefined) });

/** Pages carrying personal data or one-time tokens are never cached or indexed. */
function sendPrivatePage(res: Response, page: string): void {
  res.setHeader('Cache-Control', 'no-store');
  // A token in the address must not leak to other sites through Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.type('html').send(page);
}

/** Sign-in, sign-up, email-link and account settings pages; forms post to /api/* with web/static/api-forms.js. */
export function createAccountPageRouter({ googleEnabled, clock }: { googleEnabled: boolean; clock: Clock }): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    const { next, notice } = signInQuerySchema.parse(req.query);
    if (req.user) return res.redirect(303, next);
    sendPrivatePage(res, renderSignInPage({ googleEnabled, next, ...(notice && NOTICES[notice] ? { notice: NOTICES[notice] } : {}) }));
  });

  router.get('/sign-up', (req, res) => {
    if (req.user) return res.redirect(303, '/account');
    sendPrivatePage(res, renderSignUpPage({ googleEnabled }));
  });

  router.get('/forgot-password', (_req, res) => sendPrivatePage(res, renderForgotPasswordPage()));
  router.get('/reset-password', (req, res) => sendPrivatePage(res, renderResetPasswordPage(tokenQuerySchema.parse(req.query))));
  router.get('/verify-email', (req, res) => sendPrivatePage(res, renderVerifyEmailPage(tokenQuerySchema.parse(req.query))));

  router.get('/account', (req: Request, res: Response) => {
    if (!req.user) return res.redirect(303, signInHref('/account'));
    const me = toMeResponse(req.user, mediaUrl);
    sendPrivatePage(res, renderAccountPage({ me, googleEnabled, reauthenticated: recentlyReauthenticated(req, clock.now()) }));
  });

  /** The header menu for pages rendered without knowing the viewer (see web/static/account-nav.js). */
  router.get('/fragments/account-nav', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const viewer = req.user ? viewerOf(toMeResponse(req.user, mediaUrl)) : null;
    res.type('html').send(renderAccountNav(viewer).value);
  });

  return router;
}
