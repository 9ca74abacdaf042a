import type { ArtworkService, ImageIngestor } from '../artworks/artwork.service.ts';
import { createMaintenanceScheduler } from '../auth/auth-maintenance.ts';
import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { MediaStorage } from '../media/storage.ts';
import { PostgresSearchIndex } from '../search/postgres/postgres-search-index.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { createArtworkRemovalService } from './artwork-removal.service.ts';
import { createCounterNoticeService } from './counter-notice.service.ts';
import { createRemovedArtworkBlocklist } from './crawl-blocklist.ts';
import { createCreatorClaimsService } from './creator-claims.service.ts';
import type { SourcePageFetcher } from './source-page-fetcher.ts';
import { listenForRemovals, type RemovalListener } from './removal-notifications.ts';
import { countEventsPerMonth, countStrikes } from './takedown-events.repository.ts';
import { createTakedownIntakeService } from './takedown-intake.service.ts';
import { createTakedownReviewService } from './takedown-review.service.ts';
import { createSocialHandleProofs } from '../../crawlers/claims/social-handle-proofs.ts';

export interface TakedownsDeps {
  config: Config;
  db: Db;
  /** For the LISTEN connection that hears removals made by other processes. */
  connectionString: string;
  clock: Clock;
  logger: Logger;
  searchIndex: SearchIndex;
  storage: MediaStorage;
  media: ImageIngestor;
  artworks: ArtworkService;
  hasher: IdentifierHasher;
  /** The process's one mailer; src/app.ts closes it. */
  mailer: Mailer;
  /** Reads creators' pages and restored images through the crawler's HTTP stack. */
  fetcher: SourcePageFetcher;
  /** The process's one limiter (src/app.ts): intake and counter-notice caps. */
  rateLimiter: RateLimiter;
}

export type Takedowns = ReturnType<typeof composeTakedowns>;

/** Wires notices, review, removal, counter-notices and creator claims for src/app.ts. */
export function composeTakedowns({ config, db, connectionString, clock, logger, searchIndex, storage, media, artworks, hasher, mailer, fetcher, rateLimiter }: TakedownsDeps) {
  // Removal must leave both engines: behind Meilisearch, PostgreSQL's own search tables too.
  const searchIndexes = searchIndex.engine === 'meilisearch' ? [searchIndex, new PostgresSearchIndex(db)] : [searchIndex];
  // A restored artwork's images were deleted at removal: fetched again from where they were posted.
  const restoreImage = async (imageUrl: string) => {
    const image = await media.ingestImage(await fetcher.readImage(imageUrl));
    return { thumbnailKey: image.thumbnailKey, previewKey: image.previewKey };
  };
  const removal = createArtworkRemovalService({ db, searchIndexes, storage, artworks, restoreImage, clock, logger });
  const counterNotices = createCounterNoticeService({ db, removal, mailer, clock, logger, rateLimiter, hasher, publicUrl: config.PUBLIC_URL });
  const scheduler = createMaintenanceScheduler({
    logger,
    jobs: [{ name: 'restore-countered-takedowns', schedule: '*/30 * * * *', run: () => counterNotices.restoreDue() }],
  });
  let listener: RemovalListener | undefined;

  return {
    removal,
    counterNotices,
    scheduler,
    /** For the crawler: removed works and opted-out creators stay out of the index. */
    crawlBlocklist: createRemovedArtworkBlocklist({ db, clock }),
    intake: createTakedownIntakeService({
      db,
      mailer,
      rateLimiter,
      hasher,
      clock,
      publicUrl: config.PUBLIC_URL,
      intake: config.TAKEDOWN_INTAKE,
      maxItems: config.TAKEDOWN_MAX_ITEMS,
    }),
    review: createTakedownReviewService({ db, removal, mailer, clock }),
    claims: createCreatorClaimsService({ db, removal, profiles: fetcher, clock, logger, socialProofs: createSocialHandleProofs({ db, readApiJson: fetcher.readApiJson, xBearerToken: config.X_BEARER_TOKEN }) }),
    agent: { name: config.DMCA_AGENT_NAME, email: config.DMCA_AGENT_EMAIL ?? null, address: config.DMCA_AGENT_ADDRESS ?? null, phone: config.DMCA_AGENT_PHONE ?? null },

    async transparency(months = 24) {
      const [counts, strikes] = await Promise.all([countEventsPerMonth(db, months), countStrikes(db)]);
      return { counts, strikes };
    },

    /** Serving processes only: the counter-notice timer and the cross-process removal listener. */
    start(): void {
      // A public deployment must name a reachable agent (17 U.S.C. §512(c)(2)); /dmca says when it does not.
      if (!config.DMCA_AGENT_EMAIL && !config.DMCA_AGENT_ADDRESS && config.PUBLIC_URL.startsWith('https:')) {
        logger.warn('DMCA_AGENT_EMAIL and DMCA_AGENT_ADDRESS are unset: /dmca shows no designated agent contact; set them before going public');
      }
      scheduler.start();
      listener ??= listenForRemovals(connectionString, removal.dropFromSearch, logger);
    },

    async close(): Promise<void> {
      await scheduler.stop();
      await listener?.close();
    },
  };
}

export type TakedownAgent = Takedowns['agent'];
