import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { PaymentRequiredError, ValidationError } from '../errors.ts';
import type { GenerationBilling } from '../generation/generation-billing.ts';
import {
  appendCreditEntry,
  ensureCreditBalance,
  findCreditBalance,
  findReservationForGeneration,
  flagCreditBalance,
  isNegativeBalance,
  listCreditEntriesForAccount,
  lockCreditBalance,
  type NewCreditEntry,
} from './credit-ledger.repository.ts';
import type { CreditEntryResponse, CreditHistoryResponse } from './credit-responses.ts';
import type { CreditEntryRow } from './credit-tables.ts';

export const CREDIT_HISTORY_PAGE = 20;

export type CreditLedger = ReturnType<typeof createCreditLedger>;

export function toCreditEntryResponse(row: Pick<CreditEntryRow, 'id' | 'amount' | 'reason' | 'generation_id' | 'note' | 'created_at'>): CreditEntryResponse {
  return { id: row.id, amount: row.amount, reason: row.reason, generationId: row.generation_id, note: row.note, createdAt: row.created_at.toISOString() };
}

/**
 * The credit ledger: every movement is an appended entry and the balance row moves with it in
 * the same transaction, under a CHECK (balance >= 0) that makes overspending impossible.
 */
export function createCreditLedger({ db, clock, signupGrant }: { db: Db; clock: Clock; signupGrant: number }) {
  async function balanceOf(accountId: string): Promise<{ balance: number; flagged: boolean }> {
    await ensureCreditBalance(db, accountId, signupGrant);
    const row = await findCreditBalance(db, accountId);
    return { balance: row?.balance ?? 0, flagged: Boolean(row?.flagged_at) };
  }

  /** Credits in (purchases, grants); false when the idempotency key was already booked. */
  async function credit(trx: Db, entry: NewCreditEntry): Promise<boolean> {
    await ensureCreditBalance(trx, entry.accountId, signupGrant);
    return appendCreditEntry(trx, entry);
  }

  /**
   * Takes back up to `owed` credits (refund, dispute). What the balance cannot cover is not
   * taken; the account is flagged instead. Returns what was actually taken.
   */
  async function clawBack(trx: Db, entry: NewCreditEntry & { idempotencyKey: string }, owed: number): Promise<number> {
    await ensureCreditBalance(trx, entry.accountId, signupGrant);
    const current = await lockCreditBalance(trx, entry.accountId);
    const taken = Math.min(owed, current?.balance ?? 0);
    if (taken < owed) await flagCreditBalance(trx, entry.accountId, clock.now());
    if (taken === 0) return 0;
    return (await appendCreditEntry(trx, { ...entry, amount: -taken })) ? taken : 0;
  }

  const billing: GenerationBilling = {
    async reserve(accountId, generationId, cost, trx = db) {
      await ensureCreditBalance(trx, accountId, signupGrant);
      if (cost === 0) return;
      try {
        await appendCreditEntry(trx, { accountId, amount: -cost, reason: 'generation_reserved', generationId, idempotencyKey: `generation-reserve:${generationId}` });
      } catch (error) {
        if (!isNegativeBalance(error)) throw error;
        throw new PaymentRequiredError(`This image costs ${cost} credit${cost === 1 ? '' : 's'}, more than your balance. Buy credits at /credits`, 'credits');
      }
    },
    // Settle and refund share one idempotency key: whichever comes first is the only one booked.
    async settle(generationId) {
      const reservation = await findReservationForGeneration(db, generationId);
      if (!reservation?.account_id) return;
      const accountId = reservation.account_id;
      await db.transaction().execute((trx) => appendCreditEntry(trx, { accountId, amount: 0, reason: 'generation_settled', generationId, idempotencyKey: `generation-close:${generationId}` }));
    },
    async refund(generationId) {
      const reservation = await findReservationForGeneration(db, generationId);
      if (!reservation?.account_id) return;
      const accountId = reservation.account_id;
      await db.transaction().execute((trx) =>
        appendCreditEntry(trx, { accountId, amount: -reservation.amount, reason: 'generation_refunded', generationId, idempotencyKey: `generation-close:${generationId}` }),
      );
    },
  };

  return {
    billing,
    balanceOf,
    credit,
    clawBack,

    async history(accountId: string, before?: string): Promise<CreditHistoryResponse> {
      // Balance first: it books the sign-up grant the listing must include.
      const { balance, flagged } = await balanceOf(accountId);
      const rows = await listCreditEntriesForAccount(db, accountId, { limit: CREDIT_HISTORY_PAGE + 1, ...(before ? { before } : {}) });
      const page = rows.slice(0, CREDIT_HISTORY_PAGE);
      return { balance, flagged, entries: page.map(toCreditEntryResponse), nextCursor: rows.length > CREDIT_HISTORY_PAGE ? (page.at(-1)?.id ?? null) : null };
    },

    /** An operator's correction (CLI or admin page); it may not take the balance below zero. */
    async adjust({ accountId, amount, reason, adminAccountId }: { accountId: string; amount: number; reason: string; adminAccountId?: string }): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await ensureCreditBalance(trx, accountId, signupGrant);
        try {
          await appendCreditEntry(trx, { accountId, amount, reason: 'admin_adjustment', note: reason, ...(adminAccountId ? { adminAccountId } : {}) });
        } catch (error) {
          if (!isNegativeBalance(error)) throw error;
          throw new ValidationError('amount: the balance cannot go below zero', 'amount');
        }
        return (await lockCreditBalance(trx, accountId))?.balance ?? 0;
      });
    },
  };
}
