import { z } from 'zod';
import { ASPECTS } from '../artworks/aspect.ts';

/** The JSON shape of a generation job (GET /api/generations/:id and its event stream). */
export const generationResponseSchema = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'canceled']),
  model: z.string(),
  aspect: z.enum(ASPECTS),
  seed: z.number().int(),
  cost: z.number().int().describe('Credits reserved, and kept once it succeeds'),
  artworkId: z.string().nullable().describe('The artwork whose prompt it started from'),
  error: z.string().nullable(),
  galleryItemId: z.uuid().nullable().describe('The result in the gallery, once it succeeded'),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

export type GenerationResponse = z.infer<typeof generationResponseSchema>;

/** POST /api/generations: the job as queued; follow `Location` or GET /api/generations/:id. */
export const acceptedGenerationSchema = generationResponseSchema.pick({ id: true, status: true });

const perAspect = <T extends z.ZodType>(value: T) => z.object({ square: value, portrait: value, landscape: value });

/** GET /api/models: what can be generated, at what cost in credits and what size per aspect. */
export const modelListResponseSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      offline: z.boolean().describe('Rendered by the built-in offline renderer'),
      costCredits: perAspect(z.number().int()),
      sizes: perAspect(z.object({ width: z.number().int(), height: z.number().int() })),
    }),
  ),
});

export type ModelListResponse = z.infer<typeof modelListResponseSchema>;
