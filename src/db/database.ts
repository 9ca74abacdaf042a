import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one typed view of the PostgreSQL schema. Keep it in step with migrations/;
 * test/db/schema.test.ts compares the two.
 */
export interface Database {
  artworks: ArtworksTable;
}

/** bigint ids come back from pg as strings; we keep them as strings end to end. */
type BigintId = GeneratedAlways<string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Aspect = 'square' | 'portrait' | 'landscape';
export type TakedownState = 'none' | 'held' | 'removed';

export interface GenerationParams {
  seed?: number | string;
  steps?: number;
  sampler?: string;
  cfgScale?: number;
  size?: string;
  modelHash?: string;
  [key: string]: string | number | boolean | undefined;
}

export interface ArtworksTable {
  id: BigintId;
  source: string;
  source_id: string;
  post_url: string;
  image_url: string;
  author_handle: string | null;
  author_name: string | null;
  author_url: string | null;
  prompt: Generated<string>;
  negative_prompt: string | null;
  model: string | null;
  params: ColumnType<GenerationParams, string, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  width: number;
  height: number;
  aspect: Aspect;
  nsfw: Generated<boolean>;
  published_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  indexed_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  sha256: string;
  /** 64-bit perceptual hash stored as a signed bigint; pg hands it back as a string. */
  phash: ColumnType<string, string | bigint, string | bigint>;
  placeholder: string;
  thumbnail_key: string | null;
  preview_key: string | null;
  duplicate_of: string | null;
  takedown_state: Generated<TakedownState>;
  prompt_tsv: GeneratedAlways<string>;
}

export type ArtworkRow = Selectable<ArtworksTable>;
export type NewArtworkRow = Insertable<ArtworksTable>;
export type ArtworkRowUpdate = Updateable<ArtworksTable>;
