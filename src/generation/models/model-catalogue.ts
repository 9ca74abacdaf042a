import type { Aspect } from '../../artworks/aspect.ts';
import type { ImageProvider } from '../providers/image-provider.ts';
import { ModelConfigError, parseModelsFile, type ModelConfig, type ModelsFile, type ProviderConfig } from './model-config.ts';
import { createProvider } from './provider-factory.ts';

export type CostByAspect = Record<Aspect, number>;
export type SizeByAspect = Record<Aspect, { width: number; height: number }>;

/** A model as GET /api/models shows it: no provider details, URLs or secrets. */
export interface ModelInfo {
  id: string;
  label: string;
  /** Rendered by the built-in offline provider: the UI says so. */
  offline: boolean;
  /** Whether a reference image may be sent with a request (the API answers 400 otherwise). */
  referenceImage: boolean;
  costCredits: CostByAspect;
  sizes: SizeByAspect;
}

export interface ModelCatalogue {
  list(): ModelInfo[];
  /** undefined for an unknown id (the API answers 400). */
  get(id: string): ModelInfo | undefined;
  /** The provider the model runs on; throws ModelConfigError for an unknown id. */
  providerFor(id: string): ImageProvider;
  /** The provider-side model name to put in ImageGenerationRequest.providerModel. */
  providerModelFor(id: string): string;
  sizeFor(id: string, aspect: Aspect): { width: number; height: number };
}

/** Used when no models file is configured, so generation works on a fresh machine. */
export const OFFLINE_MODELS: ModelsFile = parseModelsFile({
  models: [
    { id: 'offline-sketch', label: 'Offline preview renderer', provider: { kind: 'offline', model: 'sketch' }, costCredits: 1 },
    { id: 'offline-detailed', label: 'Offline preview renderer (detailed)', provider: { kind: 'offline', model: 'detailed' }, costCredits: 2 },
  ],
});

type Size = [number, number];
const OPENAI_SIZES: Record<string, Record<Aspect, Size>> = {
  'gpt-image-1': { square: [1024, 1024], portrait: [1024, 1536], landscape: [1536, 1024] },
  'dall-e-3': { square: [1024, 1024], portrait: [1024, 1792], landscape: [1792, 1024] },
};
const OFFLINE_SIZES: Record<Aspect, Size> = { square: [768, 768], portrait: [640, 960], landscape: [960, 640] };
/** SDXL-friendly sizes (about one megapixel, multiples of 64) for everything else. */
const GENERAL_SIZES: Record<Aspect, Size> = { square: [1024, 1024], portrait: [832, 1216], landscape: [1216, 832] };

/**
 * The configured models (or the offline ones when `file` is null). Providers are built once,
 * up front, so a missing API key is a start-up error rather than a failed job.
 */
export function createModelCatalogue(file: ModelsFile | null, env: NodeJS.ProcessEnv): ModelCatalogue {
  const entries = new Map(
    (file ?? OFFLINE_MODELS).models.map((model) => [model.id, { config: model, info: toInfo(model), provider: createProvider(model.id, model.provider, env) }]),
  );
  const entry = (id: string) => {
    const found = entries.get(id);
    if (!found) throw new ModelConfigError(`unknown model "${id}"`);
    return found;
  };
  return {
    list: () => [...entries.values()].map(({ info }) => info),
    get: (id) => entries.get(id)?.info,
    providerFor: (id) => entry(id).provider,
    providerModelFor: (id) => entry(id).config.provider.model,
    sizeFor: (id, aspect) => entry(id).info.sizes[aspect],
  };
}

function toInfo(model: ModelConfig): ModelInfo {
  const cost = model.costCredits;
  const sizes = model.sizes ?? defaultSizes(model.provider);
  const size = (aspect: Aspect) => ({ width: sizes[aspect][0], height: sizes[aspect][1] });
  return {
    id: model.id,
    label: model.label,
    offline: model.provider.kind === 'offline',
    referenceImage: acceptsReferenceImage(model.provider),
    costCredits: typeof cost === 'number' ? { square: cost, portrait: cost, landscape: cost } : { ...cost },
    sizes: { square: size('square'), portrait: size('portrait'), landscape: size('landscape') },
  };
}

function defaultSizes(provider: ProviderConfig): Record<Aspect, Size> {
  if (provider.kind === 'offline') return OFFLINE_SIZES;
  if (provider.kind === 'openai') return OPENAI_SIZES[provider.model] ?? GENERAL_SIZES;
  return GENERAL_SIZES;
}

function acceptsReferenceImage(provider: ProviderConfig): boolean {
  switch (provider.kind) {
    case 'openai':
      // Edits exist for the gpt-image models (and compatible servers), not for dall-e-3.
      return !provider.model.startsWith('dall-e');
    case 'replicate':
      return provider.acceptsReferenceImage;
    case 'comfyui':
      return false;
    case 'automatic1111':
    case 'offline':
      return true;
  }
}
