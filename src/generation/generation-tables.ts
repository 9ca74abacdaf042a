import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Aspect } from '../db/database.ts';

/**
 * Tables of image generation and user galleries (migrations/20261123000400_generation.ts),
 * part of the Database interface in src/db/database.ts.
 */

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** pg returns bigint as a string. */
type Bigint = ColumnType<string, string | number, string | number>;

export type GenerationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
export type GalleryVisibility = 'private' | 'public';

export interface GenerationsTable {
  id: Generated<string>;
  account_id: string;
  status: Generated<GenerationStatus>;
  model: string;
  aspect: Aspect;
  seed: Bigint;
  cost: number;
  prompt: string | null;
  negative_prompt: string | null;
  artwork_id: string | null;
  reference_key: string | null;
  attempt: Generated<number>;
  error: string | null;
  gallery_item_id: string | null;
  created_at: DefaultedTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export type GenerationRow = Selectable<GenerationsTable>;

export interface GalleryItemsTable {
  id: Generated<string>;
  account_id: string;
  visibility: Generated<GalleryVisibility>;
  prompt: string;
  negative_prompt: string | null;
  model: string;
  aspect: Aspect;
  seed: Bigint;
  artwork_id: string | null;
  width: number;
  height: number;
  placeholder: string;
  full_key: string;
  thumbnail_key: string;
  preview_key: string;
  created_at: DefaultedTimestamp;
}

export type GalleryItemRow = Selectable<GalleryItemsTable>;
