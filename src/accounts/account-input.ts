import { z } from 'zod';
import { isCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';

/** Emails are compared and stored trimmed and in lower case: one account per address. */
export const emailSchema = z
  .string({ error: 'enter your email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'enter a valid email address' }).max(254, 'at most 254 characters'));

/** The rules for a new password: long enough and not on the list of common passwords. */
export const newPasswordSchema = z
  .string({ error: 'enter a password' })
  .min(PASSWORD_MIN_LENGTH, `use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `use at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((password) => !isCommonPassword(password), 'this password is too common; choose another');

/** An existing password being checked: only bounded, never judged (old accounts may predate rules). */
export const currentPasswordSchema = z
  .string({ error: 'enter your password' })
  .min(1, 'enter your password')
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,30}$/, '3 to 30 letters, digits or underscores');

/** A 6-digit authenticator code or a recovery code (xxxxx-xxxxx). */
export const secondFactorCodeSchema = z
  .string({ error: 'enter the code from your authenticator app' })
  .trim()
  .regex(/^(\d{6}|[a-z0-9]{5}-?[a-z0-9]{5})$/i, 'enter the 6-digit code or a recovery code');

/** Emailed single-use tokens: 32 random bytes, base64url. */
export const emailedTokenSchema = z.string({ error: 'the link is incomplete' }).regex(/^[A-Za-z0-9_-]{43}$/, 'the link is incomplete or damaged');
