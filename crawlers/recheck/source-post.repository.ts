import type { Db } from '../../src/db/connect.ts';
import { nextCheckAt } from './recheck-schedule.ts';
import type { SocialPlatform } from './source-post-tables.ts';

export interface SourcePostRegistration {
  artworkId: string;
  platform: SocialPlatform;
  postKey: string;
  crawlSource: string;
  apiBaseUrl: string;
  postedAt: Date | null;
}

/** Remembers where to re-check a stored artwork's post; first check after one interval. */
export async function registerSourcePost(db: Db, post: SourcePostRegistration, now: Date): Promise<void> {
  await db
    .insertInto('source_posts')
    .values({
      artwork_id: post.artworkId,
      platform: post.platform,
      post_key: post.postKey,
      crawl_source: post.crawlSource,
      api_base_url: post.apiBaseUrl,
      posted_at: post.postedAt,
      next_check_at: nextCheckAt(post.postedAt, now),
    })
    .onConflict((oc) => oc.column('artwork_id').doNothing())
    .execute();
}

/** Posts whose check is due, oldest due first; rows of removed artworks are not asked about. */
export async function findDuePosts(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('source_posts')
    .innerJoin('artworks', 'artworks.id', 'source_posts.artwork_id')
    .select(['source_posts.artwork_id', 'platform', 'post_key', 'crawl_source', 'api_base_url', 'posted_at'])
    .where('next_check_at', '<=', now)
    .where('artworks.takedown_state', '!=', 'removed')
    .orderBy('next_check_at')
    .limit(limit)
    .execute();
}

export type DuePost = Awaited<ReturnType<typeof findDuePosts>>[number];

/** The platform did not answer: asked again at `until`, behind the posts due meanwhile. */
export async function postpone(db: Db, posts: DuePost[], until: Date): Promise<void> {
  if (posts.length === 0) return;
  await db.updateTable('source_posts').set({ next_check_at: until }).where('artwork_id', 'in', posts.map((post) => post.artwork_id)).execute();
}

export async function markChecked(db: Db, posts: DuePost[], now: Date): Promise<void> {
  for (const post of posts) {
    await db
      .updateTable('source_posts')
      .set({ last_checked_at: now, next_check_at: nextCheckAt(post.posted_at, now) })
      .where('artwork_id', '=', post.artwork_id)
      .execute();
  }
}
