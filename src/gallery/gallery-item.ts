import { z } from 'zod';
import { ASPECTS } from '../artworks/aspect.ts';
import type { GalleryItemRow } from './gallery-tables.ts';
import type { GalleryCursor } from './gallery.repository.ts';

export type GalleryItemListing = Omit<GalleryItemRow, 'full_key' | 'thumbnail_key' | 'preview_key'>;

export type GalleryImageVariant = 'thumb' | 'preview' | 'full';

/** Images are served through the gallery routes, not /media, so a private item stays private. */
export function galleryImageUrl(id: string, variant: GalleryImageVariant): string {
  return variant === 'full' ? `/api/gallery/${id}/download` : `/api/gallery/${id}/image/${variant}`;
}

/** The JSON shape of a gallery item; the owner id and storage keys never leave the server. */
export const galleryItemResponseSchema = z.object({
  id: z.uuid(),
  visibility: z.enum(['private', 'public']),
  prompt: z.string(),
  negativePrompt: z.string().nullable(),
  model: z.string(),
  aspect: z.enum(ASPECTS),
  seed: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  placeholder: z.string().describe('A thumbhash to show while the thumbnail loads'),
  artwork: z
    .object({ id: z.string(), url: z.string(), prompt: z.string().nullable().describe('null once the artwork is no longer shown') })
    .nullable()
    .describe('The indexed artwork it was generated from'),
  thumbnailUrl: z.string(),
  previewUrl: z.string(),
  downloadUrl: z.string(),
  createdAt: z.iso.datetime(),
});

export type GalleryItemResponse = z.infer<typeof galleryItemResponseSchema>;

/** One page of a gallery, newest first; pass `nextCursor` back as `cursor` for the next. */
export const galleryPageSchema = z.object({ items: z.array(galleryItemResponseSchema), nextCursor: z.string().nullable() });

/** `artworkTitles` holds the prompts of source artworks still shown; others keep only their id. */
export function toGalleryItemResponse(row: GalleryItemListing, artworkTitles: ReadonlyMap<string, string> = new Map()): GalleryItemResponse {
  return {
    id: row.id,
    visibility: row.visibility,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    model: row.model,
    aspect: row.aspect,
    seed: Number(row.seed),
    width: row.width,
    height: row.height,
    placeholder: row.placeholder,
    artwork: row.artwork_id ? { id: row.artwork_id, url: `/a/${row.artwork_id}`, prompt: artworkTitles.get(row.artwork_id) ?? null } : null,
    thumbnailUrl: galleryImageUrl(row.id, 'thumb'),
    previewUrl: galleryImageUrl(row.id, 'preview'),
    downloadUrl: galleryImageUrl(row.id, 'full'),
    createdAt: row.created_at.toISOString(),
  };
}

/** Opaque to clients: base64url of "<ISO time>|<uuid>". */
export function encodeGalleryCursor(cursor: GalleryCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

const decodedCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function decodeGalleryCursor(value: string): GalleryCursor | undefined {
  const parsed = decodedCursorSchema.safeParse(Buffer.from(value, 'base64url').toString('utf8').split('|'));
  return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : undefined;
}
