import type { Request } from 'express';
import type { Account } from '../../accounts/account.ts';
import { ForbiddenError, UnauthenticatedError } from '../../errors.ts';
import '../../auth/session-data.ts';

/** How recent a password or Google sign-in must be to count as re-authentication. */
export const REAUTHENTICATION_WINDOW_MS = 10 * 60 * 1000;

export function requireAccount(req: Request): Account {
  if (!req.user) throw new UnauthenticatedError('Sign in first');
  return req.user;
}

export function hasPassedSecondFactor(req: Request): boolean {
  return typeof req.session?.secondFactorPassedAt === 'number';
}

/** Admin routes: an admin account whose session has passed the TOTP check. */
export function requireAdmin(req: Request): Account {
  const account = requireAccount(req);
  if (account.role !== 'admin') throw new ForbiddenError('Only admins can open this');
  if (!hasPassedSecondFactor(req)) throw new ForbiddenError('Enter the code from your authenticator app first', 'totp');
  return account;
}

export function recentlyReauthenticated(req: Request, now: Date): boolean {
  const at = req.session?.reauthenticatedAt;
  return typeof at === 'number' && now.getTime() - at < REAUTHENTICATION_WINDOW_MS;
}

/** What the session allows, for /api/session and the login answer. */
export function secondFactorState(req: Request): 'not_required' | 'required' | 'passed' {
  if (req.user?.role !== 'admin') return 'not_required';
  return hasPassedSecondFactor(req) ? 'passed' : 'required';
}
