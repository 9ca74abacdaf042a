import { jsonBody } from '../../middleware/clean-input.ts';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { toMeResponse } from '../../../accounts/account.ts';
import type { Accounts } from '../../../accounts/compose-accounts.ts';
import { accountExportZip } from '../../../accounts/zip-archive.ts';
import type { Clock } from '../../../clock.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import { recentlyReauthenticated, requireAccount } from '../../middleware/auth-guards.ts';
import { changePasswordBodySchema, deleteAccountBodySchema, updateProfileBodySchema } from './auth-schemas.ts';
import { destroySession } from '../../middleware/auth-session.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';

export interface AccountRouterDeps {
  accounts: Pick<Accounts, 'profile' | 'passwordService' | 'deletion' | 'exports'>;
  clock: Clock;
  https: boolean;
}

/** The signed-in person's own account: /api/me. Every route acts on req.user only, never on an id from the request. */
export function createAccountRouter({ accounts, clock, https }: AccountRouterDeps): Router {
  const router = Router();
  // Room for a 5 MB avatar as base64 in JSON; the other bodies are tiny.
  router.use('/api/me', jsonBody({ limit: '7mb' }));

  router.get('/api/me', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(toMeResponse(requireAccount(req), mediaUrl));
  });

  router.patch('/api/me', async (req, res) => {
    const account = requireAccount(req);
    const changes = parseInput(updateProfileBodySchema, req.body);
    const updated = await accounts.profile.updateProfile(account.id, changes);
    res.json(toMeResponse(updated, mediaUrl));
  });

  router.post('/api/me/password', async (req, res) => {
    const account = requireAccount(req);
    const body = parseInput(changePasswordBodySchema, req.body);
    await accounts.passwordService.changePassword({
      accountId: account.id,
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      keepSessionId: req.sessionID,
      ip: clientIp(req),
    });
    res.status(204).end();
  });

  router.delete('/api/me', async (req, res) => {
    const account = requireAccount(req);
    const { password } = parseInput(deleteAccountBodySchema, req.body ?? {});
    await accounts.deletion.deleteAccount(account.id, { password, recentlyReauthenticated: recentlyReauthenticated(req, clock.now()) }, { ip: clientIp(req) });
    await destroySession(req, res, https);
    res.status(204).end();
  });

  router.get('/api/me/export', async (req, res) => {
    const account = requireAccount(req);
    const data = await accounts.exports.exportAccount(account.id);
    const day = clock.now().toISOString().slice(0, 10);
    res.set({
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="artsift-export-${day}.zip"`,
      'Cache-Control': 'no-store',
    });
    try {
      await pipeline(accountExportZip(data), res);
    } catch (error) {
      // Headers are gone by now; a client hanging up is not worth a 500 in the log.
      if (!res.writableEnded && (error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  });

  return router;
}
