import * as oidc from 'openid-client';
import { Strategy, type VerifyFunctionWithRequest } from 'openid-client/passport';

export interface GoogleOidcOptions {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL + /auth/google/callback, registered with the provider. */
  callbackUrl: string;
}

/** The session key openid-client keeps the PKCE verifier and nonce under during the round trip. */
const SESSION_KEY = 'oidc:google';

/**
 * openid-client's passport strategy for Google (any OpenID provider, really: the issuer is
 * configurable so tests run the real flow against a local one). Discovery happens on first use
 * and is retried after a failure, so start-up never waits on Google.
 */
export function createGoogleOidc(options: GoogleOidcOptions, verify: VerifyFunctionWithRequest) {
  let strategy: Promise<Strategy> | undefined;

  async function discover(): Promise<Strategy> {
    const issuer = new URL(options.issuerUrl);
    // Plain http is only ever a local test provider; Google itself is https.
    const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
    const config = await oidc.discovery(issuer, options.clientId, options.clientSecret, undefined, insecure);
    return new Strategy(
      { config, name: 'google', sessionKey: SESSION_KEY, callbackURL: options.callbackUrl, scope: 'openid email profile', passReqToCallback: true },
      verify,
    );
  }

  return {
    strategy(): Promise<Strategy> {
      strategy ??= discover().catch((error: unknown) => {
        strategy = undefined;
        throw error;
      });
      return strategy;
    },
  };
}

export type GoogleOidc = ReturnType<typeof createGoogleOidc>;
