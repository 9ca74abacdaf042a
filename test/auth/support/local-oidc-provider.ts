import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK } from 'oidc-provider';

/** Who "Google" says is signing in when the next interaction happens. */
export interface OidcIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
}

export interface LocalOidcProvider {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** The identity the next login interaction signs in. */
  signInAs(identity: OidcIdentity): void;
  /** How many login interactions ran (each prompt=login makes one). */
  logins: number;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (the `oidc-provider` package) on 127.0.0.1 standing in for Google.
 * Its login and consent screens are replaced by a handler that signs in whoever the test set
 * with signInAs(), so the authorization code flow (PKCE, ID token signature, nonce) is real.
 */
export async function startLocalOidcProvider({ redirectUri }: { redirectUri: string }): Promise<LocalOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'artsift-test';
  const clientSecret = 'artsift-test-secret-that-is-long-enough';
  const identities = new Map<string, OidcIdentity>();
  let next: OidcIdentity | undefined;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuerUrl, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['local-oidc-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // Like Google: the email claims come in the ID token itself, not only from userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const identity = identities.get(sub);
      return identity ? { accountId: sub, claims: () => ({ ...identity }) } : undefined;
    },
  });

  const result = {
    issuerUrl,
    clientId,
    clientSecret,
    logins: 0,
    signInAs(identity: OidcIdentity) {
      identities.set(identity.sub, identity);
      next = identity;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!next) throw new Error('signInAs() was not called');
      result.logins += 1;
      await provider.interactionFinished(req, res, { login: { accountId: next.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId });
    grant.addOIDCScope('openid email profile');
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    void callback(req, res);
  });
  return result;
}
