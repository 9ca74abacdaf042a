import { Router, type Request, type Response } from 'express';
import type passport from 'passport';
import { z } from 'zod';
import { emailSchema } from '../../../accounts/account-input.ts';
import type { GoogleSignInService } from '../../../accounts/google-sign-in.service.ts';
import { createGoogleOidc, type GoogleOidcOptions } from '../../../auth/google-oidc.ts';
import type { Clock } from '../../../clock.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../errors.ts';
import { logIn, saveSession } from '../../middleware/auth-session.ts';
import { clientIp } from '../../middleware/client-ip.ts';

/** The ID token claims we rely on; anything else from the provider is ignored. */
const googleClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: emailSchema,
  // Google sends a boolean; some providers send "true".
  email_verified: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).default(false),
});

const startQuerySchema = z.object({ intent: z.enum(['sign-in', 'reauthenticate']).catch('sign-in') });

export interface GoogleRouterDeps {
  /** Undefined when GOOGLE_CLIENT_ID/SECRET are not set: the routes answer 404. */
  oidc: GoogleOidcOptions | undefined;
  googleSignIn: GoogleSignInService;
  authenticator: passport.Authenticator;
  clock: Clock;
}

/** GET /auth/google starts the round trip, GET /auth/google/callback finishes it. */
export function createGoogleAuthRouter({ oidc, googleSignIn, authenticator, clock }: GoogleRouterDeps): Router {
  const router = Router();
  if (!oidc) {
    router.get(['/auth/google', '/auth/google/callback'], () => {
      throw new NotFoundError('Google sign-in is not configured here');
    });
    return router;
  }

  const google = createGoogleOidc(oidc, (req, tokens, verified) => {
    const parsed = googleClaimsSchema.safeParse(tokens.claims());
    if (!parsed.success) return verified(new ForbiddenError('Google did not share a usable email address'));
    const { sub, email, email_verified } = parsed.data;
    googleSignIn.signInWithGoogle({ subject: sub, email, emailVerified: email_verified }, { ip: clientIp(req) }).then(
      (account) => verified(null, account),
      (error: unknown) => verified(error),
    );
  });

  router.get('/auth/google', async (req, res, next) => {
    const { intent } = startQuerySchema.parse(req.query);
    if (intent === 'reauthenticate' && !req.user) throw new UnauthenticatedError('Sign in first');
    req.session.googleIntent = intent;
    const strategy = await google.strategy();
    // Re-authentication must really ask Google again, not reuse its own session silently.
    authenticator.authenticate(strategy, intent === 'reauthenticate' ? { prompt: 'login' } : {})(req, res, next);
  });

  router.get('/auth/google/callback', async (req, res, next) => {
    const strategy = await google.strategy();
    authenticator.authenticate(strategy, (error: unknown, account: Express.User | false) => {
      finishGoogleSignIn(req, res, error, account, clock).catch(next);
    })(req, res, next);
  });

  return router;
}

async function finishGoogleSignIn(req: Request, res: Response, error: unknown, account: Express.User | false, clock: Clock): Promise<void> {
  if (error) throw error;
  if (!account) throw new UnauthenticatedError('Google sign-in was cancelled or could not be completed; try again');
  const intent = req.session.googleIntent ?? 'sign-in';
  delete req.session.googleIntent;
  if (intent === 'reauthenticate' && req.user) {
    if (req.user.id !== account.id) throw new ForbiddenError('That Google account is not the one you are signed in with');
    req.session.reauthenticatedAt = clock.now().getTime();
    await saveSession(req);
    res.redirect(303, '/account?reauthenticated=1#delete');
    return;
  }
  await logIn(req, account);
  // Google just asked who this is: good enough as the re-authentication deletion needs.
  req.session.reauthenticatedAt = clock.now().getTime();
  await saveSession(req);
  res.redirect(303, '/account');
}
