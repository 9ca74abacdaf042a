import type { ColumnType } from 'kysely';
import type { RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/** Unexpected errors grouped by fingerprint (migrations/20261128040100_error_groups.ts); part of `Database`. */
export interface ErrorLogTables {
  error_groups: ErrorGroupsTable;
}

export interface ErrorGroupsTable {
  fingerprint: string;
  error_type: string;
  /** Scrubbed of personal data, like every text column here. */
  message: string;
  /** http: a request the error mapper answered with 500; background: a job or task that logged it. */
  origin: 'http' | 'background';
  /** bigint: pg hands it back as a string. */
  occurrences: ColumnType<string, string | undefined, string>;
  first_seen_at: RequiredTimestamp;
  last_seen_at: RequiredTimestamp;
  sample_stack: string;
  sample_request_id: string | null;
  /** The route template ("/api/artworks/:id"), never the URL. */
  sample_route: string | null;
  /** The log message a background error came with ("crawl run failed"). */
  sample_context: string | null;
}

export const errorLogTableColumns = {
  error_groups: {
    fingerprint: 'not null',
    error_type: 'not null',
    message: 'not null',
    origin: 'not null',
    occurrences: 'not null',
    first_seen_at: 'not null',
    last_seen_at: 'not null',
    sample_stack: 'not null',
    sample_request_id: 'nullable',
    sample_route: 'nullable',
    sample_context: 'nullable',
  },
} as const satisfies TableColumns<ErrorLogTables>;
