import { z } from 'zod';
import type { HandleProof } from '../../claims/handle-proof.ts';
import { statusText } from './mastodon-api.ts';

const accountSchema = z.object({ id: z.string().max(40), url: z.string().max(2048), note: z.string().max(100_000).optional() });
const statusesSchema = z.array(z.object({ url: z.string().max(2048).nullish(), uri: z.string().max(2048), content: z.string().max(200_000) })).max(100);

/** The code in the account's bio (accounts/lookup), or in one of its latest public statuses. */
export const proveMastodonHandle: HandleProof = async ({ handle, code, apiBaseUrl, readApiJson }) => {
  const lookupUrl = new URL('/api/v1/accounts/lookup', apiBaseUrl);
  lookupUrl.searchParams.set('acct', handle);
  const account = await readApiJson(lookupUrl.href, accountSchema);
  if (account.note && statusText(account.note).includes(code)) return account.url;
  const statusesUrl = new URL(`/api/v1/accounts/${encodeURIComponent(account.id)}/statuses`, apiBaseUrl);
  statusesUrl.searchParams.set('limit', '20');
  statusesUrl.searchParams.set('exclude_reblogs', 'true');
  const statuses = await readApiJson(statusesUrl.href, statusesSchema);
  const status = statuses.find((candidate) => statusText(candidate.content).includes(code));
  return status ? (status.url ?? status.uri) : undefined;
};
