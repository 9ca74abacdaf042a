import type { Generated } from 'kysely';
import type { DefaultedTimestamp, RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Stripe customers, subscriptions and the events already handled
 * (migrations/20261123000600_credits.ts), part of the Database interface in src/db/database.ts.
 */
export interface BillingTables {
  stripe_customers: StripeCustomersTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  stripe_events: StripeEventsTable;
}

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
  event_created_at: RequiredTimestamp;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: Generated<Date>;
}

export const billingTableColumns = {
  stripe_customers: {
    account_id: 'not null',
    stripe_customer_id: 'not null',
    created_at: 'not null',
  },
  stripe_subscriptions: {
    stripe_subscription_id: 'not null',
    account_id: 'not null',
    plan: 'nullable',
    status: 'not null',
    event_created_at: 'not null',
  },
  stripe_events: {
    id: 'not null',
    type: 'not null',
    received_at: 'not null',
  },
} as const satisfies TableColumns<BillingTables>;
