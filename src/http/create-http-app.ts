import { randomUUID } from 'node:crypto';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.ts';
import { ADMIN_API_PREFIX, ADMIN_PAGE_PREFIX, adminGuard } from './middleware/admin-guard.ts';
import { cleanQuery } from './middleware/clean-input.ts';
import { createErrorHandler, createNotFoundHandler, type ErrorPageRenderer, type UnexpectedErrorListener } from './middleware/error-handler.ts';
import type { FeatureRoutes } from './routes/feature-routes.ts';

export interface HttpAppOptions {
  logger: Logger;
  /** One bundle per feature (src/http/routes/<feature>/), served in this order. */
  features: FeatureRoutes[];
  /** Runs first on every request, static files included: request metrics. */
  observers?: RequestHandler[];
  /** Runs before the features' public routers: API-key authentication and the rate limit of what is known by then. */
  earlyMiddleware?: RequestHandler[];
  /** Runs after the features' public routers and before their other routes: sessions, authentication, the CSRF check. */
  requestMiddleware?: RequestHandler[];
  staticDir: string;
  renderErrorPage: ErrorPageRenderer;
  /** Errors answered with a 5xx, for the errors log. */
  onUnexpectedError?: UnexpectedErrorListener;
  /** Secure cookies and HSTS only make sense behind https. */
  https: boolean;
  /** Express's `trust proxy`: TRUST_PROXY, trusting no peer by default. */
  trustProxy?: false | number | string[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function createHttpApp({ logger, features, observers = [], earlyMiddleware = [], requestMiddleware = [], staticDir, renderErrorPage, onUnexpectedError, https, trustProxy = false }: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Trusting a peer lets it name any client address, dodging per-IP limits: only what the operator lists.
  app.set('trust proxy', Array.isArray(trustProxy) ? trustProxy.join(', ') : trustProxy);
  app.set('query parser', 'simple');
  for (const observer of observers) app.use(observer);

  app.use(
    pinoHttp({
      logger,
      // Reuse a proxy's request id when it is well-formed, so one id follows a request end to end.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Paths and statuses only: no raw IPs, cookies or query strings with personal data.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https,
      crossOriginEmbedderPolicy: false,
      // Our own pages learn which page a visitor came from (analytics-hooks.ts); other sites learn nothing.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // compression 1.8 negotiates brotli as well as gzip.
  app.use(compression());
  app.use(
    '/static',
    express.static(staticDir, { maxAge: '1h', fallthrough: true, index: false, dotfiles: 'deny' }),
  );

  // Query strings of every route, pages included: NUL or a lone surrogate is a 400 naming the parameter.
  app.use(cleanQuery);
  for (const middleware of earlyMiddleware) app.use(middleware);
  for (const feature of features) if (feature.public) app.use(feature.public);
  for (const middleware of requestMiddleware) app.use(middleware);
  // One admin gate for every feature's admin pages and API, after the session is known.
  app.use(ADMIN_PAGE_PREFIX, adminGuard);
  app.use(ADMIN_API_PREFIX, adminGuard);
  for (const feature of features) app.use(feature.routes);

  app.use(createNotFoundHandler(renderErrorPage));
  app.use(createErrorHandler(renderErrorPage, onUnexpectedError));
  return app;
}
