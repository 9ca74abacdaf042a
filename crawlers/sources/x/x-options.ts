import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** Options of a `type: "x"` source: X API v2 recent search with the operator's bearer token (X_BEARER_TOKEN). */
export const xOptionsSchema = z.strictObject({
  /** Where /2/tweets/search/recent is served. */
  apiBaseUrl: httpUrl.default('https://api.x.com'),
  /** Where posts and profiles are linked (https://x.com/<user>/status/<id>). */
  siteUrl: httpUrl.default('https://x.com'),
  /** X search query, e.g. "#aiart has:images -is:retweet" (has:images is added when missing). */
  query: z.string().trim().min(1).max(512),
  /** max_results per page: 10–100. */
  pageSize: z.number().int().min(10).max(100).default(100),
});
