import { z } from 'zod';

/** The one JSON shape of every refused or failed /api request (src/http/middleware/error-handler.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    /** Stable and machine-readable: invalid_input, unauthenticated, forbidden, not_found, conflict, rate_limited… */
    code: z.string(),
    message: z.string(),
    /** The input field at fault (400), or the header (403 CSRF). */
    field: z.string().optional(),
    /** Every field at fault, when there is more than one. */
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    /** 5xx only: quote it when reporting the failure. */
    requestId: z.string().optional(),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
