import { z } from 'zod';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const requestsPerWindow = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(fallback));

/** The request limits' environment variables, part of src/config.ts's schema. */
export const rateLimitConfigShape = {
  /** Requests per window from one client address without a key or a signed-in session; 0 turns the limit off. */
  RATE_LIMIT_ANONYMOUS: requestsPerWindow(300),
  /** Requests per window for one API key or one signed-in account; 0 turns the limit off. */
  RATE_LIMIT_AUTHENTICATED: requestsPerWindow(1200),
  /** The length of a rate-limit window. */
  RATE_LIMIT_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(86_400).default(60)),
};
