import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeletedAccount } from '../../src/accounts/account-data-registry.ts';
import { renderTestImage, startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';
import { readZip } from './support/read-zip.ts';

interface Me {
  id: string;
  email: string;
  username: string | null;
  avatarUrl: string | null;
}

interface ErrorBody {
  error: { code: string; field?: string };
}

const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

describe('the account owner’s data: profile, avatar, export and deletion', () => {
  let t: TestApp;
  const deletedByHook: DeletedAccount[] = [];
  let hookSawAccountRowInTransaction = false;

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING);
    // What a later feature (gallery, credits) does: plug into deletion and export.
    t.app.accounts.registry.register({
      name: 'testGallery',
      async deleteInTransaction(trx, account) {
        const row = await trx.selectFrom('accounts').select('id').where('id', '=', account.id).executeTakeFirst();
        hookSawAccountRowInTransaction = row !== undefined;
      },
      async afterDeletion(account) {
        deletedByHook.push(account);
      },
      async exportData(accountId) {
        return { json: { images: [`image-of-${accountId}`] } };
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function withAvatar() {
    const created = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, created.email, created.password);
    const response = await agent.send<Me>('PATCH', '/api/me', { username: `user_${created.account.id}`, avatar: dataUrl(await renderTestImage(Number(created.account.id), 800, 600)) });
    expect(response.status).toBe(200);
    return { ...created, agent, me: response.body };
  }

  it('updates the username and stores the avatar as a small square WebP without metadata', async () => {
    const { me } = await withAvatar();
    expect(me.avatarUrl).toMatch(/^\/media\/user\/[0-9a-f]{2}\/[0-9a-f]{64}\.webp$/);
    const image = await fetch(`${t.baseUrl}${me.avatarUrl}`);
    expect(image.status).toBe(200);
    const metadata = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(metadata.exif).toBeUndefined();
  });

  it.each([
    [{ username: 'x' }, 'username'],
    [{ avatar: 'data:text/plain;base64,aGVsbG8=' }, 'avatar'],
    [{ avatar: dataUrl(Buffer.from('not an image at all')) }, 'avatar'],
    [{ role: 'admin' }, 'body'],
  ])('refuses PATCH /api/me %j naming %s', async (body, field) => {
    const { email, password } = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, email, password);
    const response = await agent.send<ErrorBody>('PATCH', '/api/me', body);
    expect([400, 422]).toContain(response.status);
    expect(response.body.error.field).toBe(field);
  });

  it('replacing or removing the avatar deletes the old file', async () => {
    const { agent, me } = await withAvatar();
    const oldKey = me.avatarUrl!.slice('/media/'.length);
    const replaced = await agent.send<Me>('PATCH', '/api/me', { avatar: dataUrl(await renderTestImage(987654)) });
    expect(await t.app.storage.exists(oldKey)).toBe(false);
    const removed = await agent.send<Me>('PATCH', '/api/me', { avatar: null });
    expect(removed.body.avatarUrl).toBeNull();
    expect(await t.app.storage.exists(replaced.body.avatarUrl!.slice('/media/'.length))).toBe(false);
  });

  it('GET /api/me/export streams a zip with the account as JSON and the avatar', async () => {
    const { agent, me, email } = await withAvatar();
    const response = await fetch(`${t.baseUrl}/api/me/export`, { headers: { Cookie: agent.cookieHeader() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="artsift-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    expect([...entries.keys()]).toEqual(['account.json', 'avatar.webp']);
    const json = JSON.parse(entries.get('account.json')!.toString('utf8'));
    expect(json.account).toMatchObject({ id: me.id, email, username: me.username, avatar: 'avatar.webp' });
    expect(json.sessions.length).toBeGreaterThan(0);
    expect(json.securityLog.map((entry: { event: string }) => entry.event)).toContain('sign_in.succeeded');
    expect(json.testGallery).toEqual({ images: [`image-of-${me.id}`] });
    expect(JSON.stringify(json)).not.toMatch(/password_?hash|scrypt\$|totp_?secret|ip_?hash|127\.0\.0\.1/i);
    const avatar = await fetch(`${t.baseUrl}${me.avatarUrl}`);
    expect(entries.get('avatar.webp')!.equals(Buffer.from(await avatar.arrayBuffer()))).toBe(true);
    expect((await new HttpAgent(t.baseUrl).get('/api/me/export')).status).toBe(401);
  });

  it('deletes at once and for good: account, sessions, avatar file; the security log is anonymised', async () => {
    const { agent, me, email, password } = await withAvatar();
    const second = await signedInAgent(t, email, password);
    const avatarKey = me.avatarUrl!.slice('/media/'.length);

    const noPassword = await agent.send<ErrorBody>('DELETE', '/api/me', {});
    expect(noPassword.status).toBe(401);
    expect(noPassword.body.error.field).toBe('password');
    expect((await agent.send('DELETE', '/api/me', { password: 'not my password' })).status).toBe(401);
    expect((await agent.send('DELETE', '/api/me', { password })).status).toBe(204);

    const db = t.database.db;
    expect(await db.selectFrom('accounts').select('id').where('id', '=', me.id).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('sessions').select('sid').where('account_id', '=', me.id).execute()).toHaveLength(0);
    expect((await agent.get('/api/me')).status).toBe(401);
    expect((await second.get('/api/me')).status).toBe(401);
    expect(await t.app.storage.exists(avatarKey)).toBe(false);
    expect((await fetch(`${t.baseUrl}${me.avatarUrl}`)).status).toBe(404);

    expect(await db.selectFrom('security_log').select('id').where('account_id', '=', me.id).execute()).toHaveLength(0);
    const hook = deletedByHook.find((account) => account.id === me.id);
    expect(hook?.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(hookSawAccountRowInTransaction).toBe(true);
    const anonymised = await db.selectFrom('security_log').select(['event', 'account_id']).where('anonymous_subject', '=', hook!.anonymousId).execute();
    expect(anonymised.map((row) => row.event)).toEqual(expect.arrayContaining(['sign_in.succeeded', 'account.deleted']));
    expect(anonymised.every((row) => row.account_id === null)).toBe(true);

    // The address is free again: nothing of the account remains to collide with.
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password })).status).toBe(401);
  });

  it('keeps an avatar file another account still uses', async () => {
    const image = dataUrl(await renderTestImage(424242));
    const first = await createVerifiedAccount(t.app);
    const second = await createVerifiedAccount(t.app);
    const firstAgent = await signedInAgent(t, first.email, first.password);
    const secondAgent = await signedInAgent(t, second.email, second.password);
    const key = (await firstAgent.send<Me>('PATCH', '/api/me', { avatar: image })).body.avatarUrl!.slice('/media/'.length);
    await secondAgent.send('PATCH', '/api/me', { avatar: image });
    expect((await firstAgent.send('DELETE', '/api/me', { password: first.password })).status).toBe(204);
    expect(await t.app.storage.exists(key)).toBe(true);
  });

  describe('ownership: nobody reaches another account’s data', () => {
    it('acts only on the signed-in account whatever ids the request carries', async () => {
      const alice = await withAvatar();
      const bob = await createVerifiedAccount(t.app);
      const bobAgent = await signedInAgent(t, bob.email, bob.password);

      // /api/me takes no id: a smuggled one is refused, not obeyed.
      const smuggled = await bobAgent.send<ErrorBody>('PATCH', '/api/me', { id: alice.me.id, username: 'bob_here' });
      expect(smuggled.status).toBe(400);
      expect((await bobAgent.get<Me>(`/api/me?id=${alice.me.id}`)).body.id).toBe(bob.account.id);

      const bobExport = await fetch(`${t.baseUrl}/api/me/export?id=${alice.me.id}`, { headers: { Cookie: bobAgent.cookieHeader() } });
      const json = (await readZip(Buffer.from(await bobExport.arrayBuffer()))).get('account.json')!.toString('utf8');
      expect(json).toContain(bob.email);
      expect(json).not.toContain(alice.email);
      expect(json).not.toContain(`image-of-${alice.me.id}`);

      // Routes that do take an account id are admin-only (with TOTP); a member gets 403.
      expect((await bobAgent.get(`/api/admin/accounts/${alice.me.id}/security-log`)).status).toBe(403);
      expect((await bobAgent.post(`/api/admin/accounts/${alice.me.id}/sessions/revoke`)).status).toBe(403);
      expect((await alice.agent.get('/api/me')).status).toBe(200);

      // Bob deleting his account leaves Alice's alone.
      expect((await bobAgent.send('DELETE', '/api/me', { password: bob.password, id: alice.me.id })).status).toBe(204);
      expect((await alice.agent.get<Me>('/api/me')).body.id).toBe(alice.me.id);
    });
  });
});
