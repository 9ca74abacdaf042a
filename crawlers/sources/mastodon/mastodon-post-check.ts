import { z } from 'zod';
import { HttpStatusError } from '../../net/fetch-errors.ts';
import type { PostChecker, PostState } from '../../recheck/post-check.ts';

const statusSchema = z.object({ id: z.string(), visibility: z.string().optional() }).loose();

/**
 * One GET /api/v1/statuses/:id per post on the instance that listed it (post keys are
 * `<instance host>/<status id>`): 404 is deleted or no longer public, 410 an account
 * suspended or gone; other failures leave the post for the next check.
 */
export const checkMastodonPosts: PostChecker = async (postKeys, { http, apiBaseUrl }) => {
  const states = new Map<string, PostState>();
  for (const key of postKeys) {
    const statusId = key.slice(key.lastIndexOf('/') + 1);
    try {
      const status = await http.getJson(new URL(`/api/v1/statuses/${encodeURIComponent(statusId)}`, apiBaseUrl).href, statusSchema);
      const isPublic = status.visibility === undefined || status.visibility === 'public' || status.visibility === 'unlisted';
      states.set(key, isPublic ? { state: 'live' } : { state: 'gone', reason: 'private' });
    } catch (error) {
      if (!(error instanceof HttpStatusError)) throw error;
      if (error.status === 404 || error.status === 403) states.set(key, { state: 'gone', reason: error.status === 404 ? 'deleted' : 'private' });
      else if (error.status === 410) states.set(key, { state: 'gone', reason: 'author_suspended' });
      else states.set(key, { state: 'unknown' });
    }
  }
  return states;
};
