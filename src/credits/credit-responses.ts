import { z } from 'zod';
import { CREDIT_REASONS } from './credit-tables.ts';

/** One movement of the ledger as GET /api/me/credits lists it. */
export const creditEntryResponseSchema = z.object({
  id: z.string().describe('Also the cursor of the next page'),
  amount: z.number().int().describe('Positive: credits in; negative: spent or taken back'),
  reason: z.enum(CREDIT_REASONS),
  generationId: z.uuid().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export type CreditEntryResponse = z.infer<typeof creditEntryResponseSchema>;

/** GET /api/me/credits: the balance and one page of the ledger, newest first. */
export const creditHistoryResponseSchema = z.object({
  balance: z.number().int(),
  flagged: z.boolean().describe('A refund or dispute took back more than the balance held'),
  entries: z.array(creditEntryResponseSchema),
  nextCursor: z.string().nullable(),
});

export type CreditHistoryResponse = z.infer<typeof creditHistoryResponseSchema>;
