import { galleryItemResponseSchema, galleryPageSchema } from '../../../gallery/gallery-item.ts';
import { generationIdSchema, generationRequestSchema } from '../../../generation/generation-input.ts';
import { acceptedGenerationSchema, generationResponseSchema, modelListResponseSchema } from '../../../generation/generation-response.ts';
import type { ApiOperation } from '../../openapi/api-operation.ts';
import { galleryIdSchema, galleryPageQuerySchema, imageVariantSchema, visibilitySchema } from './gallery.routes.ts';
import { EVENT_STREAMS_PER_ACCOUNT } from './generation.routes.ts';

const NO_GENERATION = 'No generation of yours with this id (a malformed id too)';
const NO_GALLERY_ITEM = 'No gallery item of yours with this id (a malformed id too)';
const NO_IMAGE = 'No such image, or a private one of someone else';

/** The generation and gallery API as the OpenAPI document describes it. */
export const generationOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/models',
    tag: 'Generation',
    summary: 'The image models, their cost in credits and their sizes per aspect',
    access: 'public',
    responses: { 200: { description: 'The models', schema: modelListResponseSchema } },
  },
  {
    method: 'post',
    path: '/api/generations',
    tag: 'Generation',
    summary: 'Queue an image generation; its cost in credits is reserved now and refunded if it fails',
    access: 'session',
    body: generationRequestSchema,
    responses: {
      202: { description: 'Queued', schema: acceptedGenerationSchema, headers: { Location: 'The job: GET it until it finishes, or open its event stream' } },
    },
    errors: {
      402: 'The balance does not cover the model’s cost',
      413: 'The reference image is larger than the server accepts',
      422: 'The reference image cannot be decoded',
      429: 'Too many of your jobs are already waiting',
    },
  },
  {
    method: 'get',
    path: '/api/generations/:id',
    tag: 'Generation',
    summary: 'A generation job of yours',
    access: 'session',
    params: generationIdSchema,
    responses: { 200: { description: 'The job', schema: generationResponseSchema } },
    errors: { 404: NO_GENERATION },
  },
  {
    method: 'post',
    path: '/api/generations/:id/cancel',
    tag: 'Generation',
    summary: 'Cancel a queued or running job; its credits come back',
    access: 'session',
    params: generationIdSchema,
    responses: { 200: { description: 'The canceled job (canceling twice is harmless)', schema: generationResponseSchema } },
    errors: { 404: NO_GENERATION, 409: 'The job already finished' },
  },
  {
    method: 'get',
    path: '/api/generations/:id/events',
    tag: 'Generation',
    summary: 'Server-sent events: one `status` event with the job (as GET /api/generations/:id) at each change, until it finishes',
    access: 'session',
    params: generationIdSchema,
    responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
    errors: { 404: NO_GENERATION, 429: `At most ${EVENT_STREAMS_PER_ACCOUNT} open event streams per account` },
  },
  {
    method: 'get',
    path: '/api/me/gallery',
    tag: 'Gallery',
    summary: 'Your generated images, newest first',
    access: 'session',
    query: galleryPageQuerySchema,
    responses: { 200: { description: 'One page', schema: galleryPageSchema } },
  },
  {
    method: 'patch',
    path: '/api/gallery/:id',
    tag: 'Gallery',
    summary: 'Show an image on your public gallery page, or make it private again',
    access: 'session',
    params: galleryIdSchema,
    body: visibilitySchema,
    responses: { 200: { description: 'The item', schema: galleryItemResponseSchema } },
    errors: { 404: NO_GALLERY_ITEM },
  },
  {
    method: 'delete',
    path: '/api/gallery/:id',
    tag: 'Gallery',
    summary: 'Delete an image of your gallery, files included',
    access: 'session',
    params: galleryIdSchema,
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: NO_GALLERY_ITEM },
  },
  {
    method: 'get',
    path: '/api/gallery/:id/download',
    tag: 'Gallery',
    summary: 'The full-size image, as a download: public items for anyone, private ones for their owner',
    access: 'optional-session',
    params: galleryIdSchema,
    responses: { 200: { description: 'The image', contentType: 'image/webp', headers: { 'Content-Disposition': 'attachment; filename="artsift-<id>.webp"' } } },
    errors: { 404: NO_IMAGE },
  },
  {
    method: 'get',
    path: '/api/gallery/:id/image/:variant',
    tag: 'Gallery',
    summary: 'The thumbnail or preview of an image: public items for anyone, private ones for their owner',
    access: 'optional-session',
    params: imageVariantSchema,
    responses: { 200: { description: 'The image', contentType: 'image/webp' } },
    errors: { 404: NO_IMAGE },
  },
];
