import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ArtworkRemovalService } from './artwork-removal.service.ts';
import type { SourcePageFetcher } from './source-page-fetcher.ts';
import type { SocialHandleProofs } from '../../crawlers/claims/social-handle-proofs.ts';
import { appendTakedownEvents } from './takedown-events.repository.ts';
import type { CreatorClaimInput, CreatorRemovalInput } from './creator-claim-input.ts';
import type { CreatorClaimRow } from './takedown-tables.ts';

export interface CreatorClaimsDeps {
  db: Db;
  removal: ArtworkRemovalService;
  profiles: Pick<SourcePageFetcher, 'readText'>;
  clock: Clock;
  logger: Logger;
  /** X, Bluesky and Mastodon handles are proven through the platform's API (bio or a post). */
  socialProofs?: SocialHandleProofs;
}

/**
 * Self-service for creators: prove you own a source handle by putting a one-time code on the
 * profile page the crawler knows for it, then remove your indexed work and opt out of crawling.
 * No legal notice is needed because the owner of the posts is the one asking.
 */
export function createCreatorClaimsService({ db, removal, profiles, clock, logger, socialProofs }: CreatorClaimsDeps) {
  async function requireClaim(accountId: string, claimId: string, { verified }: { verified: boolean }) {
    const claim = /^\d{1,18}$/.test(claimId)
      ? await db.selectFrom('creator_claims').selectAll().where('id', '=', claimId).where('account_id', '=', accountId).executeTakeFirst()
      : undefined;
    if (!claim) throw new NotFoundError('No such claim on your account');
    if (verified && !claim.verified_at) throw new ValidationError('Verify the claim first: put the code on your profile page and press Verify', 'claim');
    return claim;
  }

  /** Artworks of the claimed handle still indexed (removal drops the handle, so removed ones fall out). */
  const artworksOf = (claim: { source: string; handle: string }) =>
    db
      .selectFrom('artworks')
      .select(['id', 'post_url', 'thumbnail_key', 'prompt', 'author_url', 'takedown_state'])
      .where('source', '=', claim.source)
      .where(sql<string>`lower(author_handle)`, '=', claim.handle.toLowerCase())
      .where('takedown_state', '!=', 'removed')
      .orderBy('id')
      .limit(1000);

  async function verifySocial(accountId: string, claim: CreatorClaimRow) {
    let foundAt: string | undefined;
    try {
      foundAt = await socialProofs!.locate(claim);
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      logger.info({ err: error, claimId: claim.id }, 'social handle could not be looked up');
      throw new ValidationError(`Could not look up ${claim.handle} on ${claim.source}; check the handle and try again in a moment`, 'claim');
    }
    if (!foundAt) throw new ValidationError(`The code is not in the bio or a recent post of ${claim.handle} on ${claim.source} yet`, 'claim');
    const verified = await db.updateTable('creator_claims').set({ verified_at: clock.now() }).where('id', '=', claim.id).returningAll().executeTakeFirstOrThrow();
    await appendTakedownEvents(db, [{ action: 'claim_verified', actor: `creator:${accountId}`, detail: { claimId: claim.id, profileUrl: foundAt } }], clock.now());
    return verified;
  }

  return {
    list(accountId: string) {
      return db.selectFrom('creator_claims').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
    },

    /** Starts (or returns the existing) claim with its one-time code. */
    async start(accountId: string, { source, handle }: CreatorClaimInput) {
      const existing = await db
        .selectFrom('creator_claims')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('source', '=', source)
        .where(sql<string>`lower(handle)`, '=', handle.toLowerCase())
        .executeTakeFirst();
      if (existing) return existing;
      const claim = await db
        .insertInto('creator_claims')
        .values({ account_id: accountId, source, handle, code: `artsift-verify-${randomBytes(9).toString('base64url')}`, created_at: clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendTakedownEvents(db, [{ action: 'claim_started', actor: `creator:${accountId}`, detail: { claimId: claim.id, source, handle } }], clock.now());
      return claim;
    },

    /** Reads the handle's profile page (the author URL the crawler recorded) and looks for the code. */
    async verify(accountId: string, claimId: string) {
      const claim = await requireClaim(accountId, claimId, { verified: false });
      if (claim.verified_at) return claim;
      if (socialProofs?.covers(claim.source)) return verifySocial(accountId, claim);
      const profile = await artworksOf(claim).where('author_url', 'is not', null).select('author_url').executeTakeFirst();
      if (!profile?.author_url) throw new ValidationError(`We have no profile page for ${claim.handle} on ${claim.source}`, 'handle');
      let text: string;
      try {
        text = await profiles.readText(profile.author_url);
      } catch (error) {
        logger.info({ err: error, claimId }, 'creator profile page could not be read');
        throw new ValidationError(`Could not read ${profile.author_url}; try again in a moment`, 'claim');
      }
      if (!text.includes(claim.code)) throw new ValidationError(`The code is not on ${profile.author_url} yet`, 'claim');
      const verified = await db.updateTable('creator_claims').set({ verified_at: clock.now() }).where('id', '=', claim.id).returningAll().executeTakeFirstOrThrow();
      await appendTakedownEvents(db, [{ action: 'claim_verified', actor: `creator:${accountId}`, detail: { claimId: claim.id, profileUrl: profile.author_url } }], clock.now());
      return verified;
    },

    async artworks(accountId: string, claimId: string) {
      return artworksOf(await requireClaim(accountId, claimId, { verified: true })).execute();
    },

    /** Removes the chosen (or all) indexed artworks of the verified handle. */
    async remove(accountId: string, claimId: string, input: CreatorRemovalInput): Promise<string[]> {
      const claim = await requireClaim(accountId, claimId, { verified: true });
      const own = new Set((await artworksOf(claim).execute()).map((row) => row.id));
      const chosen = input.all ? [...own] : (input.artworkIds ?? []);
      const strangers = chosen.filter((id) => !own.has(id));
      if (strangers.length > 0) throw new ValidationError(`Not indexed artworks of ${claim.handle}: ${strangers.join(', ')}`, 'artworkIds');
      if (chosen.length === 0) return [];
      return removal.remove({ artworkIds: chosen, actor: `creator:${accountId}`, reason: `creator request for ${claim.source}/${claim.handle}` });
    },

    /** "Do not index my work": the crawler skips this handle on this source from its next item on. */
    async setOptOut(accountId: string, claimId: string, optedOut: boolean) {
      const claim = await requireClaim(accountId, claimId, { verified: true });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('creator_claims').set({ opted_out: optedOut }).where('id', '=', claim.id).execute();
        await appendTakedownEvents(trx, [{ action: optedOut ? 'creator_opted_out' : 'creator_opted_in', actor: `creator:${accountId}`, detail: { source: claim.source, handle: claim.handle } }], clock.now());
      });
    },
  };
}

export type CreatorClaimsService = ReturnType<typeof createCreatorClaimsService>;
