import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** Options of a `type: "mastodon"` source: one instance's public timeline of one hashtag. */
export const mastodonOptionsSchema = z.strictObject({
  /** The instance, e.g. https://mastodon.social (its public API needs no account). */
  instanceUrl: httpUrl,
  /** The hashtag without '#', e.g. "aiart". */
  tag: z.string().trim().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'a hashtag without "#": letters, digits, "_"'),
  /** Statuses per page, at most 40. */
  pageSize: z.number().int().min(1).max(40).default(40),
});

/** https://<instance>/tags/<tag> (as `crawl --type mastodon --url` takes it) → the source's options. */
export function mastodonOptionsFromTagUrl(url: string): { instanceUrl: string; tag: string } | undefined {
  try {
    const parsed = new URL(url);
    const tag = /^\/tags\/([^/]+)\/?$/.exec(parsed.pathname)?.[1];
    return tag ? { instanceUrl: parsed.origin, tag: decodeURIComponent(tag) } : undefined;
  } catch {
    return undefined;
  }
}
