import { createAutomatic1111Provider } from '../providers/automatic1111-provider.ts';
import { createComfyUiProvider } from '../providers/comfyui-provider.ts';
import { DEFAULT_WORKFLOW_FILE } from '../providers/comfyui-workflow.ts';
import type { ImageProvider } from '../providers/image-provider.ts';
import { createOfflineProvider } from '../providers/offline-provider.ts';
import { createOpenAiImagesProvider } from '../providers/openai-images-provider.ts';
import { createReplicateProvider } from '../providers/replicate-provider.ts';
import { ModelConfigError, type ProviderConfig } from './model-config.ts';

/** Builds the provider a model's configuration names; secrets come from the environment, never the file. */
export function createProvider(modelId: string, config: ProviderConfig, env: NodeJS.ProcessEnv): ImageProvider {
  const secret = (name: string | undefined): string | undefined => {
    if (!name) return undefined;
    const value = env[name];
    if (!value) throw new ModelConfigError(`model "${modelId}": environment variable ${name} is not set`);
    return value;
  };
  switch (config.kind) {
    case 'openai':
      return createOpenAiImagesProvider({ baseUrl: config.baseUrl, apiKey: secret(config.apiKeyEnv), timeoutMs: config.timeoutMs, quality: config.quality });
    case 'automatic1111':
      return createAutomatic1111Provider({
        baseUrl: config.baseUrl,
        basicAuth: secret(config.basicAuthEnv),
        timeoutMs: config.timeoutMs,
        steps: config.steps,
        cfgScale: config.cfgScale,
        samplerName: config.samplerName,
        denoisingStrength: config.denoisingStrength,
      });
    case 'comfyui':
      return createComfyUiProvider({
        baseUrl: config.baseUrl,
        workflowFile: config.workflowFile ?? DEFAULT_WORKFLOW_FILE,
        timeoutMs: config.timeoutMs,
        pollIntervalMs: config.pollIntervalMs,
      });
    case 'replicate':
      return createReplicateProvider({ baseUrl: config.baseUrl, apiToken: secret(config.apiKeyEnv), timeoutMs: config.timeoutMs, pollIntervalMs: config.pollIntervalMs });
    case 'offline':
      return createOfflineProvider();
  }
}
