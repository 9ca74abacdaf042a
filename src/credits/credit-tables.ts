import type { Selectable } from 'kysely';
import type { BigintId, DefaultedTimestamp, NullableTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * The credit ledger (migrations/20261123000600_credits.ts), part of the Database interface in
 * src/db/database.ts.
 */
export interface CreditTables {
  credit_balances: CreditBalancesTable;
  credit_entries: CreditEntriesTable;
}

export const CREDIT_REASONS = [
  'signup_grant',
  'generation_reserved',
  'generation_settled',
  'generation_refunded',
  'pack_purchased',
  'plan_grant',
  'payment_refunded',
  'payment_disputed',
  'admin_adjustment',
] as const;

export type CreditReason = (typeof CREDIT_REASONS)[number];

export interface CreditBalancesTable {
  account_id: string;
  balance: number;
  flagged_at: NullableTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CreditEntriesTable {
  id: BigintId;
  account_id: string | null;
  anonymous_account: string | null;
  amount: number;
  reason: CreditReason;
  idempotency_key: string | null;
  generation_id: string | null;
  stripe_object_id: string | null;
  stripe_payment_intent_id: string | null;
  paid_amount: number | null;
  currency: string | null;
  admin_account_id: string | null;
  note: string | null;
  created_at: DefaultedTimestamp;
}

export type CreditEntryRow = Selectable<CreditEntriesTable>;


export const creditTableColumns = {
  credit_balances: {
    account_id: 'not null',
    balance: 'not null',
    flagged_at: 'nullable',
    updated_at: 'not null',
  },
  credit_entries: {
    id: 'not null',
    account_id: 'nullable',
    anonymous_account: 'nullable',
    amount: 'not null',
    reason: 'not null',
    idempotency_key: 'nullable',
    generation_id: 'nullable',
    stripe_object_id: 'nullable',
    stripe_payment_intent_id: 'nullable',
    paid_amount: 'nullable',
    currency: 'nullable',
    admin_account_id: 'nullable',
    note: 'nullable',
    created_at: 'not null',
  },
} as const satisfies TableColumns<CreditTables>;
