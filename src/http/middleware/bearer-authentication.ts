import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyService } from '../../api-keys/api-key.service.ts';
import { ForbiddenError, UnauthenticatedError } from '../../errors.ts';
import './api-key-request.ts';

/**
 * Where a key is accepted: the owner's JSON API for search, artworks, generations, gallery and
 * credits (and the MCP endpoint). Never admin routes, account management or the keys themselves:
 * a leaked key must not be able to mint keys, change the password or delete the account.
 */
const KEY_ROUTES: { method?: string; path: RegExp }[] = [
  { path: /^\/api\/search$/ },
  { path: /^\/api\/artworks\/[^/]+$/ },
  { path: /^\/api\/models$/ },
  { path: /^\/api\/generations(\/.*)?$/ },
  { path: /^\/api\/gallery\/.+$/ },
  { path: /^\/api\/me\/gallery$/ },
  { path: /^\/api\/me\/credits$/ },
  { method: 'GET', path: /^\/api\/me$/ },
  { path: /^\/mcp$/ },
];

export function acceptsApiKey(req: Pick<Request, 'method' | 'path'>): boolean {
  return KEY_ROUTES.some((route) => route.path.test(req.path) && (!route.method || route.method === req.method || (route.method === 'GET' && req.method === 'HEAD')));
}

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

export interface BearerAuthentication {
  /** Resolves `Authorization: Bearer <key>` into req.user and req.apiKey; mount before sessions. */
  middleware: RequestHandler;
  /** Wraps a session middleware (sessions, passport, CSRF) so key-authenticated requests skip it. */
  unlessKeyAuthenticated(middleware: RequestHandler): RequestHandler;
}

export interface BearerAuthenticationDeps {
  apiKeys: Pick<ApiKeyService, 'authenticate'>;
  /** Counts a refused request against its address's rate limit (throws past it), so refusals cannot be had without end. */
  countRefused?(req: Request, res: Response): Promise<void>;
  /** Paths whose route checks a bearer token of its own (not an API key): passed through untouched. */
  ownBearerPaths?: readonly string[];
}

export function createBearerAuthentication({ apiKeys, countRefused = async () => {}, ownBearerPaths = [] }: BearerAuthenticationDeps): BearerAuthentication {
  const refuse = (req: Request, res: Response, next: NextFunction, error: Error) => {
    countRefused(req, res).then(() => {
      if (error instanceof UnauthenticatedError) res.setHeader('WWW-Authenticate', 'Bearer realm="artsift", error="invalid_token"');
      next(error);
    }, next);
  };
  return {
    middleware: (req, res, next) => {
      const header = req.get('authorization');
      if (header === undefined || ownBearerPaths.includes(req.path)) return next();
      const match = BEARER.exec(header);
      if (!match) return refuse(req, res, next, new UnauthenticatedError('Authorization must be "Bearer <API key>"', 'authorization'));
      if (!acceptsApiKey(req)) {
        return refuse(req, res, next, new ForbiddenError('API keys work on the search, artwork, generation, gallery and credits API only; this needs a signed-in session', 'authorization'));
      }
      apiKeys.authenticate(match[1]!).then((principal) => {
        if (!principal) return refuse(req, res, next, new UnauthenticatedError('Unknown or revoked API key', 'authorization'));
        req.user = principal.account;
        req.apiKey = { id: principal.keyId };
        next();
      }, next);
    },
    unlessKeyAuthenticated: (middleware) => (req, res, next) => (req.apiKey ? next() : middleware(req, res, next)),
  };
}
