import type { Aspect } from '../../artworks/aspect.ts';

/** What a provider is asked to make. The prompt goes to this provider and nowhere else. */
export interface ImageGenerationRequest {
  prompt: string;
  negativePrompt: string | null;
  /** The provider-side model name from configuration (e.g. "dall-e-3", a checkpoint name). */
  providerModel: string;
  aspect: Aspect;
  /** Pixel size chosen for the aspect from the model's configuration. */
  width: number;
  height: number;
  seed: number;
  /** Optional reference image (img2img / image edit), already validated by the media pipeline. */
  referenceImage: Buffer | null;
  /** Aborted when the job is canceled or times out; providers must stop waiting and clean up. */
  signal: AbortSignal;
}

export interface GeneratedImage {
  /** Encoded image bytes (PNG, JPEG or WebP) as returned by the provider. */
  data: Buffer;
  /** The seed the provider reports it used, when it reports one. */
  seed: number | null;
}

/**
 * One image-generation backend (OpenAI Images, AUTOMATIC1111/Forge, ComfyUI, Replicate, the
 * built-in offline renderer). Errors are thrown as ProviderError so the job runner can tell a
 * refusal (no retry) from a transient failure (retry once).
 */
export interface ImageProvider {
  readonly kind: 'openai' | 'automatic1111' | 'comfyui' | 'replicate' | 'offline';
  generate(request: ImageGenerationRequest): Promise<GeneratedImage>;
}

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    /** transient: worth one retry (timeout, 429, 5xx); permanent: refused (content policy, bad request). */
    readonly kind: 'transient' | 'permanent',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
