import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

/**
 * A copy of a table's shape, built beside it and later swapped in under its name. The shape
 * (columns, defaults, storage, indexes, the index the table is clustered on) is read from the
 * catalog, so a rebuild keeps following whatever the migrations made of the live table.
 */
export interface TableClone {
  live: string;
  next: string;
  /** The clone's copy of the index the live table is clustered on, if any: the bulk load is sorted by it. */
  clusterIndex: string | undefined;
  /** Secondary indexes, created after the bulk load: far cheaper than maintaining them row by row. */
  deferredIndexes: { name: string; definition: string }[];
  /** [name in the clone, name in the live table], applied when the clone takes the live table's place. */
  indexRenames: [string, string][];
}

interface IndexDefinition {
  name: string;
  definition: string;
  isPrimary: boolean;
  isClustered: boolean;
}

/** Creates `next` shaped like `live`, with its primary key (upserts into the clone need it) but no other index yet. */
export async function createTableClone(db: Kysely<Database>, live: string, next: string): Promise<TableClone> {
  const indexes = await readIndexDefinitions(db, live);
  await sql`create table ${sql.table(next)} (like ${sql.table(live)} including all excluding indexes)`.execute(db);
  const clone: TableClone = { live, next, clusterIndex: undefined, deferredIndexes: [], indexRenames: [] };
  for (const index of indexes) {
    const name = cloneIndexName(index.name);
    const definition = retargetIndexDefinition(index.definition, name, live, next);
    clone.indexRenames.push([name, index.name]);
    if (index.isClustered) clone.clusterIndex = name;
    if (!index.isPrimary) {
      clone.deferredIndexes.push({ name, definition });
      continue;
    }
    await sql.raw(definition).execute(db);
    await sql`alter table ${sql.table(next)} add constraint ${sql.id(name)} primary key using index ${sql.id(name)}`
      .execute(db);
  }
  return clone;
}

/** After the bulk load: sorts the table by its cluster index, builds the other indexes, refreshes statistics. */
export async function finishTableClone(db: Kysely<Database>, clone: TableClone): Promise<void> {
  const deferredClusterIndex = clone.deferredIndexes.find((index) => index.name === clone.clusterIndex);
  if (deferredClusterIndex) await sql.raw(deferredClusterIndex.definition).execute(db);
  // Sorting rewrites the table and its indexes: do it while the only other index is the primary key.
  if (clone.clusterIndex) await sql`cluster ${sql.table(clone.next)} using ${sql.id(clone.clusterIndex)}`.execute(db);
  for (const index of clone.deferredIndexes) {
    if (index !== deferredClusterIndex) await sql.raw(index.definition).execute(db);
  }
  // Fresh statistics, or the planner would guess at the new table's first queries.
  await sql`analyze ${sql.table(clone.next)}`.execute(db);
}

/** Puts the clone in the live table's place. Run inside the swap transaction, with both tables locked. */
export async function replaceLiveTable(db: Kysely<Database>, clone: TableClone): Promise<void> {
  await sql`drop table ${sql.table(clone.live)}`.execute(db);
  await sql`alter table ${sql.table(clone.next)} rename to ${sql.id(clone.live)}`.execute(db);
  for (const [from, to] of clone.indexRenames) await sql`alter index ${sql.id(from)} rename to ${sql.id(to)}`.execute(db);
}

async function readIndexDefinitions(db: Kysely<Database>, table: string): Promise<IndexDefinition[]> {
  const { rows } = await sql<IndexDefinition>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as definition,
      x.indisprimary as "isPrimary", x.indisclustered as "isClustered"
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = ${table}::regclass
    order by i.relname`.execute(db);
  return rows;
}

const MAX_IDENTIFIER_LENGTH = 63;

function cloneIndexName(name: string): string {
  const cloneName = `${name}_next`;
  // PostgreSQL would silently truncate, and the rename at swap time would then miss.
  if (cloneName.length > MAX_IDENTIFIER_LENGTH) throw new Error(`index name too long to clone: ${name}`);
  return cloneName;
}

// pg_get_indexdef: CREATE [UNIQUE] INDEX name ON [ONLY] [schema.]table USING method (...)
const INDEX_DEFINITION = /^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)((?:\S+\.)?)(\S+)( USING .*)$/s;

/** The same index definition, renamed and pointed at another table of the same schema. */
export function retargetIndexDefinition(definition: string, indexName: string, table: string, newTable: string): string {
  const match = INDEX_DEFINITION.exec(definition);
  if (!match || match[5] !== table) throw new Error(`unexpected index definition for ${table}: ${definition}`);
  const [, create, , on, schema, , rest] = match;
  return `${create}${indexName}${on}${schema}${newTable}${rest}`;
}
