import { jsonBody } from '../../middleware/clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../../../accounts/account.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import type { Takedowns } from '../../../takedowns/compose-takedowns.ts';
import { claimIdParamsSchema, creatorClaimSchema, creatorOptOutSchema, creatorRemovalSchema } from '../../../takedowns/creator-claim-input.ts';
import { toArtworkLink, toCreatorClaimResponse } from '../../../takedowns/takedown-dto.ts';
import { viewerOf } from '../../../../web/pages/account-nav.ts';
import { renderCreatorClaimsPage } from '../../../../web/pages/creator-claims-page.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { parseInput } from '../../middleware/validate.ts';

/** Form posts send strings; "true"/"false" become booleans here. */
const formBoolean = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
export const optOutBodySchema = creatorOptOutSchema.extend({ optedOut: formBoolean });
export const removalBodySchema = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && 'all' in value && value.all === 'true' ? { ...value, all: true } : value),
  creatorRemovalSchema,
);

/** /creator and /api/creator-claims/*: a signed-in creator proves a handle is theirs, removes their work and opts out. */
export function createTakedownClaimsRouter(takedowns: Takedowns): Router {
  const router = Router();
  const { claims } = takedowns;
  router.use('/api/creator-claims', jsonBody({ limit: '64kb' }));

  router.get('/creator', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!req.user) return res.redirect(303, '/sign-in?next=/creator');
    const mine = (await claims.list(req.user.id)).map(toCreatorClaimResponse);
    const artworks = await Promise.all(mine.filter((claim) => claim.verified).map(async (claim) => ({ claimId: claim.id, artworks: await claims.artworks(req.user!.id, claim.id) })));
    res.type('html').send(
      renderCreatorClaimsPage({
        viewer: viewerOf(toMeResponse(req.user, mediaUrl)),
        claims: mine.map((claim) => ({
          ...claim,
          artworks: (artworks.find((entry) => entry.claimId === claim.id)?.artworks ?? []).map((row) => ({ ...toArtworkLink(row, mediaUrl), prompt: row.prompt })),
        })),
      }),
    );
  });

  router.get('/api/creator-claims', async (req, res) => {
    const account = requireAccount(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ claims: (await claims.list(account.id)).map(toCreatorClaimResponse) });
  });

  router.post('/api/creator-claims', async (req, res) => {
    const account = requireAccount(req);
    const claim = await claims.start(account.id, parseInput(creatorClaimSchema, req.body));
    res.status(201).json({ ...toCreatorClaimResponse(claim), message: `Put ${claim.code} in your profile on ${claim.source}, then press Verify.` });
  });

  router.post('/api/creator-claims/:id/verify', async (req, res) => {
    const account = requireAccount(req);
    const { id } = parseInput(claimIdParamsSchema, req.params);
    res.json({ ...toCreatorClaimResponse(await claims.verify(account.id, id)), message: 'Verified: this handle is yours.' });
  });

  router.get('/api/creator-claims/:id/artworks', async (req, res) => {
    const account = requireAccount(req);
    const { id } = parseInput(claimIdParamsSchema, req.params);
    res.setHeader('Cache-Control', 'no-store');
    const rows = await claims.artworks(account.id, id);
    res.json({ artworks: rows.map((row) => toArtworkLink(row, mediaUrl)) });
  });

  router.post('/api/creator-claims/:id/removals', async (req, res) => {
    const account = requireAccount(req);
    const { id } = parseInput(claimIdParamsSchema, req.params);
    const removed = await claims.remove(account.id, id, parseInput(removalBodySchema, req.body));
    res.json({ removed, message: `Removed ${removed.length} artwork(s).` });
  });

  router.post('/api/creator-claims/:id/opt-out', async (req, res) => {
    const account = requireAccount(req);
    const { id } = parseInput(claimIdParamsSchema, req.params);
    const { optedOut } = parseInput(optOutBodySchema, req.body);
    await claims.setOptOut(account.id, id, optedOut);
    res.json({ optedOut, message: optedOut ? 'We will not index your work from this handle any more.' : 'Your work may be indexed again.' });
  });

  return router;
}
