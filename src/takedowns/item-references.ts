import type { Db } from '../db/connect.ts';
import { findArtworksNamedByNotice } from './takedown-artworks.repository.ts';
import type { UnresolvedItem } from './takedown-tables.ts';

export interface ResolvedArtwork {
  artworkId: string;
  source: string;
  authorHandle: string | null;
}

/** `/a/<id>` on any host (people paste our URLs from other mirrors or with tracking bits) or a bare id. */
const ARTWORK_PATH = /^\/a\/(\d{1,18})\/?$/;

export function artworkIdOf(item: string): string | undefined {
  if (/^\d{1,18}$/.test(item)) return item;
  try {
    return ARTWORK_PATH.exec(new URL(item).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Turns a notice's items into indexed artworks. What does not resolve is returned with the
 * reason, so the claimant hears about it instead of items being dropped silently. A copy folded
 * into another artwork resolves to the artwork the public sees.
 */
export async function resolveNoticeItems(db: Db, items: string[]): Promise<{ resolved: ResolvedArtwork[]; unresolved: UnresolvedItem[] }> {
  const ids = new Map<string, string>();
  const unresolved: UnresolvedItem[] = [];
  for (const item of items) {
    const id = artworkIdOf(item);
    if (id) ids.set(item, id);
    else unresolved.push({ item, reason: 'not an artwork page of this site (expected …/a/<number>)' });
  }
  const rows = await findArtworksNamedByNotice(db, [...new Set(ids.values())]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const resolved = new Map<string, ResolvedArtwork>();
  for (const [item, id] of ids) {
    const row = byId.get(id);
    if (!row || row.takedown_state === 'held') unresolved.push({ item, reason: 'no indexed artwork has this id' });
    else if (row.takedown_state === 'removed') unresolved.push({ item, reason: 'already removed' });
    else {
      const artworkId = row.duplicate_of ?? row.id;
      resolved.set(artworkId, { artworkId, source: row.source, authorHandle: row.author_handle });
    }
  }
  return { resolved: [...resolved.values()], unresolved };
}
