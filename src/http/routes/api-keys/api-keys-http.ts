import type { ApiKeyService } from '../../../api-keys/api-key.service.ts';
import type { FeatureRoutes } from '../feature-routes.ts';
import { apiKeyOperations } from './api-keys-openapi.ts';
import { createApiKeysRouter } from './api-keys.routes.ts';

/** API keys: /api/me/api-keys for a signed-in session (the keys themselves are checked in middleware/bearer-authentication.ts). */
export function createApiKeysHttp({ apiKeys }: { apiKeys: ApiKeyService }): FeatureRoutes {
  return { routes: createApiKeysRouter({ apiKeys }), api: apiKeyOperations };
}
