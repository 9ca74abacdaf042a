import { z } from 'zod';
import type { SocialPost } from '../social-post.ts';

const imagesViewSchema = z.object({
  $type: z.literal('app.bsky.embed.images#view'),
  images: z.array(z.object({ fullsize: z.string().max(2048), alt: z.string().max(10_000).optional() })).max(10),
});

const postViewSchema = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/).max(500),
  author: z.object({ did: z.string().max(200), handle: z.string().max(253), displayName: z.string().max(640).optional() }),
  record: z.object({ text: z.string().max(100_000).optional(), createdAt: z.string().max(64).optional() }).loose(),
  embed: z.object({ $type: z.string().max(200) }).loose().optional(),
  indexedAt: z.string().max(64),
  labels: z.array(z.object({ val: z.string().max(128) }).loose()).max(100).optional(),
});
export type BlueskyPostView = z.infer<typeof postViewSchema>;

/** app.bsky.feed.searchPosts output. */
export const searchPostsSchema = z.object({ cursor: z.string().max(500).optional(), posts: z.array(postViewSchema).max(1_000) });
/** app.bsky.feed.getAuthorFeed output: reposts carry a `reason` and are someone else's posts. */
export const authorFeedSchema = z.object({
  cursor: z.string().max(500).optional(),
  feed: z.array(z.object({ post: postViewSchema, reason: z.unknown().optional() })).max(1_000),
});
/** app.bsky.feed.getPosts output: deleted posts, and posts of taken-down accounts, are simply absent. */
export const getPostsSchema = z.object({ posts: z.array(z.object({ uri: z.string().max(500) }).loose()).max(100) });

const ADULT_LABELS = new Set(['porn', 'sexual', 'nudity', 'graphic-media', 'gore']);

/** Images of a post: its own image embed, or the media half of a quote post with media. */
function imagesOf(post: BlueskyPostView): { url: string; altText: string | null }[] {
  const embed = post.embed as { $type: string; media?: unknown } | undefined;
  const candidate = embed?.$type === 'app.bsky.embed.recordWithMedia#view' ? embed.media : embed;
  const parsed = imagesViewSchema.safeParse(candidate);
  if (!parsed.success) return [];
  return parsed.data.images.map((image) => ({ url: image.fullsize, altText: image.alt?.trim() ? image.alt : null }));
}

/** When the post counts as made, for "only what is new": the earlier of its claimed and indexed times. */
export function sortAtOf(post: BlueskyPostView): string {
  const created = post.record.createdAt && !Number.isNaN(Date.parse(post.record.createdAt)) ? new Date(post.record.createdAt).toISOString() : undefined;
  const indexed = Number.isNaN(Date.parse(post.indexedAt)) ? post.indexedAt : new Date(post.indexedAt).toISOString();
  return created && created < indexed ? created : indexed;
}

/** at://<did>/app.bsky.feed.post/<rkey> → https://bsky.app/profile/<handle>/post/<rkey>. */
export function toSocialPost(post: BlueskyPostView, site: { siteUrl: string; source: string }): SocialPost {
  const rkey = post.uri.slice(post.uri.lastIndexOf('/') + 1);
  const profile = post.author.handle && post.author.handle !== 'handle.invalid' ? post.author.handle : post.author.did;
  const profileUrl = new URL(`/profile/${encodeURIComponent(profile)}`, site.siteUrl).href;
  return {
    source: site.source,
    postKey: post.uri,
    postUrl: `${profileUrl}/post/${encodeURIComponent(rkey)}`,
    text: post.record.text ?? '',
    publishedAt: post.record.createdAt ?? post.indexedAt,
    nsfw: (post.labels ?? []).some((label) => ADULT_LABELS.has(label.val)),
    author: { handle: post.author.handle, name: post.author.displayName?.trim() || post.author.handle, url: profileUrl },
    images: imagesOf(post),
  };
}
