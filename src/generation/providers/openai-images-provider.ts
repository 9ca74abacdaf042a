import { z } from 'zod';
import type { Aspect } from '../../artworks/aspect.ts';
import type { GeneratedImage, ImageGenerationRequest, ImageProvider } from './image-provider.ts';
import { ProviderError } from './image-provider.ts';
import { ProviderCall, decodeBase64Image, endpoint, imageMimeType } from './provider-call.ts';

export interface OpenAiImagesOptions {
  /** Without `/v1`; any OpenAI-compatible server works. */
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  /** Passed through when set (gpt-image-1: low|medium|high|auto; dall-e-3: standard|hd). */
  quality?: string | undefined;
}

/** The sizes each OpenAI model accepts; other (compatible) models get the configured pixel size. */
const SIZES_BY_MODEL: Record<string, Record<Aspect, string>> = {
  'gpt-image-1': { square: '1024x1024', portrait: '1024x1536', landscape: '1536x1024' },
  'dall-e-3': { square: '1024x1024', portrait: '1024x1792', landscape: '1792x1024' },
};

const imagesResponseSchema = z.object({
  data: z
    .array(z.object({ b64_json: z.string().min(1).optional(), url: z.url().optional() }))
    .min(1),
});

const errorBodySchema = z.object({
  error: z.object({ message: z.string(), type: z.string().nullish(), code: z.string().nullish() }),
});

/** OpenAI Images API: generations, or edits when a reference image is given. */
export function createOpenAiImagesProvider(options: OpenAiImagesOptions): ImageProvider {
  return {
    kind: 'openai',
    async generate(request: ImageGenerationRequest): Promise<GeneratedImage> {
      const call = new ProviderCall('OpenAI Images', request.signal, options.timeoutMs);
      const size = SIZES_BY_MODEL[request.providerModel]?.[request.aspect] ?? `${request.width}x${request.height}`;
      const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
      const response = request.referenceImage
        ? await call.send(endpoint(options.baseUrl, '/v1/images/edits'), {
            method: 'POST',
            headers,
            body: editForm(request, request.referenceImage, size, options.quality),
          })
        : await call.send(endpoint(options.baseUrl, '/v1/images/generations'), {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(generationBody(request, size, options.quality)),
          });
      await call.ensureOk(response, explainError);
      const body = await call.readJson(response, imagesResponseSchema);
      const first = body.data[0];
      if (first?.b64_json) return { data: decodeBase64Image(call.providerLabel, first.b64_json), seed: null };
      // Compatible servers may ignore response_format and answer with a URL instead.
      if (first?.url) return { data: await call.download(first.url, { redirect: 'follow' }), seed: null };
      throw new ProviderError('OpenAI Images answered without image data', 'permanent');
    },
  };
}

function generationBody(request: ImageGenerationRequest, size: string, quality: string | undefined) {
  // gpt-image models always answer in base64 and reject response_format.
  const asksForBase64 = !request.providerModel.startsWith('gpt-image');
  return {
    model: request.providerModel,
    prompt: request.prompt,
    n: 1,
    size,
    ...(asksForBase64 ? { response_format: 'b64_json' } : {}),
    ...(quality ? { quality } : {}),
  };
}

function editForm(request: ImageGenerationRequest, reference: Buffer, size: string, quality: string | undefined): FormData {
  const form = new FormData();
  const type = imageMimeType(reference);
  const extension = type.split('/')[1] ?? 'png';
  form.append('image', new Blob([new Uint8Array(reference)], { type }), `reference.${extension}`);
  form.append('model', request.providerModel);
  form.append('prompt', request.prompt);
  form.append('n', '1');
  form.append('size', size);
  if (quality) form.append('quality', quality);
  return form;
}

function explainError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, code } = parsed.data.error;
  return code ? `${message} (${code})` : message;
}
