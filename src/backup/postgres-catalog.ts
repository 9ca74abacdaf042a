import type pg from 'pg';

/**
 * Tables a backup does not carry: migration bookkeeping (the manifest names the level instead),
 * a singleton its migration creates, and the built-in search documents, rebuilt from artworks
 * after a restore like any engine's index.
 */
const NOT_ARCHIVED = [
  'kysely_migration',
  'kysely_migration_lock',
  'search_index_state',
  'search_documents',
  // The analytics visitor key of the day is destroyed when the day ends; an archive must not keep
  // it, nor what was hashed or tagged with it (today's firsts, queries not yet seen by 5 visitors).
  'analytics_visitor_keys',
  'analytics_day_firsts',
  'analytics_query_candidates',
];
/** Rows a freshly migrated database already has: they do not make a restore target "not empty". */
const PRESENT_AFTER_MIGRATION = ['kysely_migration', 'kysely_migration_lock', 'search_index_state'];
/**
 * Rows an instance makes by merely starting or being visited (its master key's fingerprint, a
 * session, a rate-limit counter, page-view counts): an instance started once but never used is still an empty
 * target, and these rows give way to the archive's.
 */
const MADE_BY_AN_UNUSED_INSTANCE = [
  'storage_master_keys',
  'sessions',
  'rate_limit_counters',
  'analytics_daily_counts',
  'analytics_daily_queries',
  'analytics_visitor_keys',
  'analytics_day_firsts',
  'analytics_query_candidates',
];

export interface TableShape {
  name: string;
  /** Every stored column in order; generated columns are left out (PostgreSQL computes them again). */
  columns: string[];
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

type Client = pg.ClientBase;

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function publicTables(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  return rows.map((row) => row.name);
}

export async function listArchivedTables(client: Client): Promise<TableShape[]> {
  const names = (await publicTables(client)).filter((name) => !NOT_ARCHIVED.includes(name));
  const { rows } = await client.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column from pg_attribute a
     join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = any($1) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     order by c.relname, a.attnum`,
    [names],
  );
  return names.map((name) => ({ name, columns: rows.filter((row) => row.table === name).map((row) => row.column) }));
}

export async function listSequenceValues(client: Client): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `select sequencename as name, last_value::text from pg_sequences where schemaname = 'public' order by sequencename`,
  );
  // A sequence never used reports null: it needs nothing after a restore.
  return rows.flatMap((row) => (row.last_value === null ? [] : [{ name: row.name, lastValue: row.last_value, isCalled: true }]));
}

/** Text columns named `…_key` (thumbnail_key, avatar_key, media_key…): where rows name media objects. */
export async function listKeyColumns(client: Client, tables: string[]): Promise<{ table: string; column: string }[]> {
  const { rows } = await client.query<{ table: string; column: string }>(
    `select table_name as table, column_name as column from information_schema.columns
     where table_schema = 'public' and table_name = any($1) and data_type = 'text' and column_name like '%\\_key' order by 1, 2`,
    [tables],
  );
  return rows;
}

/** The tables in an order where every table comes after those its foreign keys point to. */
export async function inForeignKeyOrder(client: Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
     join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
     join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`,
  );
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((table) => !rows.some((row) => row.child === table && pending.has(row.parent)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    for (const table of ready.sort()) {
      ordered.push(table);
      pending.delete(table);
    }
  }
  return ordered;
}

/** Tables holding rows a fresh, migrated database would not have: a target with any is not empty. */
export async function tablesWithData(client: Client): Promise<string[]> {
  const found: string[] = [];
  for (const table of await publicTables(client)) {
    if (PRESENT_AFTER_MIGRATION.includes(table) || MADE_BY_AN_UNUSED_INSTANCE.includes(table)) continue;
    const { rowCount } = await client.query(`select 1 from ${quoteIdentifier(table)} limit 1`);
    if (rowCount) found.push(table);
  }
  return found;
}

/** The newest migration applied, or undefined on a database never migrated. */
export async function lastAppliedMigration(client: Client): Promise<string | undefined> {
  const { rows: exists } = await client.query<{ present: boolean }>(`select to_regclass('public.kysely_migration') is not null as present`);
  if (!exists[0]?.present) return undefined;
  const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name desc limit 1');
  return rows[0]?.name;
}

/** Clears what an unused instance made by itself (see MADE_BY_AN_UNUSED_INSTANCE), so the archive's rows load in its place. */
export async function clearUnusedInstanceRows(client: Client): Promise<void> {
  const present = new Set(await publicTables(client));
  for (const table of MADE_BY_AN_UNUSED_INSTANCE) if (present.has(table)) await client.query(`delete from ${quoteIdentifier(table)}`);
}
