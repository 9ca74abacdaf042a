import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** Options of a `type: "bluesky"` source: the public AT Protocol API, by search query or by one author's feed. */
export const blueskyOptionsSchema = z
  .strictObject({
    /** An AppView serving app.bsky.feed.* (the public one needs no account). */
    apiBaseUrl: httpUrl.default('https://public.api.bsky.app'),
    /** Where posts are linked (https://bsky.app/profile/<handle>/post/<rkey>). */
    siteUrl: httpUrl.default('https://bsky.app'),
    /** app.bsky.feed.searchPosts query, e.g. "#aiart" or "midjourney". */
    query: z.string().trim().min(1).max(300).optional(),
    /** app.bsky.feed.getAuthorFeed actor: a handle or DID (posts with media only). */
    author: z.string().trim().min(3).max(253).optional(),
    /** Posts per page, at most 100. */
    pageSize: z.number().int().min(1).max(100).default(50),
  })
  .refine((options) => (options.query === undefined) !== (options.author === undefined), {
    message: 'give exactly one of query or author',
    path: ['query'],
  });
