import { jsonBody } from '../../middleware/clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import type { CreditAdminService } from '../../../credits/credit-admin.service.ts';
import { renderCreditsAdminPage } from '../../../../web/pages/credits-admin-page.ts';
import { adminViewer, currentAdmin } from '../../middleware/admin-guard.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';
import { creditAdjustmentSchema } from '../../../credits/credit-adjustment-input.ts';

const adjustBodySchema = creditAdjustmentSchema.extend({
  accountId: z.string().regex(/^\d{1,18}$/, 'must be a numeric account id'),
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
