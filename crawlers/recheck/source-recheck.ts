import type { Clock } from '../../src/clock.ts';
import type { Db } from '../../src/db/connect.ts';
import type { Logger } from '../../src/logger.ts';
import { sourceConfigSchema, type SourceConfig } from '../config/source-config.ts';
import type { CrawlService } from '../crawl.service.ts';
import { checkBlueskyPosts } from '../sources/bluesky/bluesky-post-check.ts';
import { checkMastodonPosts } from '../sources/mastodon/mastodon-post-check.ts';
import { checkXPosts } from '../sources/x/x-post-check.ts';
import type { GoneReason, PostChecker, PostState } from './post-check.ts';
import { findDuePosts, markChecked, postpone, type DuePost } from './source-post.repository.ts';
import type { SocialPlatform } from './source-post-tables.ts';

const CHECKERS: Record<SocialPlatform, PostChecker> = { x: checkXPosts, bluesky: checkBlueskyPosts, mastodon: checkMastodonPosts };

/** Due posts asked about per run; the job runs every 15 minutes, so this bounds its API use. */
const DEFAULT_MAX_POSTS_PER_RUN = 2_000;
/** A post the platform did not answer about is asked again this much later (the job's own period). */
const RETRY_UNANSWERED_MS = 15 * 60 * 1000;

/**
 * The takedown removal path (src/takedowns' artwork removal, passed in by src/app.ts): strips the
 * row, drops it from search and deletes its media; resolves with the ids removed.
 */
export interface AtSourceRemoval {
  remove(request: { artworkIds: string[]; actor: 'system'; reason: string; action: 'item_removed_at_source' }): Promise<string[]>;
}

export interface SourceRecheckDeps {
  db: Db;
  crawl: Pick<CrawlService, 'listSources' | 'openHttpClient'>;
  removal: AtSourceRemoval;
  secrets: { xBearerToken?: string | undefined };
  clock: Clock;
  logger: Logger;
  maxPostsPerRun?: number;
}

export interface RecheckReport {
  checked: number;
  removed: number;
  /** Posts the source gave no usable answer about (an API error, no token): asked again 15 minutes later. */
  unanswered: number;
}

/**
 * Asks each platform whether the posts we index still exist, on their schedule
 * (recheck-schedule.ts). Posts deleted, made private or whose author was suspended are
 * removed through the takedown removal path (search, pages, media), recorded as
 * 'item_removed_at_source' so the transparency report counts them apart from notices.
 */
export function createSourceRecheck({ db, crawl, removal, secrets, clock, logger, maxPostsPerRun = DEFAULT_MAX_POSTS_PER_RUN }: SourceRecheckDeps) {
  async function checkGroup(source: SourceConfig, posts: DuePost[], signal: AbortSignal): Promise<Map<string, PostState> | undefined> {
    const http = crawl.openHttpClient(source, signal);
    try {
      const keys = [...new Set(posts.map((post) => post.post_key))];
      return await CHECKERS[posts[0]!.platform](keys, { http, apiBaseUrl: posts[0]!.api_base_url, secrets });
    } catch (error) {
      logger.warn({ err: error, source: source.name }, 'posts could not be re-checked at their source; asking again next run');
      return undefined;
    } finally {
      http.close();
    }
  }

  return {
    async runDue(signal: AbortSignal = new AbortController().signal): Promise<RecheckReport> {
      const report: RecheckReport = { checked: 0, removed: 0, unanswered: 0 };
      const due = await findDuePosts(db, clock.now(), maxPostsPerRun);
      const sources = await crawl.listSources();
      for (const posts of groupBy(due, (post) => `${post.crawl_source}\n${post.platform}\n${post.api_base_url}`)) {
        signal.throwIfAborted();
        const states = await checkGroup(sourceFor(sources, posts[0]!), posts, signal);
        const retryAt = new Date(clock.now().getTime() + RETRY_UNANSWERED_MS);
        if (!states) {
          report.unanswered += posts.length;
          await postpone(db, posts, retryAt);
          continue;
        }
        const gone = new Map<GoneReason, string[]>();
        const answered: DuePost[] = [];
        const unanswered: DuePost[] = [];
        for (const post of posts) {
          const state = states.get(post.post_key) ?? { state: 'unknown' };
          if (state.state === 'gone') gone.set(state.reason, [...(gone.get(state.reason) ?? []), post.artwork_id]);
          else (state.state === 'live' ? answered : unanswered).push(post);
        }
        report.checked += posts.length - unanswered.length;
        report.unanswered += unanswered.length;
        await postpone(db, unanswered, retryAt);
        for (const [reason, artworkIds] of gone) {
          const removed = await removal.remove({ artworkIds, actor: 'system', reason: `removed at source: ${reason.replace('_', ' ')}`, action: 'item_removed_at_source' });
          report.removed += removed.length;
        }
        await markChecked(db, answered, clock.now());
      }
      if (due.length > 0) logger.info({ ...report }, 'source posts re-checked');
      return report;
    },
  };
}

export type SourceRecheck = ReturnType<typeof createSourceRecheck>;

/**
 * The crawl source that found the posts, for its network allowance and politeness; an ad-hoc
 * source (not in the file) is asked with the platform's default rules.
 */
function sourceFor(sources: SourceConfig[], post: DuePost): SourceConfig {
  const configured = sources.find((source) => source.name === post.crawl_source && source.type === post.platform);
  if (configured) return configured;
  const options =
    post.platform === 'mastodon' ? { instanceUrl: post.api_base_url, tag: 'recheck' } : { apiBaseUrl: post.api_base_url, query: 'recheck' };
  return sourceConfigSchema.parse({ name: post.crawl_source, type: post.platform, options });
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups.values()];
}
