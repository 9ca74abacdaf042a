import { jsonBody } from '../../middleware/clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import type { CreditAdminService } from '../../../credits/credit-admin.service.ts';
import { renderCreditsAdminPage } from '../../../../web/pages/credits-admin-page.ts';
import { adminViewer, currentAdmin } from '../../middleware/admin-guard.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';

const adjustBodySchema = z.object({
  accountId: z.string().regex(/^\d{1,18}$/, 'must be a numeric account id'),
  // A JSON integer, or the decimal digits a form field sends: never true, ["3"] or "0x10".
  amount: z
    .union([z.number(), z.string().trim().regex(/^[+-]?\d{1,7}$/, 'must be a whole number').transform(Number)], { error: 'must be a whole number' })
    .pipe(z.number().int('must be a whole number').min(-1_000_000).max(1_000_000))
    .refine((amount) => amount !== 0, 'must not be 0'),
  reason: z.string().trim().min(3, 'say why, in a few words').max(200),
});

/** /admin/credits and its API, behind adminGuard: admins adjust balances. */
export function createCreditsAdminRouter({ admin }: { admin: CreditAdminService }): Router {
  const router = Router();

  router.get('/admin/credits', (req, res) => {
    res.type('html').send(renderCreditsAdminPage(adminViewer(req)));
  });

  router.post('/api/admin/credits/adjust', jsonBody({ limit: '4kb' }), async (req, res) => {
    const actor = currentAdmin(req);
    const { accountId, amount, reason } = parseInput(adjustBodySchema, req.body);
    const ip = clientIp(req);
    res.json(await admin.adjustById(accountId, { amount, reason, adminAccountId: actor.id, ...(ip ? { ip } : {}) }));
  });

  return router;
}
