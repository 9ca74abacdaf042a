import { ledgerCursorSchema } from './ledger-cursor.ts';
import { Router } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../../../accounts/account.ts';
import type { CheckoutService } from '../../../billing/checkout.service.ts';
import type { CreditLedger } from '../../../credits/credit-ledger.service.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import { viewerOf } from '../../../../web/pages/account-nav.ts';
import { renderCreditsPage } from '../../../../web/pages/credits-page.ts';
import { signInHref } from '../../../../web/pages/sign-in-link.ts';

const creditsQuerySchema = z.object({
  cursor: ledgerCursorSchema.optional().catch(undefined),
  checkout: z.enum(['success', 'canceled']).optional().catch(undefined),
});

/** /credits for the signed-in account. */
export function createCreditsPageRouter({ ledger, checkout }: { ledger: CreditLedger; checkout: CheckoutService }): Router {
  const router = Router();
  router.get('/credits', async (req, res) => {
    if (!req.user) return res.redirect(303, signInHref('/credits'));
    const query = creditsQuerySchema.parse(req.query);
    const [history, subscriptions] = await Promise.all([ledger.history(req.user.id, query.cursor), checkout.subscriptionsOf(req.user.id)]);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      renderCreditsPage({ viewer: viewerOf(toMeResponse(req.user, mediaUrl)), ...history, offers: checkout.offers(), subscriptions, checkout: query.checkout }),
    );
  });
  return router;
}
