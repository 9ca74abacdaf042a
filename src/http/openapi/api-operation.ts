import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone; anyone, with more for a signed-in caller; or a signed-in account only. */
export type ApiAccess = 'public' | 'optional-session' | 'session';

/** The statuses the error mapper (middleware/error-handler.ts) answers with, besides 500. */
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 451 | 503;

export interface ApiResponse {
  description: string;
  /** The JSON body; absent for 204 and for the bodies `contentType` names. */
  schema?: z.ZodType;
  /** A body that is not JSON: an image, a zip archive, an event stream. */
  contentType?: string;
  /** Response headers worth knowing, by name: what each says. */
  headers?: Record<string, string>;
}

/**
 * One JSON API route as the OpenAPI document describes it. Each feature's HTTP bundle lists its
 * routes next to the routers that serve them, with the same zod schemas those routers parse
 * input with, so the description cannot drift from what is checked.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** As Express spells it: `/api/gallery/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: ApiAccess;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Authenticated another way (a payment provider's signature): no CSRF token. */
  csrfExempt?: boolean;
  responses: Record<number, ApiResponse>;
  /**
   * Refusals beyond those every route of its kind has (400 for a bad query or body, 401 without a
   * session where one is required, 403 without a CSRF token on a state change): status → when.
   * A malformed path parameter is a 400 on some routes and a 404 on others: each says which.
   */
  errors?: Partial<Record<ErrorStatus, string>>;
}

export const STATE_CHANGING_METHODS: readonly HttpMethod[] = ['post', 'put', 'patch', 'delete'];
