import { z } from 'zod';
import { ValidationError } from '../../../src/errors.ts';
import type { HandleProof } from '../../claims/handle-proof.ts';
import { xPostsPageSchema } from './x-api.ts';

const userSchema = z.object({ data: z.object({ id: z.string(), username: z.string(), description: z.string().max(10_000).optional() }).optional() });

/** The code in the account's bio (users/by/username), or in one of its recent posts (recent search from:handle). */
export const proveXHandle: HandleProof = async ({ handle, code, apiBaseUrl, readApiJson, xBearerToken }) => {
  if (!xBearerToken) throw new ValidationError('X handles cannot be verified on this instance (no X API access is configured)', 'source');
  if (!/^\w{1,15}$/.test(handle)) throw new ValidationError('An X handle is 1–15 letters, digits or "_"', 'handle');
  const headers = { authorization: `Bearer ${xBearerToken}` };
  const profileUrl = new URL(`/2/users/by/username/${handle}`, apiBaseUrl);
  profileUrl.searchParams.set('user.fields', 'description');
  const user = await readApiJson(profileUrl.href, userSchema, headers);
  if (!user.data) throw new ValidationError(`There is no X account @${handle}`, 'handle');
  if (user.data.description?.includes(code)) return `https://x.com/${user.data.username}`;
  const searchUrl = new URL('/2/tweets/search/recent', apiBaseUrl);
  searchUrl.searchParams.set('query', `from:${handle} "${code}"`);
  searchUrl.searchParams.set('max_results', '10');
  const posts = await readApiJson(searchUrl.href, xPostsPageSchema, headers);
  const post = (posts.data ?? []).find((candidate) => candidate.text.includes(code));
  return post ? `https://x.com/${user.data.username}/status/${post.id}` : undefined;
};
