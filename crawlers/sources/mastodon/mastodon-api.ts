import { z } from 'zod';
import { decodeEntities } from '../feed/feed-html.ts';
import type { SocialPost } from '../social-post.ts';

const statusSchema = z.object({
  id: z.string().regex(/^\d{1,30}$/),
  uri: z.string().max(2048),
  url: z.string().max(2048).nullish(),
  created_at: z.string().max(64),
  content: z.string().max(200_000),
  sensitive: z.boolean().optional(),
  visibility: z.string().max(40).optional(),
  reblog: z.unknown().optional(),
  account: z.object({ username: z.string().max(100), acct: z.string().max(400), display_name: z.string().max(400).optional(), url: z.string().max(2048) }),
  media_attachments: z
    .array(z.object({ type: z.string().max(40), url: z.string().max(2048).nullish(), description: z.string().max(10_000).nullish() }))
    .max(20),
});
export type MastodonStatus = z.infer<typeof statusSchema>;

export const tagTimelineSchema = z.array(statusSchema).max(1_000);

/** Status content is HTML: paragraphs and breaks become newlines; links, hashtags and mentions keep their text. */
export function statusText(html: string): string {
  const text = html
    .slice(0, 200_000)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]{0,2000}>/g, '');
  return decodeEntities(text).trim();
}

/** The Link header's rel="next" URL's max_id: where the next (older) page starts. */
export function nextMaxId(link: string | string[] | undefined): string | undefined {
  const header = Array.isArray(link) ? link.join(',') : link;
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]{1,2048})>\s*;\s*rel="?next"?/i.exec(part);
    if (!match) continue;
    try {
      return new URL(match[1]!).searchParams.get('max_id') ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A public status with its images; the handle is user@instance wherever the account lives. */
export function toSocialPost(status: MastodonStatus, site: { instanceUrl: string; source: string }): SocialPost {
  const instanceHost = new URL(site.instanceUrl).host;
  const accountHost = (() => {
    try {
      return new URL(status.account.url).host;
    } catch {
      return instanceHost;
    }
  })();
  const handle = status.account.acct.includes('@') ? status.account.acct : `${status.account.username}@${accountHost}`;
  return {
    source: site.source,
    postKey: `${instanceHost}/${status.id}`,
    postUrl: status.url ?? status.uri,
    text: statusText(status.content),
    publishedAt: status.created_at,
    nsfw: status.sensitive ?? false,
    author: { handle, name: status.account.display_name?.trim() || status.account.username, url: status.account.url },
    images: status.media_attachments
      .filter((media) => media.type === 'image' && media.url)
      .map((media) => ({ url: media.url!, altText: media.description?.trim() ? media.description : null })),
  };
}
