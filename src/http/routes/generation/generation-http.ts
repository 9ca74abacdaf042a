import type { ArtworkService } from '../../../artworks/artwork.service.ts';
import type { Generation } from '../../../generation/compose-generation.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createGalleryPageRouter } from './gallery-pages.routes.ts';
import { createGalleryRouter } from './gallery.routes.ts';
import { generationOperations } from './generation-openapi.ts';
import { createGenerationRouter } from './generation.routes.ts';

export interface GenerationHttpDeps {
  generation: Pick<Generation, 'generations' | 'gallery'>;
  artworks: ArtworkService;
  referenceImageMaxBytes: number;
  /** Aborted when the app closes: open event streams end then. */
  closing: AbortSignal;
}

/** Generation and galleries: the jobs API with its event streams, the gallery API, /generate, /gallery and /u/:username. */
export function createGenerationHttp({ generation, artworks, referenceImageMaxBytes, closing }: GenerationHttpDeps): FeatureRoutes {
  const { generations, gallery } = generation;
  return {
    routes: combineRouters(
      createGenerationRouter({ generations, referenceImageMaxBytes, closing }),
      createGalleryRouter(gallery),
      createGalleryPageRouter({ generations, gallery, artworks, referenceImageMaxBytes }),
    ),
    api: generationOperations,
  };
}
