import type { Db } from '../db/connect.ts';

export async function findStripeCustomerId(db: Db, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom('stripe_customers').select('stripe_customer_id').where('account_id', '=', accountId).executeTakeFirst();
  return row?.stripe_customer_id;
}

export async function findAccountForStripeCustomer(db: Db, customerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('stripe_customers').select('account_id').where('stripe_customer_id', '=', customerId).executeTakeFirst();
  return row?.account_id;
}

/** Keeps the first customer recorded for an account; returns the one that is recorded. */
export async function saveStripeCustomer(db: Db, accountId: string, customerId: string): Promise<string> {
  await db.insertInto('stripe_customers').values({ account_id: accountId, stripe_customer_id: customerId }).onConflict((oc) => oc.column('account_id').doNothing()).execute();
  return (await findStripeCustomerId(db, accountId)) ?? customerId;
}

/** Records an event id; false when it was recorded before (a replay or a duplicate delivery). */
export async function recordStripeEvent(trx: Db, event: { id: string; type: string }): Promise<boolean> {
  const inserted = await trx.insertInto('stripe_events').values({ id: event.id, type: event.type }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return Boolean(inserted);
}

/** Upserts a subscription's state unless a newer event already set it (out-of-order delivery). */
export async function saveStripeSubscription(trx: Db, row: { id: string; accountId: string; plan: string | null; status: string; eventCreatedAt: Date }): Promise<void> {
  await trx
    .insertInto('stripe_subscriptions')
    .values({ stripe_subscription_id: row.id, account_id: row.accountId, plan: row.plan, status: row.status, event_created_at: row.eventCreatedAt })
    .onConflict((oc) =>
      oc
        .column('stripe_subscription_id')
        .doUpdateSet((eb) => ({ plan: eb.ref('excluded.plan'), status: eb.ref('excluded.status'), event_created_at: eb.ref('excluded.event_created_at') }))
        .where('stripe_subscriptions.event_created_at', '<=', row.eventCreatedAt),
    )
    .execute();
}

export async function findSubscriptionsForAccount(db: Db, accountId: string) {
  return db.selectFrom('stripe_subscriptions').select(['stripe_subscription_id', 'plan', 'status']).where('account_id', '=', accountId).orderBy('event_created_at', 'desc').execute();
}

/** Account deletion: the link to Stripe goes; the customer at Stripe is the operator's to close. */
export async function deleteStripeLinksOfAccount(trx: Db, accountId: string): Promise<void> {
  await trx.deleteFrom('stripe_subscriptions').where('account_id', '=', accountId).execute();
  await trx.deleteFrom('stripe_customers').where('account_id', '=', accountId).execute();
}
