import { z } from 'zod';
import type { GeneratedImage, ImageGenerationRequest, ImageProvider } from './image-provider.ts';
import { ProviderCall, decodeBase64Image, endpoint } from './provider-call.ts';

export interface Automatic1111Options {
  baseUrl: string;
  /** `user:password` as given to the WebUI's --api-auth; unset when the API is open. */
  basicAuth: string | undefined;
  timeoutMs: number;
  steps: number;
  cfgScale: number;
  samplerName: string;
  /** How far img2img may move away from the reference (0 keeps it, 1 ignores it). */
  denoisingStrength: number;
}

const generationResponseSchema = z.object({
  images: z.array(z.string().min(1)).min(1),
  /** A JSON document serialised into a string; only its seed is of interest. */
  info: z.string().optional(),
});

const infoSchema = z.object({ seed: z.number().int() });

const errorBodySchema = z.object({ detail: z.string().optional(), error: z.string().optional(), errors: z.string().optional() });

/** AUTOMATIC1111 / Forge WebUI API: txt2img, or img2img when a reference image is given. */
export function createAutomatic1111Provider(options: Automatic1111Options): ImageProvider {
  return {
    kind: 'automatic1111',
    async generate(request: ImageGenerationRequest): Promise<GeneratedImage> {
      const call = new ProviderCall('AUTOMATIC1111', request.signal, options.timeoutMs);
      const common = {
        prompt: request.prompt,
        negative_prompt: request.negativePrompt ?? '',
        seed: request.seed,
        width: request.width,
        height: request.height,
        steps: options.steps,
        cfg_scale: options.cfgScale,
        sampler_name: options.samplerName,
        batch_size: 1,
        n_iter: 1,
        override_settings: { sd_model_checkpoint: request.providerModel },
        // Switching checkpoints per request must not change the server's default for other users.
        override_settings_restore_afterwards: true,
      };
      const body = request.referenceImage
        ? { ...common, init_images: [request.referenceImage.toString('base64')], denoising_strength: options.denoisingStrength }
        : common;
      const path = request.referenceImage ? '/sdapi/v1/img2img' : '/sdapi/v1/txt2img';
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.basicAuth) headers.authorization = `Basic ${Buffer.from(options.basicAuth).toString('base64')}`;

      const response = await call.send(endpoint(options.baseUrl, path), { method: 'POST', headers, body: JSON.stringify(body) });
      await call.ensureOk(response, explainError);
      const result = await call.readJson(response, generationResponseSchema);
      return { data: decodeBase64Image(call.providerLabel, result.images[0] ?? ''), seed: seedFromInfo(result.info) };
    },
  };
}

function seedFromInfo(info: string | undefined): number | null {
  if (!info) return null;
  try {
    const parsed = infoSchema.safeParse(JSON.parse(info));
    return parsed.success ? parsed.data.seed : null;
  } catch {
    return null;
  }
}

function explainError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.errors ?? parsed.data.detail ?? parsed.data.error;
}
