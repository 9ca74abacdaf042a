import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { BigintId, DefaultedTimestamp, Json, NullableTimestamp, RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Tables of DMCA notices, counter-notices, the append-only takedown record and creator claims
 * (migrations/20261123000500_takedowns.ts), part of the Database interface in src/db/database.ts.
 */
export interface TakedownTables {
  takedown_notices: TakedownNoticesTable;
  takedown_items: TakedownItemsTable;
  takedown_counter_notices: TakedownCounterNoticesTable;
  takedown_events: TakedownEventsTable;
  creator_claims: CreatorClaimsTable;
}

export type NoticeStatus = 'unconfirmed' | 'queued' | 'approved' | 'partial' | 'rejected';
export type ItemDecision = 'pending' | 'keep' | 'remove';
/** `unconfirmed` until the filer opens the link mailed to them; only then does it count. */
export type CounterNoticeStatus = 'unconfirmed' | 'waiting' | 'restored' | 'lawsuit';

/** An item of a notice that named no indexed artwork, reported back to the claimant. */
export interface UnresolvedItem {
  item: string;
  reason: string;
}

/** What removal drops from the artwork row; restored if a counter-notice succeeds. */
export interface RestoreSnapshot {
  prompt: string;
  negativePrompt: string | null;
  model: string | null;
  params: Record<string, unknown>;
  tags: string[];
  authorHandle: string | null;
  authorName: string | null;
  authorUrl: string | null;
}

export interface TakedownNoticesTable {
  id: BigintId;
  reference: string;
  status: Generated<NoticeStatus>;
  claimant_name: string;
  email: string;
  address: string | null;
  phone: string | null;
  copyrighted_work: string;
  signature: string;
  good_faith: boolean;
  accurate_under_penalty_of_perjury: boolean;
  unresolved_items: Json<UnresolvedItem[]>;
  confirm_token_hash: string | null;
  dedupe_key: string;
  assignee_id: string | null;
  internal_notes: Generated<string>;
  decision_reason: string | null;
  created_at: DefaultedTimestamp;
  confirmed_at: NullableTimestamp;
  decided_at: NullableTimestamp;
}

export interface TakedownItemsTable {
  id: BigintId;
  notice_id: string;
  artwork_id: string;
  source: string;
  author_handle: string | null;
  decision: Generated<ItemDecision>;
  removed_at: NullableTimestamp;
  restore_snapshot: ColumnType<RestoreSnapshot | null, string | null | undefined, string | null>;
}

export interface TakedownCounterNoticesTable {
  id: BigintId;
  item_id: string;
  status: Generated<CounterNoticeStatus>;
  name: string;
  email: string;
  address: string;
  phone: string | null;
  statement: string;
  signature: string;
  created_at: DefaultedTimestamp;
  restore_at: RequiredTimestamp;
  closed_at: NullableTimestamp;
  confirm_token_hash: string | null;
  confirmed_at: NullableTimestamp;
}

/** Append-only (a trigger refuses UPDATE and DELETE): every step, with who took it and when. */
export interface TakedownEventsTable {
  id: BigintId;
  notice_id: string | null;
  artwork_id: string | null;
  action: string;
  actor: string;
  detail: Json<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
}

export interface CreatorClaimsTable {
  id: BigintId;
  account_id: string;
  source: string;
  handle: string;
  code: string;
  verified_at: NullableTimestamp;
  opted_out: Generated<boolean>;
  created_at: DefaultedTimestamp;
}

export type TakedownNoticeRow = Selectable<TakedownNoticesTable>;
export type NewTakedownNotice = Insertable<TakedownNoticesTable>;
export type TakedownItemRow = Selectable<TakedownItemsTable>;
export type CreatorClaimRow = Selectable<CreatorClaimsTable>;

export const takedownTableColumns = {
  takedown_notices: {
    id: 'not null',
    reference: 'not null',
    status: 'not null',
    claimant_name: 'not null',
    email: 'not null',
    address: 'nullable',
    phone: 'nullable',
    copyrighted_work: 'not null',
    signature: 'not null',
    good_faith: 'not null',
    accurate_under_penalty_of_perjury: 'not null',
    unresolved_items: 'not null',
    confirm_token_hash: 'nullable',
    dedupe_key: 'not null',
    assignee_id: 'nullable',
    internal_notes: 'not null',
    decision_reason: 'nullable',
    created_at: 'not null',
    confirmed_at: 'nullable',
    decided_at: 'nullable',
  },
  takedown_items: {
    id: 'not null',
    notice_id: 'not null',
    artwork_id: 'not null',
    source: 'not null',
    author_handle: 'nullable',
    decision: 'not null',
    removed_at: 'nullable',
    restore_snapshot: 'nullable',
  },
  takedown_counter_notices: {
    id: 'not null',
    item_id: 'not null',
    status: 'not null',
    name: 'not null',
    email: 'not null',
    address: 'not null',
    phone: 'nullable',
    statement: 'not null',
    signature: 'not null',
    created_at: 'not null',
    restore_at: 'not null',
    closed_at: 'nullable',
    confirm_token_hash: 'nullable',
    confirmed_at: 'nullable',
  },
  takedown_events: {
    id: 'not null',
    notice_id: 'nullable',
    artwork_id: 'nullable',
    action: 'not null',
    actor: 'not null',
    detail: 'not null',
    created_at: 'not null',
  },
  creator_claims: {
    id: 'not null',
    account_id: 'not null',
    source: 'not null',
    handle: 'not null',
    code: 'not null',
    verified_at: 'nullable',
    opted_out: 'not null',
    created_at: 'not null',
  },
} as const satisfies TableColumns<TakedownTables>;
