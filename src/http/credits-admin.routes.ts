import { jsonBody } from './clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../accounts/account.ts';
import { creditAdjustmentSchema } from '../credits/credit-adjustment-input.ts';
import type { CreditAdminService } from '../credits/credit-admin.service.ts';
import { ForbiddenError } from '../errors.ts';
import { mediaUrl } from '../media/media-keys.ts';
import { viewerOf } from '../../web/pages/account-nav.ts';
import { renderCreditsAdminPage } from '../../web/pages/credits-admin-page.ts';
import { hasPassedSecondFactor, requireAdmin } from './auth-guards.ts';
import { clientIp } from './client-ip.ts';
import { parseInput } from './validate.ts';

const adjustBodySchema = creditAdjustmentSchema.extend({
  accountId: z.string().regex(/^\d{1,18}$/, 'must be a numeric account id'),
});

/** /admin/credits and its API: admins who passed TOTP adjust balances. */
export function createCreditsAdminRouter({ admin }: { admin: CreditAdminService }): Router {
  const router = Router();

  router.get('/admin/credits', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!req.user) return res.redirect(303, '/sign-in?next=/admin/credits');
    if (req.user.role !== 'admin' || !hasPassedSecondFactor(req)) throw new ForbiddenError('Only admins who entered their authenticator code can open this page');
    res.type('html').send(renderCreditsAdminPage(viewerOf(toMeResponse(req.user, mediaUrl))));
  });

  router.post('/api/admin/credits/adjust', jsonBody({ limit: '4kb' }), async (req, res) => {
    const actor = requireAdmin(req);
    const { accountId, amount, reason } = parseInput(adjustBodySchema, req.body);
    const ip = clientIp(req);
    res.json(await admin.adjustById(accountId, { amount, reason, adminAccountId: actor.id, ...(ip ? { ip } : {}) }));
  });

  return router;
}
