import { chunk, type PostChecker, type PostState } from '../../recheck/post-check.ts';
import { getPostsSchema } from './bluesky-api.ts';

/** app.bsky.feed.getPosts takes at most 25 URIs at once. */
const URIS_PER_LOOKUP = 25;

/**
 * getPosts answers with the posts that still exist and can be shown: a deleted post, or one of
 * an account taken down or deactivated, is simply absent (Bluesky has no private posts).
 */
export const checkBlueskyPosts: PostChecker = async (postKeys, { http, apiBaseUrl }) => {
  const states = new Map<string, PostState>();
  for (const uris of chunk(postKeys, URIS_PER_LOOKUP)) {
    const url = new URL('/xrpc/app.bsky.feed.getPosts', apiBaseUrl);
    for (const uri of uris) url.searchParams.append('uris', uri);
    const page = await http.getJson(url.href, getPostsSchema);
    const found = new Set(page.posts.map((post) => post.uri));
    for (const uri of uris) states.set(uri, found.has(uri) ? { state: 'live' } : { state: 'gone', reason: 'deleted' });
  }
  return states;
};
