import type { Db } from '../db/connect.ts';
import type { ArtworkRow } from './artwork-tables.ts';
import { NotFoundError, UnavailableForLegalReasonsError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { aspectBucket } from './aspect.ts';
import { artworkInputSchema, type ArtworkInput } from './artwork-input.ts';
import { rowToDetail, searchDocumentToCard, toSearchDocument, type ArtworkCard, type ArtworkDetail, type MediaUrl } from './artwork-mappers.ts';
import { MAX_QUERY_LENGTH } from '../search/query-syntax.ts';
import * as artworks from './artwork.repository.ts';

/** What ingest needs from the media side: store derivatives, report hashes. */
export interface ImageIngestor {
  ingestImage(bytes: Buffer): Promise<{
    sha256: string;
    phash: bigint;
    placeholder: string;
    width: number;
    height: number;
    thumbnailKey: string;
    previewKey: string;
  }>;
}

export type IngestOutcome = 'new' | 'updated' | 'duplicate';

export interface IngestResult {
  id: string;
  outcome: IngestOutcome;
}

export interface ArtworkServiceDeps {
  db: Db;
  media: ImageIngestor;
  searchIndex: SearchIndex;
  mediaUrl: MediaUrl;
  logger: Logger;
}

const SIMILAR_LIMIT = 12;
const REINDEX_BATCH = 2_000;

export function createArtworkService({ db, media, searchIndex, mediaUrl, logger }: ArtworkServiceDeps) {
  /** Pushes the current state of these artworks to the search index (upsert visible, delete hidden). */
  async function syncSearchIndex(ids: string[]): Promise<void> {
    const rows = await artworks.findArtworksForSearchDocuments(db, ids);
    const visible = rows.filter(isIndexable);
    const hidden = ids.filter((id) => !visible.some((row) => row.id === id));
    if (visible.length > 0) await searchIndex.upsert(visible.map((row) => toSearchDocument(row, mediaUrl)));
    if (hidden.length > 0) await searchIndex.deleteByIds(hidden);
  }

  /**
   * Similar works: the artwork's prompt searched as a pasted prompt (the most similar prompts
   * first, exact copies folded), so it stays fast at any corpus size; itself left out.
   */
  async function findSimilar(row: ArtworkRow): Promise<ArtworkCard[]> {
    if (row.prompt.trim() === '') return [];
    const { hits } = await searchIndex.search({
      q: row.prompt.slice(0, MAX_QUERY_LENGTH),
      filters: { includeNsfw: row.nsfw },
      sort: 'relevance',
      page: 1,
      limit: SIMILAR_LIMIT + 1,
    });
    return hits
      .filter((hit) => hit.document.id !== row.id)
      .slice(0, SIMILAR_LIMIT)
      .map((hit) => searchDocumentToCard(hit.document));
  }

  return {
    /**
     * The one ingest path for every source (crawlers, imports, demo set): validate the record,
     * run the media pipeline, upsert by (source, source id), fold byte-identical copies from
     * other sources into the first one, and index unless the caller batches indexing itself.
     */
    async ingest(input: ArtworkInput, imageBytes: Buffer, options: { deferIndexing?: boolean } = {}): Promise<IngestResult> {
      const parsed = artworkInputSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ValidationError(issue.message, issue.path.join('.') || 'artwork');
      }
      const record = parsed.data;
      const image = await media.ingestImage(imageBytes);
      const { row, inserted } = await artworks.upsertArtwork(db, {
        source: record.source,
        source_id: record.sourceId,
        post_url: record.postUrl,
        image_url: record.imageUrl,
        author_handle: record.author.handle,
        author_name: record.author.name,
        author_url: record.author.url,
        prompt: record.prompt,
        negative_prompt: record.negativePrompt,
        description: record.description,
        model: record.model,
        params: JSON.stringify(record.params),
        tags: [...new Set(record.tags)],
        width: image.width,
        height: image.height,
        aspect: aspectBucket(image.width, image.height),
        nsfw: record.nsfw,
        published_at: record.publishedAt,
        sha256: image.sha256,
        phash: image.phash,
        placeholder: image.placeholder,
        thumbnail_key: image.thumbnailKey,
        preview_key: image.previewKey,
      });

      let outcome: IngestOutcome = inserted ? 'new' : 'updated';
      const canonical = await artworks.findCanonicalBySha256(db, image.sha256, row.id);
      if (canonical && Number(canonical.id) < Number(row.id) && row.duplicate_of !== canonical.id) {
        await db.updateTable('artworks').set({ duplicate_of: canonical.id }).where('id', '=', row.id).execute();
        outcome = 'duplicate';
      } else if (canonical && row.duplicate_of === canonical.id) {
        outcome = 'duplicate';
      }
      if (!options.deferIndexing) await syncSearchIndex([row.id]);
      logger.debug({ artworkId: row.id, source: record.source, outcome }, 'artwork ingested');
      return { id: row.id, outcome };
    },

    syncSearchIndex,

    /** The artwork page and API: the artwork, its parameters and similar works. */
    async getDetail(id: string): Promise<ArtworkDetail> {
      const row = await artworks.findArtworkById(db, id);
      if (!row) throw new NotFoundError(`No artwork with id ${id}`);
      if (row.takedown_state === 'removed') {
        // Gone at its source (deleted, private, author suspended) is no legal matter: a plain 404.
        const atSource = await db.selectFrom('takedown_events').select('id').where('artwork_id', '=', id).where('action', '=', 'item_removed_at_source').executeTakeFirst();
        if (atSource) throw new NotFoundError('This post was deleted where it was published, so it is no longer indexed');
        throw new UnavailableForLegalReasonsError('This artwork was removed in response to a legal request');
      }
      if (row.takedown_state !== 'none') throw new NotFoundError(`No artwork with id ${id}`);
      return rowToDetail(row, await findSimilar(row), mediaUrl);
    },

    /** Rebuilds the active search engine from Postgres, the source of truth. */
    async reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
      const total = await artworks.countIndexableArtworks(db);
      const batches = (async function* () {
        for await (const rows of artworks.iterateIndexableArtworks(db, REINDEX_BATCH)) {
          yield rows.map((row) => toSearchDocument(row, mediaUrl));
        }
      })();
      return searchIndex.rebuild(batches, (done) => onProgress?.(done, total));
    },

    /**
     * A database whose search index was never built (upgraded from an engine with other tables,
     * or restored without it) would search as if empty: build it. Resolves with what was indexed.
     */
    async reindexIfSearchIsEmpty(): Promise<number> {
      if (!(await searchIndex.isEmpty?.()) || (await artworks.countIndexableArtworks(db)) === 0) return 0;
      logger.info('the search index is empty but artworks are not: rebuilding it');
      return this.reindex();
    },

    count: () => artworks.countArtworks(db),
  };
}

export type ArtworkService = ReturnType<typeof createArtworkService>;

function isIndexable(row: ArtworkRow): boolean {
  return row.takedown_state === 'none' && row.duplicate_of === null;
}
