import { ledgerCursorSchema } from './ledger-cursor.ts';
import { Router } from 'express';
import { z } from 'zod';
import type { CreditLedger } from '../../../credits/credit-ledger.service.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { parseInput } from '../../middleware/validate.ts';

export const historyQuerySchema = z.object({ cursor: ledgerCursorSchema.optional() });

/** GET /api/me/credits: the balance and the ledger, newest first, by cursor. */
export function createCreditsRouter({ ledger }: { ledger: CreditLedger }): Router {
  const router = Router();
  router.get('/api/me/credits', async (req, res) => {
    const account = requireAccount(req);
    const { cursor } = parseInput(historyQuerySchema, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await ledger.history(account.id, cursor));
  });
  return router;
}
