import { z } from 'zod';

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A ledger entry id (PostgreSQL bigint) given back as a page cursor; range-checked, not only shaped. */
export const ledgerCursorSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a cursor from a previous page')
  // zod runs refinements after a failed regex too: BigInt() must only see digits.
  .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX, 'must be a cursor from a previous page');
