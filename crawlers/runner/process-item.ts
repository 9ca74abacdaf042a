import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/connect.ts';
import { artworkInputSchema } from '../../src/artworks/artwork-input.ts';
import type { ArtworkService } from '../../src/artworks/artwork.service.ts';
import { DomainError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { CrawlHttpClient } from '../net/crawl-http-client.ts';
import { FetchError } from '../net/fetch-errors.ts';
import { completeFromMetadata, type GenerationMetadataReader } from './complete-from-metadata.ts';
import type { ItemOutcome } from './crawl-counts.ts';
import type { SourceItem } from './crawl-source.ts';
import { foldNearDuplicate } from './near-duplicate.ts';
import type { TakedownBlocklist } from './takedown-blocklist.ts';

export interface ItemProcessorDeps {
  db: Db;
  artworks: Pick<ArtworkService, 'ingest'>;
  blocklist: TakedownBlocklist;
  readGenerationMetadata?: GenerationMetadataReader;
  http: CrawlHttpClient;
  logger: Logger;
}

export interface ItemResult {
  outcome: ItemOutcome;
  /** Set when the item's artwork is stored, so the batch can bring the search index up to date. */
  artworkId?: string;
  error?: { message: string; url?: string };
}

/**
 * One listed item, from record to stored artwork. Bad data (invalid record, unreachable or
 * broken image) fails the item and the run goes on. Anything else (database, storage, abort)
 * is thrown so the batch is not checkpointed and will be retried.
 */
export async function processItem(item: SourceItem, deps: ItemProcessorDeps): Promise<ItemResult> {
  if (!item.record.ok) return failed(item.record.error);
  const parsed = artworkInputSchema.safeParse(item.record.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return failed(`invalid ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid value'}`);
  }
  let record = parsed.data;
  if (await deps.blocklist.blocksRecord(record)) return { outcome: 'blocked' };

  const known = await findStoredImage(deps.db, record.source, record.sourceId);
  if (known && known.image_url === record.imageUrl) return { outcome: 'unchanged', artworkId: known.id };

  let bytes: Buffer;
  try {
    bytes = item.readImage ? await item.readImage() : (await deps.http.getImage(record.imageUrl)).bytes;
  } catch (error) {
    if (error instanceof FetchError) return failed(error.message, error.url);
    if (isFileError(error)) return failed(error.message);
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (await deps.blocklist.blocksImage({ sha256, bytes })) return { outcome: 'blocked' };

  record = completeFromMetadata(record, readMetadataSafely(deps, bytes, item.ref), { fileWins: item.fileMetadataWins === true });
  try {
    const result = await deps.artworks.ingest(record, bytes, { deferIndexing: true });
    if (result.outcome !== 'duplicate' && (await foldNearDuplicate(deps.db, result.id))) {
      return { outcome: 'duplicate', artworkId: result.id };
    }
    return { outcome: result.outcome, artworkId: result.id };
  } catch (error) {
    // Domain errors here are about this image (not decodable, too large, invalid record).
    if (error instanceof DomainError) return failed(error.message, record.imageUrl);
    throw error;
  }
}

function failed(message: string, url?: string): ItemResult {
  return { outcome: 'failed', error: { message, ...(url ? { url } : {}) } };
}

async function findStoredImage(db: Db, source: string, sourceId: string) {
  return db
    .selectFrom('artworks')
    .select(['id', 'image_url'])
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** Metadata only completes a record: a parser bug must not cost us the artwork. */
function readMetadataSafely(deps: ItemProcessorDeps, bytes: Buffer, ref: string) {
  if (!deps.readGenerationMetadata) return undefined;
  try {
    return deps.readGenerationMetadata(bytes);
  } catch (error) {
    deps.logger.warn({ err: error, item: ref }, 'could not read generation metadata');
    return undefined;
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && ['ENOENT', 'EISDIR', 'EACCES', 'EFBIG'].includes(code);
}
