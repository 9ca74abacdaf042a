/**
 * The credits hook. Generation calls reserve when it accepts a job, settle when the image is in
 * the gallery, refund when the job fails or is canceled; each at most once per generation, because
 * each call follows a state transition that only one caller can win (UPDATE … WHERE status …).
 * The credits feature replaces freeBilling with a ledger-backed implementation.
 */
import type { Db } from '../db/connect.ts';

export interface GenerationBilling {
  /** Throws PaymentRequiredError when the account cannot pay `cost`. `trx` is the accept transaction. */
  reserve(accountId: string, generationId: string, cost: number, trx?: Db): Promise<void>;
  settle(generationId: string): Promise<void>;
  refund(generationId: string): Promise<void>;
}

/** Today's billing: every image is free. */
export const freeBilling: GenerationBilling = {
  reserve: async () => {},
  settle: async () => {},
  refund: async () => {},
};
