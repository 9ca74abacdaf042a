import type { ColumnType, GeneratedAlways, SelectType } from 'kysely';

/** Column types shared by every feature's `*-tables.ts`. */

/** bigint ids come back from pg as strings; we keep them as strings end to end. */
export type BigintId = GeneratedAlways<string>;
/** A bigint column other than an id: pg returns it as a string. */
export type Bigint = ColumnType<string, string | number, string | number>;
/** A timestamptz the database fills in by default. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamptz that is null until something happens. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A timestamptz the writer always gives. */
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
/** A jsonb column written as a JSON string, read back parsed. */
export type Json<T> = ColumnType<T, string | undefined, string>;

/**
 * Each table's columns at run time, so the schema test can compare them with the migrated
 * database: 'nullable' exactly where the type can read back null. Declared beside each
 * `*-tables.ts` and checked against its interfaces by the compiler.
 */
export type TableColumns<Tables> = {
  [Table in keyof Tables]: {
    [Column in keyof Tables[Table]]-?: ColumnNullability<SelectType<Tables[Table][Column]>>;
  };
};

/** An `unknown` column (JSON validated when read back) says nothing about null: the test decides. */
type ColumnNullability<Selected> = unknown extends Selected
  ? 'nullable' | 'not null'
  : null extends Selected
    ? 'nullable'
    : 'not null';
