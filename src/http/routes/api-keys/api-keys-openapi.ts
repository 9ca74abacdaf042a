import { z } from 'zod';
import { apiKeyIdSchema, createApiKeyBodySchema } from '../../../api-keys/api-key-input.ts';
import { apiKeySummarySchema, createdApiKeySchema } from '../../../api-keys/api-key-responses.ts';
import { API_KEYS_PER_ACCOUNT } from '../../../api-keys/api-key.service.ts';
import type { ApiOperation } from '../../openapi/api-operation.ts';

const TAG = 'API keys';

/** /api/me/api-keys as the OpenAPI document describes it: a signed-in session only, never a key. */
export const apiKeyOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/me/api-keys',
    tag: TAG,
    summary: 'Your API keys: name, prefix, creation and last use',
    access: 'session',
    responses: { 200: { description: 'The keys', schema: z.object({ keys: z.array(apiKeySummarySchema) }) } },
  },
  {
    method: 'post',
    path: '/api/me/api-keys',
    tag: TAG,
    summary: 'Create a named API key; its secret is in this answer only',
    access: 'session',
    body: createApiKeyBodySchema,
    responses: { 201: { description: 'The key, with its secret', schema: createdApiKeySchema } },
    errors: { 409: `At most ${API_KEYS_PER_ACCOUNT} keys per account` },
  },
  {
    method: 'delete',
    path: '/api/me/api-keys/:id',
    tag: TAG,
    summary: 'Revoke an API key: it stops working at once',
    access: 'session',
    params: apiKeyIdSchema,
    responses: { 204: { description: 'Revoked' } },
    errors: { 404: 'No API key of yours with this id (a malformed id too)' },
  },
];
