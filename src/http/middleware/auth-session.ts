import type { Request, RequestHandler, Response } from 'express';
import session, { type SessionData } from 'express-session';
import type passport from 'passport';
import type { PostgresSessionStore } from './postgres-session-store.ts';
import { SESSION_LIFETIME_MS } from '../../auth/session-lifetime.ts';
import type { Account } from '../../accounts/account.ts';
import '../../auth/session-data.ts';

export interface SessionCookieOptions {
  store: PostgresSessionStore;
  secret: string;
  /** PUBLIC_URL is https: Secure cookie with the __Host- prefix (no Domain, Path=/). */
  https: boolean;
}

export function sessionCookieName(https: boolean): string {
  return https ? '__Host-artsift_session' : 'artsift_session';
}

/** Content-addressed images need no session: skipping them saves a session look-up per thumbnail. */
const SESSIONLESS_PREFIXES = ['/media/'];

function unlessSessionless(middleware: RequestHandler): RequestHandler {
  return (req, res, next) => (SESSIONLESS_PREFIXES.some((prefix) => req.path.startsWith(prefix)) ? next() : middleware(req, res, next));
}

/** express-session (PostgreSQL store) followed by passport; mounted before every router. */
export function createSessionMiddleware({ store, secret, https }: SessionCookieOptions, authenticator: passport.Authenticator): RequestHandler[] {
  const middleware: RequestHandler[] = [
    session({
      name: sessionCookieName(https),
      secret,
      store,
      // No session row for visitors who never sign in or ask for a CSRF token.
      saveUninitialized: false,
      resave: false,
      rolling: false,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure: https, maxAge: SESSION_LIFETIME_MS, path: '/' },
    }),
    authenticator.initialize(),
    authenticator.session(),
  ];
  return middleware.map(unlessSessionless);
}

/** passport's login: regenerates the session (a new id at every sign-in) and stores the account. */
export function logIn(req: Request, account: Account): Promise<void> {
  return new Promise((resolve, reject) => req.login(account, (error: unknown) => (error ? reject(error) : resolve())));
}

/** A new session id for a privilege change (second factor passed), keeping who is signed in. */
export async function rotateSession(req: Request, changes: Partial<Pick<SessionData, 'secondFactorPassedAt' | 'reauthenticatedAt'>>): Promise<void> {
  const kept = { passport: req.session.passport, reauthenticatedAt: req.session.reauthenticatedAt };
  await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
  Object.assign(req.session, kept, changes);
  await saveSession(req);
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

/** Sign-out: the session row is deleted and the browser told to forget the cookie. */
export async function destroySession(req: Request, res: Response, https: boolean): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.destroy((error: unknown) => (error ? reject(error) : resolve())));
  res.clearCookie(sessionCookieName(https), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
}
