import { z } from 'zod';
import type { HandleProof } from '../../claims/handle-proof.ts';
import { authorFeedSchema } from './bluesky-api.ts';

const profileSchema = z.object({ did: z.string(), handle: z.string(), description: z.string().max(10_000).optional() });

/** The code in the profile description (app.bsky.actor.getProfile), or in one of the account's latest posts. */
export const proveBlueskyHandle: HandleProof = async ({ handle, code, apiBaseUrl, readApiJson }) => {
  const profileUrl = new URL('/xrpc/app.bsky.actor.getProfile', apiBaseUrl);
  profileUrl.searchParams.set('actor', handle);
  const profile = await readApiJson(profileUrl.href, profileSchema);
  const page = `https://bsky.app/profile/${encodeURIComponent(profile.handle)}`;
  if (profile.description?.includes(code)) return page;
  const feedUrl = new URL('/xrpc/app.bsky.feed.getAuthorFeed', apiBaseUrl);
  feedUrl.searchParams.set('actor', profile.did);
  feedUrl.searchParams.set('limit', '30');
  const feed = await readApiJson(feedUrl.href, authorFeedSchema);
  const post = feed.feed.find((entry) => entry.reason === undefined && entry.post.author.did === profile.did && entry.post.record.text?.includes(code));
  return post ? `${page}/post/${post.post.uri.slice(post.post.uri.lastIndexOf('/') + 1)}` : undefined;
};
