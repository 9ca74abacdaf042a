import { z } from 'zod';
import {
  currentPasswordSchema,
  emailedTokenSchema,
  emailSchema,
  newPasswordSchema,
  secondFactorCodeSchema,
  usernameSchema,
} from '../../../accounts/account-input.ts';

/** Request bodies of the /api/auth and /api/me routes. */

export const registerBodySchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  username: z.preprocess((value) => (value === '' ? undefined : value), usernameSchema.optional()),
});

export const loginBodySchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
  totp: z.preprocess((value) => (value === '' ? undefined : value), secondFactorCodeSchema.optional()),
});

export const secondFactorBodySchema = z.object({ code: secondFactorCodeSchema });
export const emailBodySchema = z.object({ email: emailSchema });
export const tokenBodySchema = z.object({ token: emailedTokenSchema });
export const passwordResetBodySchema = z.object({ token: emailedTokenSchema, password: newPasswordSchema });

export const changePasswordBodySchema = z.object({
  currentPassword: currentPasswordSchema.optional(),
  newPassword: newPasswordSchema,
});

export const deleteAccountBodySchema = z.object({ password: currentPasswordSchema.optional() });

/** Avatars travel as data: URLs in JSON, so the settings form needs no multipart parser. */
const avatarDataUrlSchema = z
  .string()
  .regex(/^data:image\/(png|jpeg|webp|gif|avif);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG, JPEG, WebP, GIF or AVIF picture')
  .transform((value) => Buffer.from(value.slice(value.indexOf(',') + 1), 'base64'));

export const updateProfileBodySchema = z
  .object({
    username: z.union([usernameSchema, z.null()]).optional(),
    avatar: z.union([avatarDataUrlSchema, z.null()]).optional(),
  })
  .strict();

/** A same-site path to go back to after signing in; anything else would be an open redirect. */
export const returnToSchema = z
  .string()
  // Starts with one "/" (never "//" or "/\", which browsers read as another host); query text may carry + , ~ : @ ! * ' ( ).
  .regex(/^\/(?![/\\])[\w\-./?=&%#+,~:@!*'()]*$/)
  .max(500)
  .catch('/account');
