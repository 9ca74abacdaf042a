import type { Account } from '../accounts/account.ts';

/** What artsift keeps in a session (express-session's SessionData, merged by declaration). */
declare module 'express-session' {
  interface SessionData {
    /** passport's own slot: the signed-in account id. */
    passport?: { user?: string };
    /** GET /api/csrf was asked: keeps a visitor's session (its token is an HMAC of the session id). */
    csrfIssued?: boolean;
    /** When this session passed the admin second factor (epoch ms); set on a rotated session only. */
    secondFactorPassedAt?: number;
    /** When the owner last proved who they are (password or Google), for account deletion. */
    reauthenticatedAt?: number;
    /** Why the Google round trip was started. */
    googleIntent?: 'sign-in' | 'reauthenticate';
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- passport types req.user as Express.User
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs an interface
    interface User extends Account {}
  }
}

export {};
