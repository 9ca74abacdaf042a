import type { Generated, Selectable } from 'kysely';
import type { Aspect } from '../artworks/aspect.ts';
import type { Bigint, DefaultedTimestamp, TableColumns } from '../db/column-types.ts';

/** Users' gallery items (migrations/20261123000400_generation.ts), part of the Database interface in src/db/database.ts. */
export interface GalleryTables {
  gallery_items: GalleryItemsTable;
}

export type GalleryVisibility = 'private' | 'public';

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

export const galleryTableColumns = {
  gallery_items: {
    id: 'not null',
    account_id: 'not null',
    visibility: 'not null',
    prompt: 'not null',
    negative_prompt: 'nullable',
    model: 'not null',
    aspect: 'not null',
    seed: 'not null',
    artwork_id: 'nullable',
    width: 'not null',
    height: 'not null',
    placeholder: 'not null',
    full_key: 'not null',
    thumbnail_key: 'not null',
    preview_key: 'not null',
    created_at: 'not null',
  },
} as const satisfies TableColumns<GalleryTables>;
