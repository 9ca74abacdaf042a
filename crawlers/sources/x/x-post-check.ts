import { chunk, type PostChecker, type PostState } from '../../recheck/post-check.ts';
import { xPostsPageSchema } from './x-api.ts';

/** GET /2/tweets takes at most 100 ids at once. */
const IDS_PER_LOOKUP = 100;

/**
 * Posts lookup: found posts are live; per-id errors say why the rest are not — not found
 * (deleted) or not authorised (protected account, suspended author). Without a token nothing
 * can be asked, so every post stays as it is.
 */
export const checkXPosts: PostChecker = async (postKeys, { http, apiBaseUrl, secrets }) => {
  const states = new Map<string, PostState>(postKeys.map((key) => [key, { state: 'unknown' }]));
  if (!secrets.xBearerToken) return states;
  for (const ids of chunk(postKeys, IDS_PER_LOOKUP)) {
    const url = new URL('/2/tweets', apiBaseUrl);
    url.searchParams.set('ids', ids.join(','));
    url.searchParams.set('tweet.fields', 'id');
    const page = await http.getJson(url.href, xPostsPageSchema, { authorization: `Bearer ${secrets.xBearerToken}` });
    for (const post of page.data ?? []) states.set(post.id, { state: 'live' });
    for (const error of page.errors ?? []) {
      const id = error.resource_id ?? error.value;
      if (!id || !states.has(id)) continue;
      if (error.type?.endsWith('/resource-not-found')) states.set(id, { state: 'gone', reason: 'deleted' });
      else if (error.type?.endsWith('/not-authorized-for-resource')) states.set(id, { state: 'gone', reason: /suspend/i.test(JSON.stringify(error)) ? 'author_suspended' : 'private' });
    }
  }
  return states;
};
