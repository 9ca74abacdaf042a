import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';

/**
 * Tables of the credit ledger and Stripe billing (migrations/20261123000600_credits.ts),
 * part of the Database interface in src/db/database.ts.
 */

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

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
  id: GeneratedAlways<string>;
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

export interface StripeCustomersTable {
  account_id: string;
  stripe_customer_id: string;
  created_at: DefaultedTimestamp;
}

export interface StripeSubscriptionsTable {
  stripe_subscription_id: string;
  account_id: string;
  plan: string | null;
  status: string;
  event_created_at: ColumnType<Date, Date | string, Date | string>;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: Generated<Date>;
}
