import { z } from 'zod';

/** A key as listed: never the secret, only its visible prefix. */
export const apiKeySummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to tell keys apart'),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('To the minute'),
});

export type ApiKeySummary = z.infer<typeof apiKeySummarySchema>;

/** POST /api/me/api-keys: the new key with its secret, shown this once. */
export const createdApiKeySchema = apiKeySummarySchema.extend({ key: z.string().describe('The whole key: in this answer only, never again') });

export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
