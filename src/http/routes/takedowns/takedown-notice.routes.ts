import { jsonBody } from '../../middleware/clean-input.ts';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Takedowns } from '../../../takedowns/compose-takedowns.ts';
import { counterNoticeSchema } from '../../../takedowns/takedown-input.ts';
import { renderCounterNoticeConfirmPage } from '../../../../web/pages/counter-notice-confirm-page.ts';
import { renderDmcaPage, renderNoticeConfirmPage } from '../../../../web/pages/dmca-page.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';

const dmcaQuerySchema = z.object({ artwork: z.string().regex(/^\d{1,18}$/).optional().catch(undefined) });
export const confirmTokenSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'this confirmation link is malformed') });

/** A page opened from a mailed link: the token stays out of caches and Referer headers. */
function confirmLinkPage(render: (view: { token: string | null }) => string): RequestHandler {
  return (req, res) => {
    const parsed = confirmTokenSchema.safeParse(req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html').send(render({ token: parsed.success ? parsed.data.token : null }));
  };
}

/** /dmca and /api/takedowns: notices and counter-notices, each confirmed from a mailed link. */
export function createNoticeRouter(takedowns: Takedowns): Router {
  const router = Router();
  router.use('/api/takedowns', jsonBody({ limit: '256kb' }));

  router.get('/dmca', (req, res) => {
    const { artwork } = dmcaQuerySchema.parse(req.query);
    res.type('html').send(renderDmcaPage({ agent: takedowns.agent, prefillArtworkId: artwork ?? null }));
  });

  router.post('/api/takedowns', async (req, res) => {
    const receipt = await takedowns.intake.submit(req.body, { ip: clientIp(req) });
    res.status(202).json({
      ...receipt,
      message: receipt.status === 'unconfirmed' ? `Check your email to confirm notice ${receipt.reference}.` : `Notice ${receipt.reference} is already waiting for review.`,
    });
  });

  router.get('/dmca/confirm', confirmLinkPage(renderNoticeConfirmPage));

  router.post('/api/takedowns/confirm', async (req, res) => {
    const { token } = parseInput(confirmTokenSchema, req.body);
    const { reference } = await takedowns.intake.confirm(token);
    res.json({ reference, message: `Notice ${reference} is confirmed and waiting for review.` });
  });

  router.post('/api/takedowns/counter-notices', async (req, res) => {
    const counter = parseInput(counterNoticeSchema, req.body);
    await takedowns.counterNotices.submit(counter, { ip: clientIp(req) });
    res.status(202).json({ status: 'unconfirmed', message: `Check your email (${counter.email}) and open the link to confirm your counter-notice; it is sent to the claimant only then.` });
  });

  router.get('/dmca/counter-notice/confirm', confirmLinkPage(renderCounterNoticeConfirmPage));

  router.post('/api/takedowns/counter-notices/confirm', async (req, res) => {
    const { token } = parseInput(confirmTokenSchema, req.body);
    const counter = await takedowns.counterNotices.confirm(token);
    const restoreOn = counter.restoreAt.toISOString().slice(0, 10);
    res.json({
      id: counter.id,
      artworkId: counter.artworkId,
      restoreAt: counter.restoreAt.toISOString(),
      message: `Counter-notice confirmed and sent to the claimant. Unless they report a lawsuit, the artwork returns on ${restoreOn}.`,
    });
  });

  return router;
}
