import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ArtworkRemovalService } from './artwork-removal.service.ts';
import type { SourcePageFetcher } from './source-page-fetcher.ts';
import type { SocialHandleProofs } from '../../crawlers/claims/social-handle-proofs.ts';
import type { CreatorClaimRow } from './takedown-tables.ts';
import { appendTakedownEvents } from './takedown-events.repository.ts';
import type { CreatorClaimInput, CreatorRemovalInput } from './creator-claim-input.ts';
import { findClaimOfAccount, findClaimOfAccountByHandle, insertClaim, listClaimsOfAccount, markClaimVerified, setClaimOptOut } from './creator-claim.repository.ts';
import { findProfileUrlOfHandle, listIndexedArtworksOfHandle } from './takedown-artworks.repository.ts';

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
    const claim = await findClaimOfAccount(db, accountId, claimId);
    if (!claim) throw new NotFoundError('No such claim on your account');
    if (verified && !claim.verified_at) throw new ValidationError('Verify the claim first: put the code on your profile page and press Verify', 'claim');
    return claim;
  }

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
    const verified = await markClaimVerified(db, claim.id, clock.now());
    await appendTakedownEvents(db, [{ action: 'claim_verified', actor: `creator:${accountId}`, detail: { claimId: claim.id, profileUrl: foundAt } }], clock.now());
    return verified;
  }

  return {
    list(accountId: string) {
      return listClaimsOfAccount(db, accountId);
    },

    /** Starts (or returns the existing) claim with its one-time code. */
    async start(accountId: string, { source, handle }: CreatorClaimInput) {
      const existing = await findClaimOfAccountByHandle(db, accountId, source, handle);
      if (existing) return existing;
      const claim = await insertClaim(db, { account_id: accountId, source, handle, code: `artsift-verify-${randomBytes(9).toString('base64url')}`, created_at: clock.now() });
      await appendTakedownEvents(db, [{ action: 'claim_started', actor: `creator:${accountId}`, detail: { claimId: claim.id, source, handle } }], clock.now());
      return claim;
    },

    /** Reads the handle's profile page (the author URL the crawler recorded) and looks for the code. */
    async verify(accountId: string, claimId: string) {
      const claim = await requireClaim(accountId, claimId, { verified: false });
      if (claim.verified_at) return claim;
      if (socialProofs?.covers(claim.source)) return verifySocial(accountId, claim);
      const profileUrl = await findProfileUrlOfHandle(db, claim);
      if (!profileUrl) throw new ValidationError(`We have no profile page for ${claim.handle} on ${claim.source}`, 'handle');
      let text: string;
      try {
        text = await profiles.readText(profileUrl);
      } catch (error) {
        logger.info({ err: error, claimId }, 'creator profile page could not be read');
        throw new ValidationError(`Could not read ${profileUrl}; try again in a moment`, 'claim');
      }
      if (!text.includes(claim.code)) throw new ValidationError(`The code is not on ${profileUrl} yet`, 'claim');
      const verified = await markClaimVerified(db, claim.id, clock.now());
      await appendTakedownEvents(db, [{ action: 'claim_verified', actor: `creator:${accountId}`, detail: { claimId: claim.id, profileUrl } }], clock.now());
      return verified;
    },

    async artworks(accountId: string, claimId: string) {
      return listIndexedArtworksOfHandle(db, await requireClaim(accountId, claimId, { verified: true }));
    },

    /** Removes the chosen (or all) indexed artworks of the verified handle. */
    async remove(accountId: string, claimId: string, input: CreatorRemovalInput): Promise<string[]> {
      const claim = await requireClaim(accountId, claimId, { verified: true });
      const own = new Set((await listIndexedArtworksOfHandle(db, claim)).map((row) => row.id));
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
        await setClaimOptOut(trx, claim.id, optedOut);
        await appendTakedownEvents(trx, [{ action: optedOut ? 'creator_opted_out' : 'creator_opted_in', actor: `creator:${accountId}`, detail: { source: claim.source, handle: claim.handle } }], clock.now());
      });
    },
  };
}

export type CreatorClaimsService = ReturnType<typeof createCreatorClaimsService>;
