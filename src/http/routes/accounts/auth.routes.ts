import { jsonBody } from '../../middleware/clean-input.ts';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type passport from 'passport';
import { toMeResponse } from '../../../accounts/account.ts';
import type { Accounts } from '../../../accounts/compose-accounts.ts';
import type { Clock } from '../../../clock.ts';
import { deleteSessionsOfAccount } from '../../../auth/session.repository.ts';
import type { Db } from '../../../db/connect.ts';
import { UnauthenticatedError } from '../../../errors.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import { SECOND_FACTOR_PASSED } from '../../middleware/auth-passport.ts';
import { requireAccount, secondFactorState } from '../../middleware/auth-guards.ts';
import { emailBodySchema, loginBodySchema, passwordResetBodySchema, registerBodySchema, secondFactorBodySchema, tokenBodySchema } from './auth-schemas.ts';
import { destroySession, logIn, rotateSession } from '../../middleware/auth-session.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';

export interface AuthRouterDeps {
  accounts: Pick<Accounts, 'registration' | 'passwordService' | 'secondFactor' | 'securityLog'>;
  authenticator: passport.Authenticator;
  db: Db;
  clock: Clock;
  https: boolean;
}

/** One sentence for every "we sent you a mail (or not)" answer: it must not tell which. */
const CHECK_YOUR_INBOX = 'If that address can receive it, a mail with a link is on its way. Check your inbox.';

/** Sign-up, sign-in and out, email links and the admin second factor: /api/auth/*. */
export function createAuthRouter({ accounts, authenticator, db, clock, https }: AuthRouterDeps): Router {
  const router = Router();
  router.use('/api/auth', jsonBody({ limit: '16kb' }));

  router.get('/api/session', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: req.user ? toMeResponse(req.user, mediaUrl) : null, secondFactor: secondFactorState(req) });
  });

  router.post('/api/auth/register', async (req, res) => {
    const body = parseInput(registerBodySchema, req.body);
    await accounts.registration.register({ ...body, ip: clientIp(req) });
    res.status(202).json({ status: 'check_your_inbox', message: CHECK_YOUR_INBOX });
  });

  router.post('/api/auth/login', (req: Request, res: Response, next: NextFunction) => {
    parseInput(loginBodySchema, req.body);
    authenticator.authenticate('local', { session: false }, (error: unknown, account: Express.User | false, info?: { message?: string }) => {
      if (error) return next(error);
      if (!account) return next(new UnauthenticatedError('Email or password is not right', 'password'));
      const passed = info?.message === SECOND_FACTOR_PASSED;
      logIn(req, account)
        .then(() => {
          if (passed) req.session.secondFactorPassedAt = clock.now().getTime();
          res.json({ user: toMeResponse(account, mediaUrl), secondFactor: secondFactorState(req) });
        })
        .catch(next);
    })(req, res, next);
  });

  router.post('/api/auth/totp', async (req, res) => {
    const account = requireAccount(req);
    const { code } = parseInput(secondFactorBodySchema, req.body);
    await accounts.secondFactor.verify(account.id, code, { ip: clientIp(req) });
    // A privilege change: the elevated session gets a new id.
    await rotateSession(req, { secondFactorPassedAt: clock.now().getTime() });
    res.json({ secondFactor: 'passed' });
  });

  router.post('/api/auth/logout', async (req, res) => {
    if (req.user) await accounts.securityLog.record('sign_out', { accountId: req.user.id, ip: clientIp(req) });
    await destroySession(req, res, https);
    res.status(204).end();
  });

  router.post('/api/auth/logout-everywhere', async (req, res) => {
    const account = requireAccount(req);
    const revoked = await deleteSessionsOfAccount(db, account.id);
    await accounts.securityLog.record('sign_out.everywhere', { accountId: account.id, ip: clientIp(req), details: { revoked } });
    await destroySession(req, res, https);
    res.status(204).end();
  });

  router.post('/api/auth/verify-email', async (req, res) => {
    const { token } = parseInput(tokenBodySchema, req.body);
    await accounts.registration.verifyEmail({ token, ip: clientIp(req) });
    res.json({ status: 'verified' });
  });

  router.post('/api/auth/verify-email/resend', async (req, res) => {
    const { email } = parseInput(emailBodySchema, req.body);
    await accounts.registration.resendVerification({ email, ip: clientIp(req) });
    res.status(202).json({ status: 'check_your_inbox', message: CHECK_YOUR_INBOX });
  });

  router.post('/api/auth/password-reset/request', async (req, res) => {
    const { email } = parseInput(emailBodySchema, req.body);
    await accounts.passwordService.requestReset({ email, ip: clientIp(req) });
    res.status(202).json({ status: 'check_your_inbox', message: CHECK_YOUR_INBOX });
  });

  router.post('/api/auth/password-reset', async (req, res) => {
    const { token, password } = parseInput(passwordResetBodySchema, req.body);
    await accounts.passwordService.resetPassword({ token, newPassword: password, ip: clientIp(req) });
    res.json({ status: 'password_changed' });
  });

  return router;
}
