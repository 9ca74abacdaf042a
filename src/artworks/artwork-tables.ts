import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';
import type { BigintId, DefaultedTimestamp, TableColumns } from '../db/column-types.ts';
import type { Aspect } from './aspect.ts';

/** The indexed artworks (migrations/20261123000000_artworks.ts), part of the Database interface in src/db/database.ts. */
export interface ArtworkTables {
  artworks: ArtworksTable;
}

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
  /** The post's own words, kept when it gave no prompt (social platforms). */
  description: ColumnType<string | null, string | null | undefined, string | null>;
  model: string | null;
  params: ColumnType<GenerationParams, string, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  width: number;
  height: number;
  aspect: Aspect;
  nsfw: Generated<boolean>;
  published_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  indexed_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  sha256: string;
  /** 64-bit perceptual hash stored as a signed bigint; pg hands it back as a string. */
  phash: ColumnType<string, string | bigint, string | bigint>;
  placeholder: string;
  thumbnail_key: string | null;
  preview_key: string | null;
  duplicate_of: string | null;
  takedown_state: Generated<TakedownState>;
  /** Generated from prompt; never null in practice, but nothing in the schema forbids it. */
  prompt_tsv: GeneratedAlways<string | null>;
}

export type ArtworkRow = Selectable<ArtworksTable>;
export type NewArtworkRow = Insertable<ArtworksTable>;
export type ArtworkRowUpdate = Updateable<ArtworksTable>;

export const artworkTableColumns = {
  artworks: {
    id: 'not null',
    source: 'not null',
    source_id: 'not null',
    post_url: 'not null',
    image_url: 'not null',
    author_handle: 'nullable',
    author_name: 'nullable',
    author_url: 'nullable',
    prompt: 'not null',
    negative_prompt: 'nullable',
    description: 'nullable',
    model: 'nullable',
    params: 'not null',
    tags: 'not null',
    width: 'not null',
    height: 'not null',
    aspect: 'not null',
    nsfw: 'not null',
    published_at: 'nullable',
    indexed_at: 'not null',
    updated_at: 'not null',
    sha256: 'not null',
    phash: 'not null',
    placeholder: 'not null',
    thumbnail_key: 'nullable',
    preview_key: 'nullable',
    duplicate_of: 'nullable',
    takedown_state: 'not null',
    prompt_tsv: 'nullable',
  },
} as const satisfies TableColumns<ArtworkTables>;
