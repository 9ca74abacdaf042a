import type { ColumnType, Generated } from 'kysely';
import type { TableColumns } from '../db/column-types.ts';
import type { SearchDocument } from './search-index.ts';

/**
 * The built-in search engine's tables (migrations/20261127000000_embedded_search.ts), part of the
 * Database interface in src/db/database.ts.
 */
export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_index_state: SearchIndexStateTable;
}

/**
 * The built-in search engine's documents (src/search/postgres): serving processes load them into
 * memory and apply every change with a higher version. Rebuilt from `artworks` at will.
 */
export interface SearchDocumentsTable {
  id: string;
  /** bigint from the search_document_version sequence; pg hands it back as a string. */
  version: ColumnType<string, never, never>;
  /** null: deleted (a tombstone until the next rebuild). */
  document: ColumnType<SearchDocument | null, string | null, string | null>;
  source: string;
  author_handle: string | null;
}

/** One row: the generation of the search_documents table, bumped when a rebuild swaps a new one in. */
export interface SearchIndexStateTable {
  singleton: Generated<boolean>;
  generation: ColumnType<string, never, string>;
}

export const searchTableColumns = {
  search_documents: {
    id: 'not null',
    version: 'not null',
    document: 'nullable',
    source: 'not null',
    author_handle: 'nullable',
  },
  search_index_state: {
    singleton: 'not null',
    generation: 'not null',
  },
} as const satisfies TableColumns<SearchTables>;
