import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { pricedCreditsSchema } from './credits/price-credits.ts';
import { rateLimitConfigShape } from './rate-limits/rate-limit-config.ts';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

function isTrustedProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Every environment variable the service reads. The README table mirrors this schema. */
export const configSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  /**
   * Which peers may tell the client address in X-Forwarded-For: unset trusts none (per-IP limits
   * count the peer itself); a number of proxy hops; or a comma-separated list of addresses, CIDR
   * ranges and the presets loopback, linklocal, uniquelocal.
   */
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((value, context): false | number | string[] => {
        if (value === undefined || value.trim() === 'false' || value.trim() === 'none') return false;
        if (/^\d{1,2}$/.test(value.trim())) return Number(value.trim());
        const entries = value.split(',').map((part) => part.trim()).filter(Boolean);
        const wrong = entries.find((entry) => !isTrustedProxyEntry(entry));
        if (wrong !== undefined) {
          context.addIssue({ code: 'custom', message: `"${wrong}" is not a hop count, an IP address, a CIDR range, loopback, linklocal or uniquelocal` });
          return z.NEVER;
        }
        return entries;
      }),
  ),
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  MEILI_URL: optionalUrl,
  /** Only used to create the app's own key scoped to MEILI_INDEX (Meilisearch's guidance: the master key manages keys). */
  MEILI_MASTER_KEY: optionalString,
  /** A key for MEILI_INDEX and MEILI_INDEX_next made by the operator; used as is, instead of the master key. */
  MEILI_API_KEY: optionalString,
  MEILI_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[a-zA-Z0-9_-]+$/).default('artworks')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  STORAGE: z.preprocess(emptyToUndefined, z.enum(['local', 's3']).default('local')),
  S3_BUCKET: optionalString,
  S3_REGION: z.preprocess(emptyToUndefined, z.string().default('us-east-1')),
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Master key of private files (32 bytes, hex or base64); unset: one generated into DATA_DIR/secrets.json. */
  STORAGE_ENCRYPTION_KEY: optionalString,
  /** Images larger than this are refused before decoding (bytes; default 25 MiB). */
  MEDIA_MAX_INPUT_BYTES: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(25 * 1024 * 1024)),
  /** Decompression-bomb guard: width × height declared by the file (default 50 megapixels). */
  MEDIA_MAX_PIXELS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(50_000_000)),
  SEARCH_CACHE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(30)),
  /** Built-in engine: rank in a worker thread beside the HTTP one ('worker'), or on it ('main'). */
  SEARCH_MATCH_IN: z.preprocess(emptyToUndefined, z.enum(['worker', 'main']).default('worker')),
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(['auto', 'never']).default('auto')),
  /** Crawler product token: sent first in the User-Agent and matched against robots.txt groups. */
  CRAWLER_USER_AGENT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/, 'must look like Name/1.0')
      .default('ArtsiftBot/0.1'),
  ),
  /** Page telling site owners what the crawler does and how to reach us (default: PUBLIC_URL/crawler). */
  CRAWLER_CONTACT_URL: optionalUrl,
  /** The crawl sources file (see crawlers/README.md); a missing file means no sources. */
  CRAWL_SOURCES_FILE: z.preprocess(emptyToUndefined, z.string().default('crawlers/sources.json')),
  /** Bearer token of the operator's X app (API v2): X sources and X creator claims need it. */
  X_BEARER_TOKEN: optionalString,
  /** on: the server process runs the crawl schedules itself; off: run `npm run worker` instead. */
  CRAWL_SCHEDULER: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('off')),
  /** Outgoing mail (smtp:// or smtps://); unset: mail is written to DATA_DIR/outbox and `npm run cli -- outbox` shows it. */
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
  /** Sender of account mail (default: artsift <no-reply@PUBLIC_URL's host>). */
  MAIL_FROM: optionalString,
  /** OpenID Connect issuer for "Sign in with Google"; configurable so tests can run a local provider. */
  GOOGLE_ISSUER_URL: z.preprocess(emptyToUndefined, z.url().default('https://accounts.google.com')),
  /** Google sign-in is offered only when both are set. */
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  /** log2 of scrypt's N for new password hashes; 17 follows OWASP. Lower it only in tests. */
  PASSWORD_HASH_COST: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(20).default(17)),
  /** Password hashes computed at once (each holds a libuv thread and 128 MB at cost 17). */
  PASSWORD_HASH_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(16).default(1)),
  /** Password hashes waiting for a slot; more answer 429 at once. */
  PASSWORD_HASH_QUEUE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1000).default(16)),
  /** How long security-log entries are kept before the daily purge removes them. */
  SECURITY_LOG_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(180)),
  /** Months of daily analytics (counts and k-anonymous queries) kept before the hourly purge removes them. */
  ANALYTICS_RETENTION_MONTHS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(120).default(13)),
  /** open: /dmca accepts notices; paused: intake answers 503 (the operator's switch, e.g. during abuse). */
  TAKEDOWN_INTAKE: z.preprocess(emptyToUndefined, z.enum(['open', 'paused']).default('open')),
  /** Most artworks one notice may name; more must be sent as several notices. */
  TAKEDOWN_MAX_ITEMS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(50)),
  /** The designated agent (17 U.S.C. §512(c)(2)) shown on /dmca. */
  DMCA_AGENT_NAME: z.preprocess(emptyToUndefined, z.string().default('Copyright Agent, artsift')),
  DMCA_AGENT_EMAIL: optionalString,
  DMCA_AGENT_ADDRESS: optionalString,
  DMCA_AGENT_PHONE: optionalString,
  /** Comma-separated private addresses a creator's profile page may be read from when verifying a claim (tests: 127.0.0.1). */
  CLAIM_ALLOW_PRIVATE_NETWORK: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((part) => part.trim()).filter(Boolean) : [])),
  ),
  /** Image models and their providers (see README); unset: the built-in offline renderer only. */
  MODELS_FILE: optionalString,
  /** on: the server process also runs generation jobs; off: only `npm run worker` does. */
  GENERATION_WORKER: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  /** Generation jobs one worker process runs at once. */
  GENERATION_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(2)),
  /** Jobs of one account running at once; the account's further jobs wait in the queue. */
  GENERATION_RUNNING_PER_USER: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /** Jobs one account may have waiting; more answer 429. */
  GENERATION_QUEUED_PER_USER: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(50)),
  /** A provider call is aborted after this long; a job active for longer (its worker died) is retried once. */
  GENERATION_JOB_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(300)),
  /** How often the queue looks for jobs whose worker died. */
  GENERATION_QUEUE_MAINTENANCE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
  /** How often idle workers poll for new jobs. */
  GENERATION_QUEUE_POLL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0.5).max(60).default(1)),
  /** Largest reference image accepted with a generation request (bytes; default 5 MiB). */
  GENERATION_REFERENCE_MAX_BYTES: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(5 * 1024 * 1024)),
  /** Credits a new account starts with (granted when the account first meets the ledger). */
  CREDITS_SIGNUP_GRANT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(10)),
  /** One-time credit packs: `name=price_id:credits,…` (Stripe price ids). */
  CREDIT_PACKS: z.preprocess(emptyToUndefined, pricedCreditsSchema),
  /** Monthly plans: `name=price_id:credits,…`; the credits are granted once per paid period. */
  CREDIT_PLANS: z.preprocess(emptyToUndefined, pricedCreditsSchema),
  /** Bearer token GET /metrics asks for; unset: /metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** Unexpected errors also go to this Sentry (or Sentry-compatible) project, scrubbed of personal data. */
  SENTRY_DSN: optionalUrl,
  /** Stripe API key; unset: checkout and portal answer 503. */
  STRIPE_SECRET_KEY: optionalString,
  /** Signing secret of the webhook endpoint (whsec_…); unset: the webhook answers 503. */
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Where the Stripe client sends API calls (its host/port/protocol options); tests point it at a local stand-in. */
  STRIPE_API_BASE_URL: optionalUrl,
  ...rateLimitConfigShape,
});

export type Config = Omit<z.infer<typeof configSchema>, 'DATA_DIR' | 'PUBLIC_URL'> & {
  DATA_DIR: string;
  PUBLIC_URL: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. Throws a ConfigError whose message is one line naming the
 * variable at fault, so start-up can print it and exit.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const parsed = result.data;
  if (parsed.STORAGE === 's3' && !parsed.S3_BUCKET) {
    throw new ConfigError('Invalid configuration: S3_BUCKET: required when STORAGE=s3');
  }
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, '');
  return { ...parsed, DATA_DIR: path.resolve(parsed.DATA_DIR), PUBLIC_URL: publicUrl };
}
