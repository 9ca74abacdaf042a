import type { Db } from '../db/connect.ts';
import { ConflictError, UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { mediaKeyFor, MEDIA_CONTENT_TYPE } from '../media/media-keys.ts';
import type { MediaStorage } from '../media/storage.ts';
import { toAccount, type Account } from './account.ts';
import { findAccountById, isAvatarKeyInUse, isUsernameTaken, updateAccount } from './account.repository.ts';
import type { ImageAdapter } from '../media/image-adapter.ts';
import { USERNAME_TAKEN_MESSAGE } from './registration.service.ts';
import { isUniqueViolation } from './unique-violation.ts';

export interface ProfileChanges {
  /** null clears it. */
  username?: string | null;
  /** Image bytes to use, or null to remove the avatar. */
  avatar?: Buffer | null;
}

export type ProfileService = ReturnType<typeof createProfileService>;

export function createProfileService({ db, storage, images, logger }: { db: Db; storage: MediaStorage; images: Pick<ImageAdapter, 'avatarWebp'>; logger: Logger }) {
  /** Removes an avatar file nobody uses any more (keys are content-addressed, so files can be shared). */
  async function deleteAvatarIfUnused(key: string | null): Promise<void> {
    if (!key || (await isAvatarKeyInUse(db, key))) return;
    try {
      await storage.delete([key]);
    } catch (error) {
      logger.error({ err: error, key }, 'could not delete a replaced avatar');
    }
  }

  return {
    deleteAvatarIfUnused,

    /** The signed-in account, or undefined when it no longer exists. */
    async findAccount(accountId: string): Promise<Account | undefined> {
      const row = await findAccountById(db, accountId);
      return row ? toAccount(row) : undefined;
    },

    async updateProfile(accountId: string, changes: ProfileChanges): Promise<Account> {
      const before = await findAccountById(db, accountId);
      if (!before) throw new UnauthenticatedError('Sign in again');
      if (changes.username && (await isUsernameTaken(db, changes.username, accountId))) throw new ConflictError(USERNAME_TAKEN_MESSAGE, 'username');

      let avatarKey = before.avatar_key;
      if (changes.avatar === null) avatarKey = null;
      if (changes.avatar) {
        const webp = await images.avatarWebp(changes.avatar);
        avatarKey = mediaKeyFor('user', webp);
        if (!(await storage.exists(avatarKey))) await storage.put(avatarKey, webp, MEDIA_CONTENT_TYPE);
      }
      let after;
      try {
        after = await updateAccount(db, accountId, {
          ...(changes.username !== undefined ? { username: changes.username } : {}),
          avatar_key: avatarKey,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'accounts_username_key')) throw new ConflictError(USERNAME_TAKEN_MESSAGE, 'username');
        throw error;
      }
      if (!after) throw new UnauthenticatedError('Sign in again');
      if (before.avatar_key !== after.avatar_key) await deleteAvatarIfUnused(before.avatar_key);
      return toAccount(after);
    },
  };
}
