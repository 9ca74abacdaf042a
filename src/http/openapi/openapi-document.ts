import { z } from 'zod';
import { errorBodySchema } from '../middleware/error-body.ts';
import { acceptsApiKey } from '../middleware/bearer-authentication.ts';
import { CSRF_HEADER } from '../middleware/csrf.ts';
import { UNLIMITED_PREFIXES } from '../middleware/request-middleware.ts';
import { STATE_CHANGING_METHODS, type ApiOperation, type ErrorStatus } from './api-operation.ts';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const BAD_INPUT = 'Bad input: `error.field` names the parameter or body field at fault, `error.issues` lists every one';
const NOT_SIGNED_IN = 'Not signed in';
/** draft-ietf-httpapi-ratelimit-headers, on every counted answer (middleware/request-rate-limits.ts). */
const RATE_LIMIT_HEADERS = { 'RateLimit-Policy': 'The limit that applies: `"<policy>";q=<requests>;w=<seconds>`', RateLimit: 'What is left of it: `"<policy>";r=<remaining>;t=<seconds to reset>`' };

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, as clients send it (`input`) or get it (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...converted } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    // `format: date-time` says it all; zod's 300-character pattern for it only clutters the reference.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  }) as JsonSchema;
  // "#…" references would point into the OpenAPI document's root; only cyclic schemas make them.
  if (JSON.stringify(converted).includes('"$ref":"#')) throw new Error('a documented schema must not be cyclic');
  return converted;
}

/** The OpenAPI 3.1 document of the described routes; throws when a route is described twice. */
export function buildOpenApiDocument(operations: readonly ApiOperation[], { serverUrl, version, sessionCookie }: { serverUrl: string; version: string; sessionCookie: string }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    const item = (paths[path] ??= {});
    if (item[operation.method]) throw new Error(`${operation.method.toUpperCase()} ${operation.path} is described twice`);
    item[operation.method] = describeOperation(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'artsift API',
      version,
      description: [
        'Search public AI-generated artwork, read artworks, generate images, keep a gallery, and manage an account.',
        `Signed-in routes use the session cookie of \`POST /api/auth/login\`. Every POST, PUT, PATCH and DELETE also sends the token of \`GET /api/csrf\` in the \`${CSRF_HEADER}\` header.`,
        'Scripts and assistants use an API key instead (`Authorization: Bearer <key>`, made on the account page or at `/api/me/api-keys`): no cookie and no CSRF token, on the routes whose security lists `apiKey`.',
        'Every route is rate-limited per address (anonymous) or per key or account, with `RateLimit-Policy` and `RateLimit` headers and a 429 with `Retry-After` past the limit.',
        'Every refusal has one JSON shape (`Error`); 400s name the field at fault.',
      ].join('\n\n'),
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(errorBodySchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: sessionCookie, description: 'The session cookie set by POST /api/auth/login' },
        csrfToken: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'The token of GET /api/csrf, for the same session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the account (`/api/me/api-keys`); 401 when unknown or revoked, 403 on a route that needs a session' },
      },
    },
  };
}

/** `/api/gallery/:id` → `/api/gallery/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function describeOperation(operation: ApiOperation): JsonSchema {
  const stateChanging = STATE_CHANGING_METHODS.includes(operation.method);
  const needsCsrf = stateChanging && !operation.csrfExempt;
  const parameters = [...parametersOf(operation.params, 'path'), ...parametersOf(operation.query, 'query')];
  const errors: Partial<Record<ErrorStatus, string>> = {
    ...(operation.query || operation.body ? { 400: BAD_INPUT } : {}),
    ...(operation.access === 'session' ? { 401: NOT_SIGNED_IN } : {}),
  };
  // An operation's own reason replaces the general one, but a CSRF refusal stays said (DELETE /api/me: CSRF, or Google again).
  Object.assign(errors, operation.errors);
  const csrfRefusal = `Missing or stale ${CSRF_HEADER}`;
  if (needsCsrf) errors[403] = errors[403] ? `${csrfRefusal}; or ${errors[403]}` : csrfRefusal;
  // The bearer middleware answers before any route: a bad key anywhere, a good key where only a session will do.
  const keyAccepted = acceptsApiKey({ method: operation.method.toUpperCase(), path: operation.path.replace(/:\w+/g, 'x') });
  const badKey = 'an `Authorization` header that is not a known, unrevoked API key';
  errors[401] = errors[401] ? `${errors[401]}; or ${badKey}` : `Sent ${badKey}`;
  const keyRefused = 'an API key was sent where only a signed-in session will do';
  if (!keyAccepted) errors[403] = errors[403] ? `${errors[403]}; or ${keyRefused}` : 'An API key was sent where only a signed-in session will do';
  const rateLimited = !UNLIMITED_PREFIXES.some((prefix) => operation.path.startsWith(prefix));
  if (rateLimited) errors[429] = errors[429] ? `Too many requests from this address, key or account; or ${errors[429]}` : 'Too many requests from this address, key or account';
  const failures: Record<string, string> = { ...errors, 500: 'Something failed on our side: quote `error.requestId` when reporting it' };
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers || rateLimited ? { headers: headersOf({ ...(rateLimited ? RATE_LIMIT_HEADERS : {}), ...response.headers }) } : {}),
      ...(response.schema ? { content: { 'application/json': { schema: jsonSchemaOf(response.schema, 'output') } } } : {}),
      ...(response.contentType ? { content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } } : {}),
    };
  }
  for (const [status, when] of Object.entries(failures)) {
    responses[status] = {
      description: when,
      ...(status === '429' ? { headers: headersOf({ 'Retry-After': 'Seconds to wait before trying again', ...RATE_LIMIT_HEADERS }) } : {}),
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  const signedIn = needsCsrf ? { session: [], csrfToken: [] } : { session: [] };
  const withKey = keyAccepted ? [{ apiKey: [] }] : [];
  const security =
    operation.access === 'session'
      ? [signedIn, ...withKey]
      : operation.access === 'optional-session'
        ? [{}, signedIn, ...withKey]
        : needsCsrf
          ? [{ session: [], csrfToken: [] }]
          : [{}, ...withKey];
  return {
    operationId: operationIdOf(operation),
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(operation.body, 'input') } } } } : {}),
    responses,
    security,
  };
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const converted = jsonSchemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(converted.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (converted.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function headersOf(headers: Record<string, string>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}

/** `POST /api/generations/:id/cancel` → `postGenerationsIdCancel`: stable, so client generators keep their names. */
function operationIdOf(operation: ApiOperation): string {
  const words = operation.path
    .replace(/^\/api\//, '')
    .split(/[/:\-.]+/)
    .filter(Boolean);
  return operation.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}
