import { createHash } from 'node:crypto';
import { MeilisearchApiError, type Key, type Meilisearch } from 'meilisearch';

/**
 * What the app's own key may do, on its index and the `_next` index a rebuild builds, and
 * nothing else: no other index, no key management, no dumps, snapshots or task deletion.
 * `version` lets start-up check the server speaks the API this engine is written for.
 */
export const SCOPED_KEY_ACTIONS = [
  'search',
  'documents.add',
  'documents.delete',
  'indexes.create',
  'indexes.get',
  'indexes.delete',
  'indexes.swap',
  'settings.get',
  'settings.update',
  'tasks.get',
  'version',
] as const;

export function scopedKeyIndexes(indexUid: string): string[] {
  return [indexUid, `${indexUid}_next`];
}

/**
 * The key's uid, the same for every process serving this index (app, worker, CLI), so they
 * share one key instead of each creating its own. A UUID v4 in form, as Meilisearch requires.
 */
export function scopedKeyUid(indexUid: string): string {
  const hex = createHash('sha256').update(`artsift search key:${indexUid}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Returns the app's scoped key, creating it with the master key when missing, and re-creating
 * it when its rights differ from SCOPED_KEY_ACTIONS (a key's rights cannot be edited). Meilisearch
 * derives a key's value from its uid and the master key, so a re-created key keeps its value.
 */
export async function provisionScopedKey(master: Meilisearch, indexUid: string): Promise<string> {
  const uid = scopedKeyUid(indexUid);
  const existing = await getKeyIfExists(master, uid);
  if (existing && hasScope(existing, indexUid)) return existing.key;
  if (existing) await master.deleteKey(uid);
  try {
    const created = await master.createKey({
      uid,
      name: `artsift-${indexUid}`,
      description: `artsift: search and index maintenance on ${scopedKeyIndexes(indexUid).join(', ')}`,
      actions: [...SCOPED_KEY_ACTIONS],
      indexes: scopedKeyIndexes(indexUid),
      expiresAt: null,
    });
    return created.key;
  } catch (error) {
    // Another process created it first.
    if (error instanceof MeilisearchApiError && error.cause?.code === 'api_key_already_exists') return (await master.getKey(uid)).key;
    throw error;
  }
}

async function getKeyIfExists(master: Meilisearch, uid: string): Promise<Key | undefined> {
  try {
    return await master.getKey(uid);
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'api_key_not_found') return undefined;
    throw error;
  }
}

function hasScope(key: Key, indexUid: string): boolean {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
  return same(key.actions, SCOPED_KEY_ACTIONS) && same(key.indexes, scopedKeyIndexes(indexUid)) && key.expiresAt === null;
}
