import type { Browser } from 'playwright-core';
import type { ArtworkInput } from '../../src/artworks/artwork-input.ts';
import type { Logger } from '../../src/logger.ts';
import type { CrawlHttpClient } from '../net/crawl-http-client.ts';
import type { CrawlStopReason } from './stop-reason.ts';

/** A source's resume position: JSON it writes and reads back itself (validated by its own schema). */
export type Checkpoint = Record<string, unknown>;

/** What a source could make of one listed item. */
export type MappedRecord = { ok: true; input: ArtworkInput } | { ok: false; error: string };

export interface SourceItem {
  kind: 'item';
  /** How the item is named in logs and the run's error list (its source id, or a URL). */
  ref: string;
  record: MappedRecord;
  /** Where to resume once this item and every item before it are stored. */
  checkpointAfter: Checkpoint;
  /** The record's prompt comes from loose post text: what the image file itself says wins over it. */
  fileMetadataWins?: boolean;
  /** Bytes already at hand (local imports); otherwise the runner downloads `input.imageUrl`. */
  readImage?: () => Promise<Buffer>;
}

/** A position with no item at it: a page turned, or the end of a sweep. */
export interface SourcePosition {
  kind: 'position';
  checkpoint: Checkpoint;
}

/**
 * How listing ended, when the source knows more than "it ran out" (a limit, a time bound, the
 * page's requests failing). Said last, at most once; without it the run ended at end of content.
 */
export interface SourceOutcome {
  kind: 'outcome';
  stopReason: CrawlStopReason;
  /** Distinct items the pages showed this run, skipped (already stored) ones included. */
  itemsShown?: number;
}

export type SourceEvent = SourceItem | SourcePosition | SourceOutcome;

export interface SourceContext {
  http: CrawlHttpClient;
  signal: AbortSignal;
  logger: Logger;
  /** Chromium for sources that render pages; launched on first use, closed with the run. */
  browser(): Promise<Browser>;
  /** Whether the author of `handle` on artworks.source `source` proved it and opted out (sources reading one author's feed skip it). */
  isOptedOut?(source: string, handle: string): Promise<boolean>;
}

/**
 * One kind of place artworks come from. A source lists items from a checkpoint onwards and maps
 * each to the normalized artwork record; the runner does everything else (download, media,
 * storage, indexing, checkpoints). Listing errors end the run; item errors are per item.
 */
export interface CrawlSource {
  /** Lists from `checkpoint` (null: from the start). Stops when the signal aborts. */
  read(checkpoint: Checkpoint | null, context: SourceContext): AsyncIterable<SourceEvent>;
}
