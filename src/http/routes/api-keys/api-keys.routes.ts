import { Router } from 'express';
import { NotFoundError } from '../../../errors.ts';
import { apiKeyIdSchema, createApiKeyBodySchema } from '../../../api-keys/api-key-input.ts';
import type { ApiKeyService } from '../../../api-keys/api-key.service.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { jsonBody } from '../../middleware/clean-input.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';

/** /api/me/api-keys: a signed-in session manages its keys (a key itself cannot: see middleware/bearer-authentication.ts). */
export function createApiKeysRouter({ apiKeys }: { apiKeys: ApiKeyService }): Router {
  const router = Router();

  router.get('/api/me/api-keys', async (req, res) => {
    const account = requireAccount(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ keys: await apiKeys.list(account.id) });
  });

  router.post('/api/me/api-keys', jsonBody({ limit: '4kb' }), async (req, res) => {
    const account = requireAccount(req);
    const { name } = parseInput(createApiKeyBodySchema, req.body ?? {});
    const created = await apiKeys.create(account.id, name, { ip: clientIp(req) });
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  router.delete('/api/me/api-keys/:id', async (req, res) => {
    const account = requireAccount(req);
    const parsed = apiKeyIdSchema.safeParse(req.params);
    // A malformed id and another account's key look the same: not found.
    if (!parsed.success) throw new NotFoundError('No API key of yours with this id');
    await apiKeys.revoke(account.id, parsed.data.id, { ip: clientIp(req) });
    res.status(204).end();
  });

  return router;
}
