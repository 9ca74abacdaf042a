import type { Generated, Selectable } from 'kysely';
import type { Aspect } from '../artworks/aspect.ts';
import type { Bigint, DefaultedTimestamp, NullableTimestamp, TableColumns } from '../db/column-types.ts';

/** Image generation jobs (migrations/20261123000400_generation.ts), part of the Database interface in src/db/database.ts. */
export interface GenerationTables {
  generations: GenerationsTable;
}

export type GenerationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

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

export const generationTableColumns = {
  generations: {
    id: 'not null',
    account_id: 'not null',
    status: 'not null',
    model: 'not null',
    aspect: 'not null',
    seed: 'not null',
    cost: 'not null',
    prompt: 'nullable',
    negative_prompt: 'nullable',
    artwork_id: 'nullable',
    reference_key: 'nullable',
    attempt: 'not null',
    error: 'nullable',
    gallery_item_id: 'nullable',
    created_at: 'not null',
    started_at: 'nullable',
    finished_at: 'nullable',
  },
} as const satisfies TableColumns<GenerationTables>;
