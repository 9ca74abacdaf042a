import { z } from 'zod';
import type { SocialPost } from '../social-post.ts';

/** The fields every search request asks for: media with alt text and size, authors' names (never avatars). */
export const X_SEARCH_FIELDS = {
  expansions: 'attachments.media_keys,author_id',
  'tweet.fields': 'created_at,author_id,attachments,possibly_sensitive,note_tweet',
  'media.fields': 'url,alt_text,width,height,type',
  'user.fields': 'name,username',
} as const;

const xPostSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  text: z.string().max(100_000),
  author_id: z.string().max(40).optional(),
  created_at: z.string().max(40).optional(),
  possibly_sensitive: z.boolean().optional(),
  note_tweet: z.object({ text: z.string().max(100_000) }).partial().optional(),
  attachments: z.object({ media_keys: z.array(z.string().max(100)).max(10).optional() }).optional(),
});
export type XPost = z.infer<typeof xPostSchema>;

const xMediaSchema = z.object({
  media_key: z.string().max(100),
  type: z.string().max(40),
  url: z.string().max(2048).optional(),
  alt_text: z.string().max(5_000).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

const xUserSchema = z.object({ id: z.string().max(40), name: z.string().max(200).optional(), username: z.string().max(100) });

/** One page of GET /2/tweets/search/recent (and of GET /2/tweets lookups). */
export const xPostsPageSchema = z.object({
  data: z.array(xPostSchema).max(100).optional(),
  includes: z
    .object({ media: z.array(xMediaSchema).max(1_000).optional(), users: z.array(xUserSchema).max(1_000).optional() })
    .optional(),
  meta: z
    .object({ newest_id: z.string().optional(), oldest_id: z.string().optional(), result_count: z.number().optional(), next_token: z.string().max(500).optional() })
    .optional(),
  /** Per-post problems in lookups: deleted, protected, author suspended. */
  errors: z
    .array(z.object({ resource_id: z.string().max(40).optional(), value: z.string().max(40).optional(), type: z.string().max(300).optional(), title: z.string().max(300).optional() }).loose())
    .max(1_000)
    .optional(),
});
export type XPostsPage = z.infer<typeof xPostsPageSchema>;

/** X entity-escapes &, < and > in post text. */
const unescapeText = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Photos at their original size on X's media host; other hosts (tests, proxies) as given. */
function fullSizeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.hostname !== 'pbs.twimg.com') return url;
    parsed.searchParams.set('name', 'orig');
    return parsed.href;
  } catch {
    return url;
  }
}

/** The post with its photos (videos and GIFs are not artworks here) and its author from the page's expansions. */
export function toSocialPost(post: XPost, page: XPostsPage, site: { siteUrl: string; source: string }): SocialPost {
  const media = new Map((page.includes?.media ?? []).map((item) => [item.media_key, item]));
  const author = (page.includes?.users ?? []).find((user) => user.id === post.author_id);
  const username = author?.username ?? null;
  const images = (post.attachments?.media_keys ?? [])
    .map((key) => media.get(key))
    .filter((item) => item !== undefined && item.type === 'photo' && item.url)
    .map((item) => ({ url: fullSizeUrl(item!.url!), altText: item!.alt_text ?? null }));
  return {
    source: site.source,
    postKey: post.id,
    postUrl: new URL(`/${username ?? 'i/web'}/status/${post.id}`, site.siteUrl).href,
    text: unescapeText(post.note_tweet?.text ?? post.text),
    publishedAt: post.created_at ?? null,
    nsfw: post.possibly_sensitive ?? false,
    author: {
      handle: username,
      name: author?.name ?? username,
      url: username ? new URL(`/${encodeURIComponent(username)}`, site.siteUrl).href : null,
    },
    images,
  };
}
