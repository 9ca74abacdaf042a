import { z } from 'zod';

export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'give the key a name').max(60, 'at most 60 characters'),
});

export const apiKeyIdSchema = z.object({ id: z.uuid() });
