import { z } from 'zod';
import type { Aspect } from '../../artworks/aspect.ts';
import type { GeneratedImage, ImageGenerationRequest, ImageProvider } from './image-provider.ts';
import { ProviderError } from './image-provider.ts';
import { ProviderCall, endpoint, imageMimeType } from './provider-call.ts';

export interface ReplicateOptions {
  baseUrl: string;
  apiToken: string | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
}

const ASPECT_RATIOS: Record<Aspect, string> = { square: '1:1', portrait: '2:3', landscape: '3:2' };

const predictionSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  output: z.union([z.url(), z.array(z.url()), z.null()]).optional(),
  error: z.unknown().optional(),
  urls: z.object({ get: z.url().optional(), cancel: z.url().optional() }).loose().optional(),
});
type Prediction = z.infer<typeof predictionSchema>;

const errorBodySchema = z.object({ detail: z.string().optional(), title: z.string().optional() });

/**
 * Replicate predictions. The provider model is `owner/name` (the model's current version) or
 * `owner/name:version` / a bare version id (a pinned version).
 */
export function createReplicateProvider(options: ReplicateOptions): ImageProvider {
  const authorization: Record<string, string> = options.apiToken ? { authorization: `Bearer ${options.apiToken}` } : {};

  return {
    kind: 'replicate',
    async generate(request: ImageGenerationRequest): Promise<GeneratedImage> {
      const call = new ProviderCall('Replicate', request.signal, options.timeoutMs);
      const { path, version } = createPath(request.providerModel);
      const input = {
        prompt: request.prompt,
        ...(request.negativePrompt ? { negative_prompt: request.negativePrompt } : {}),
        aspect_ratio: ASPECT_RATIOS[request.aspect],
        seed: request.seed,
        ...(request.referenceImage ? { image: dataUri(request.referenceImage) } : {}),
      };
      const response = await call.send(endpoint(options.baseUrl, path), {
        method: 'POST',
        // Prefer: wait holds the connection until the prediction finishes (or Replicate's limit), saving polls.
        headers: { ...authorization, 'content-type': 'application/json', prefer: 'wait' },
        body: JSON.stringify(version ? { version, input } : { input }),
      });
      await call.ensureOk(response, explainError);
      let prediction = await call.readJson(response, predictionSchema);

      try {
        while (prediction.status === 'starting' || prediction.status === 'processing') {
          await call.pause(options.pollIntervalMs);
          const polled = await call.send(pollUrl(options.baseUrl, prediction), { headers: authorization });
          await call.ensureOk(polled, explainError);
          prediction = await call.readJson(polled, predictionSchema);
        }
      } catch (error) {
        if (call.signal.aborted) await cancelPrediction(options.baseUrl, prediction.id, authorization);
        throw error;
      }

      if (prediction.status !== 'succeeded') {
        const reason = typeof prediction.error === 'string' ? `: ${prediction.error.slice(0, 300)}` : '';
        throw new ProviderError(`Replicate prediction ${prediction.status}${reason}`, 'permanent');
      }
      const outputUrl = Array.isArray(prediction.output) ? prediction.output[0] : prediction.output;
      if (!outputUrl) throw new ProviderError('Replicate prediction succeeded without an output', 'permanent');
      // Output files live on a delivery host: no API token goes with the download.
      return { data: await call.download(outputUrl, { redirect: 'follow' }), seed: request.seed };
    },
  };
}

function createPath(providerModel: string): { path: string; version?: string } {
  const [model, version] = providerModel.split(':');
  if (version) return { path: '/v1/predictions', version };
  if (model?.includes('/')) {
    const [owner, name] = model.split('/');
    return { path: `/v1/models/${encodeURIComponent(owner ?? '')}/${encodeURIComponent(name ?? '')}/predictions` };
  }
  return { path: '/v1/predictions', version: providerModel };
}

/** urls.get is used only when it points at the configured API, so the token never goes elsewhere. */
function pollUrl(baseUrl: string, prediction: Prediction): URL {
  const fallback = endpoint(baseUrl, `/v1/predictions/${encodeURIComponent(prediction.id)}`);
  const offered = prediction.urls?.get ? new URL(prediction.urls.get) : undefined;
  return offered && offered.origin === fallback.origin ? offered : fallback;
}

/** Best effort, on its own short deadline: the caller's signal has already fired. */
async function cancelPrediction(baseUrl: string, id: string, authorization: Record<string, string>): Promise<void> {
  await fetch(endpoint(baseUrl, `/v1/predictions/${encodeURIComponent(id)}/cancel`), {
    method: 'POST',
    headers: authorization,
    signal: AbortSignal.timeout(5_000),
  }).then(
    (response) => response.body?.cancel(),
    () => undefined,
  );
}

function dataUri(image: Buffer): string {
  return `data:${imageMimeType(image)};base64,${image.toString('base64')}`;
}

function explainError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? (parsed.data.detail ?? parsed.data.title) : undefined;
}
