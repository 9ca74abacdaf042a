import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ArtworkDetail } from '../../../artworks/artwork-mappers.ts';
import type { ArtworkService } from '../../../artworks/artwork.service.ts';
import { aspectBucket } from '../../../artworks/aspect.ts';
import { NotFoundError } from '../../../errors.ts';
import { signInHref } from '../../../../web/pages/sign-in-link.ts';
import { SEED_MAX } from '../../../generation/generation-input.ts';
import type { GalleryService } from '../../../gallery/gallery.service.ts';
import type { GenerationService } from '../../../generation/generation.service.ts';
import { renderGalleryItemPage, renderOwnGalleryPage, renderPublicGalleryPage } from '../../../../web/pages/gallery-page.ts';
import { EMPTY_PREFILL, renderGeneratePage, type GeneratePrefill } from '../../../../web/pages/generate-page.ts';

const PAGE_SIZE = 24;
const generateQuerySchema = z.object({ artwork: z.string().regex(/^\d{1,18}$/).optional().catch(undefined) });
const cursorQuerySchema = z.object({ cursor: z.string().max(200).optional().catch(undefined) });
const usernameSchema = z.object({ username: z.string().regex(/^[a-z0-9_]{3,30}$/) });

function sendPrivatePage(res: Response, page: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(page);
}

/** /generate, /gallery (both signed in) and the public /u/:username pages. */
export interface GalleryPageRouterDeps {
  generations: GenerationService;
  gallery: GalleryService;
  artworks: ArtworkService;
  referenceImageMaxBytes: number;
}

export function createGalleryPageRouter({ generations, gallery, artworks, referenceImageMaxBytes }: GalleryPageRouterDeps): Router {
  const router = Router();
  const modelLabels = () => new Map(generations.listModels().map((model) => [model.id, model.label]));

  router.get('/generate', async (req, res) => {
    const { artwork: artworkId } = generateQuerySchema.parse(req.query);
    if (!req.user) return res.redirect(303, signInHref(req.originalUrl, 'generate'));
    // An unknown or removed artwork just leaves the form empty.
    const artwork = artworkId ? await artworks.getDetail(artworkId).catch(() => undefined) : undefined;
    const prefill: GeneratePrefill = artwork ? prefillFrom(artwork) : EMPTY_PREFILL;
    sendPrivatePage(res, renderGeneratePage({ models: generations.listModels(), prefill, referenceImageMaxBytes }));
  });

  router.get('/gallery', async (req, res) => {
    if (!req.user) return res.redirect(303, signInHref('/gallery'));
    const { cursor } = cursorQuerySchema.parse(req.query);
    const page = await gallery.listOwn(req.user.id, cursor, PAGE_SIZE);
    sendPrivatePage(res, renderOwnGalleryPage({ ...page, username: req.user.username, modelLabels: modelLabels() }));
  });

  router.get('/u/:username', async (req, res) => {
    const parsed = usernameSchema.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('No one here by that name');
    const { cursor } = cursorQuerySchema.parse(req.query);
    const page = await gallery.listPublic(parsed.data.username, cursor, PAGE_SIZE);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(renderPublicGalleryPage({ username: parsed.data.username, ...page, modelLabels: modelLabels() }));
  });

  router.get('/g/:id', async (req, res) => {
    const shown = await gallery.getForViewer(req.params.id, req.user?.id);
    const page = renderGalleryItemPage({ ...shown, modelLabels: modelLabels() });
    if (shown.item.visibility !== 'public') return sendPrivatePage(res, page);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page);
  });

  return router;
}

/** "Generate with this prompt" carries everything the form can take: words, shape and seed. */
function prefillFrom(artwork: ArtworkDetail): GeneratePrefill {
  const seed = Number(artwork.params.seed);
  return {
    prompt: artwork.prompt,
    negativePrompt: artwork.negativePrompt,
    aspect: aspectBucket(artwork.width, artwork.height),
    // Crawled seeds can be -1 ("random") or beyond what providers take: those are left empty.
    seed: Number.isInteger(seed) && seed >= 0 && seed <= SEED_MAX ? seed : null,
    artwork: { id: artwork.id, prompt: artwork.prompt },
  };
}
