import type { Readable } from 'node:stream';
import type { Db } from '../db/connect.ts';
import { NotFoundError } from '../errors.ts';
import type { GalleryVisibility } from './gallery-tables.ts';
import type { Logger } from '../logger.ts';
import { MEDIA_CONTENT_TYPE, mediaKeyFor, mediaUrl } from '../media/media-keys.ts';
import type { MediaService } from '../media/media.service.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { ImageAdapter } from '../media/image-adapter.ts';
import { decodeGalleryCursor, encodeGalleryCursor, toGalleryItemResponse, type GalleryImageVariant, type GalleryItemResponse } from './gallery-item.ts';
import {
  deleteGalleryItemOfOwner,
  findGalleryItem,
  findPublicProfile,
  findShownArtworkPrompts,
  findUsernameOfAccount,
  listGalleryItemsForAccount,
  updateGalleryItemVisibility,
} from './gallery.repository.ts';
import { deleteUnreferencedMedia } from './media-key-usage.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A generated image stored (full size, preview, thumbnail) but not yet recorded in a gallery. */
export interface StoredGalleryImage {
  fullKey: string;
  thumbnailKey: string;
  previewKey: string;
  width: number;
  height: number;
  placeholder: string;
}

export interface GalleryPage {
  items: GalleryItemResponse[];
  nextCursor: string | null;
}

/** A public page also shows its owner's avatar and how many images they share. */
export interface PublicGalleryPage extends GalleryPage {
  avatarUrl: string | null;
  publicCount: number;
}

export interface GalleryImage {
  body: Readable;
  size: number;
  contentType: string;
  visibility: GalleryVisibility;
}

export type GalleryService = ReturnType<typeof createGalleryService>;

export function createGalleryService(deps: { db: Db; storage: MediaStorage; media: MediaService; images: Pick<ImageAdapter, 'fullSizeWebp'>; logger: Logger }) {
  const { db, storage, media, logger } = deps;
  const notFound = () => new NotFoundError('No gallery item at this address');

  async function listPage(accountId: string, publicOnly: boolean, cursor: string | undefined, limit: number): Promise<GalleryPage> {
    const after = cursor === undefined ? undefined : decodeGalleryCursor(cursor);
    // One extra row tells whether there is a next page without a count query.
    const rows = await listGalleryItemsForAccount(db, accountId, { publicOnly, limit: limit + 1, ...(after ? { after } : {}) });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const titles = await findShownArtworkPrompts(db, [...new Set(page.flatMap((row) => (row.artwork_id ? [row.artwork_id] : [])))]);
    return {
      items: page.map((row) => toGalleryItemResponse(row, titles)),
      nextCursor: rows.length > limit && last ? encodeGalleryCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }

  async function releaseFiles(keys: string[]): Promise<void> {
    try {
      await deleteUnreferencedMedia(db, (unused) => media.delete(unused), keys);
    } catch (error) {
      logger.warn({ err: error }, 'could not delete gallery files');
    }
  }

  return {
    /** Validates the provider's bytes through the media pipeline and stores every size. */
    async storeGeneratedImage(image: Buffer): Promise<StoredGalleryImage> {
      const ingested = await media.ingestImage(image, { private: true });
      const full = await deps.images.fullSizeWebp(image);
      const fullKey = mediaKeyFor('private', full);
      if (!(await storage.exists(fullKey))) await storage.put(fullKey, full, MEDIA_CONTENT_TYPE);
      return { fullKey, thumbnailKey: ingested.thumbnailKey, previewKey: ingested.previewKey, width: ingested.width, height: ingested.height, placeholder: ingested.placeholder };
    },

    releaseFiles,

    listOwn: (accountId: string, cursor: string | undefined, limit: number) => listPage(accountId, false, cursor, limit),

    async listPublic(username: string, cursor: string | undefined, limit: number): Promise<PublicGalleryPage> {
      const profile = await findPublicProfile(db, username);
      if (!profile) throw new NotFoundError('No one here by that name');
      const page = await listPage(profile.id, true, cursor, limit);
      return { ...page, avatarUrl: profile.avatar_key ? mediaUrl(profile.avatar_key) : null, publicCount: Number(profile.public_count ?? 0) };
    },

    /** One item for its own page: public ones for anyone, private ones for their owner only. */
    async getForViewer(id: string, viewerAccountId: string | undefined): Promise<{ item: GalleryItemResponse; ownerUsername: string | null; ownedByViewer: boolean }> {
      const row = UUID.test(id) ? await findGalleryItem(db, id) : undefined;
      const ownedByViewer = row !== undefined && row.account_id === viewerAccountId;
      if (!row || (row.visibility !== 'public' && !ownedByViewer)) throw new NotFoundError('No image at this address');
      const [titles, ownerUsername] = await Promise.all([
        findShownArtworkPrompts(db, row.artwork_id ? [row.artwork_id] : []),
        findUsernameOfAccount(db, row.account_id),
      ]);
      return { item: toGalleryItemResponse(row, titles), ownerUsername, ownedByViewer };
    },

    async setVisibility(accountId: string, id: string, visibility: GalleryVisibility): Promise<GalleryItemResponse> {
      const row = await updateGalleryItemVisibility(db, id, accountId, visibility);
      if (!row) throw notFound();
      return toGalleryItemResponse(row);
    },

    /** Row first, files right after: once the row is gone nothing links to the files. */
    async delete(accountId: string, id: string): Promise<void> {
      const deleted = await deleteGalleryItemOfOwner(db, id, accountId);
      if (!deleted) throw notFound();
      await releaseFiles([deleted.full_key, deleted.thumbnail_key, deleted.preview_key]);
    },

    /** An image of a public item, or of the viewer's own; anything else is a 404, never a 403. */
    async openImage(viewerId: string | undefined, id: string, variant: GalleryImageVariant): Promise<GalleryImage> {
      const item = await findGalleryItem(db, id);
      if (!item || (item.visibility !== 'public' && item.account_id !== viewerId)) throw notFound();
      const key = variant === 'full' ? item.full_key : variant === 'preview' ? item.preview_key : item.thumbnail_key;
      const object = await storage.get(key);
      if (!object) throw notFound();
      return { ...object, visibility: item.visibility };
    },
  };
}
