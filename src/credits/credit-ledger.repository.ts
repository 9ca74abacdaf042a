import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { CreditReason } from './credit-tables.ts';

/** One ledger movement as the service records it; the balance moves by `amount` with it. */
export interface NewCreditEntry {
  accountId: string;
  amount: number;
  reason: CreditReason;
  /** Unique across the ledger: a second entry with the same key is not recorded. */
  idempotencyKey?: string;
  generationId?: string;
  stripeObjectId?: string;
  stripePaymentIntentId?: string | null;
  paidAmount?: number | null;
  currency?: string | null;
  adminAccountId?: string;
  note?: string;
}

/** PostgreSQL's check_violation on credit_balances: the balance would go below zero. */
export function isNegativeBalance(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23514' && 'table' in error && error.table === 'credit_balances';
}

/**
 * Creates the balance row with the sign-up grant the first time an account meets the ledger.
 * The primary key makes concurrent first calls safe: only one inserts, only it records the grant.
 */
export async function ensureCreditBalance(db: Db, accountId: string, signupGrant: number): Promise<void> {
  const created = await db
    .insertInto('credit_balances')
    .values({ account_id: accountId, balance: signupGrant })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .returning('account_id')
    .executeTakeFirst();
  if (created && signupGrant > 0) {
    await db.insertInto('credit_entries').values({ account_id: accountId, amount: signupGrant, reason: 'signup_grant', idempotency_key: `signup:${accountId}` }).execute();
  }
}

/**
 * Appends an entry and moves the balance in the caller's transaction. Returns false when the
 * idempotency key was already used (nothing changed). Throws the balance CHECK violation when the
 * balance would go negative; the caller's transaction then rolls back the entry too.
 */
export async function appendCreditEntry(trx: Db, entry: NewCreditEntry): Promise<boolean> {
  const inserted = await trx
    .insertInto('credit_entries')
    .values({
      account_id: entry.accountId,
      amount: entry.amount,
      reason: entry.reason,
      idempotency_key: entry.idempotencyKey ?? null,
      generation_id: entry.generationId ?? null,
      stripe_object_id: entry.stripeObjectId ?? null,
      stripe_payment_intent_id: entry.stripePaymentIntentId ?? null,
      paid_amount: entry.paidAmount ?? null,
      currency: entry.currency ?? null,
      admin_account_id: entry.adminAccountId ?? null,
      note: entry.note ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  if (entry.amount !== 0) {
    await trx
      .updateTable('credit_balances')
      .set({ balance: sql<number>`balance + ${entry.amount}`, updated_at: sql<Date>`now()` })
      .where('account_id', '=', entry.accountId)
      .execute();
  }
  return true;
}

/** Locks the balance row until the transaction ends, for decisions that depend on it. */
export async function lockCreditBalance(trx: Db, accountId: string): Promise<{ balance: number; flagged_at: Date | null } | undefined> {
  return trx.selectFrom('credit_balances').select(['balance', 'flagged_at']).where('account_id', '=', accountId).forUpdate().executeTakeFirst();
}

export async function flagCreditBalance(trx: Db, accountId: string, now: Date): Promise<void> {
  await trx.updateTable('credit_balances').set({ flagged_at: now }).where('account_id', '=', accountId).where('flagged_at', 'is', null).execute();
}

export async function findCreditBalance(db: Db, accountId: string) {
  return db.selectFrom('credit_balances').select(['balance', 'flagged_at']).where('account_id', '=', accountId).executeTakeFirst();
}

export async function findReservationForGeneration(db: Db, generationId: string) {
  return db
    .selectFrom('credit_entries')
    .select(['account_id', 'amount'])
    .where('idempotency_key', '=', `generation-reserve:${generationId}`)
    .executeTakeFirst();
}

/** Newest first, keyset-paginated by id; zero-amount bookkeeping (settlements) left out. */
export async function listCreditEntriesForAccount(db: Db, accountId: string, { limit, before }: { limit: number; before?: string }) {
  let query = db
    .selectFrom('credit_entries')
    .select(['id', 'amount', 'reason', 'generation_id', 'stripe_object_id', 'note', 'created_at'])
    .where('account_id', '=', accountId)
    .where('amount', '<>', 0);
  if (before) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

/** Credits granted for a payment (pack or plan period), for claw-backs. */
export async function findGrantsForPaymentIntent(db: Db, paymentIntentId: string) {
  return db
    .selectFrom('credit_entries')
    .select(['account_id', 'amount', 'paid_amount'])
    .where('stripe_payment_intent_id', '=', paymentIntentId)
    .where('reason', 'in', ['pack_purchased', 'plan_grant'])
    .where('account_id', 'is not', null)
    .execute();
}

/** Account deletion: entries stay for audit, pointing at the deletion's anonymous id. */
export async function anonymizeCreditEntries(trx: Db, accountId: string, anonymousId: string): Promise<void> {
  await trx.updateTable('credit_entries').set({ account_id: null, anonymous_account: anonymousId }).where('account_id', '=', accountId).execute();
}

export async function listCreditEntriesForExport(db: Db, accountId: string) {
  return db.selectFrom('credit_entries').select(['amount', 'reason', 'generation_id', 'stripe_object_id', 'note', 'created_at']).where('account_id', '=', accountId).orderBy('id').execute();
}

/** Credits already taken back for one Stripe object (a charge's refunds), as a positive number. */
export async function sumClawedForStripeObject(db: Db, accountId: string, stripeObjectId: string, reason: CreditReason): Promise<number> {
  const row = await db
    .selectFrom('credit_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount'), eb.lit(0)).as('total'))
    .where('account_id', '=', accountId)
    .where('stripe_object_id', '=', stripeObjectId)
    .where('reason', '=', reason)
    .executeTakeFirst();
  return -Number(row?.total ?? 0);
}
