import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { importOptionsSchema } from '../../config/source-config.ts';
import { ResponseTooLargeError } from '../../net/fetch-errors.ts';
import type { CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { sourceIdFor } from '../source-id.ts';

export type ImportOptions = z.output<typeof importOptionsSchema>;

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.avif', '.tif', '.tiff']);
const MAX_LIST_BYTES = 50 * 1024 * 1024;

/** Folder imports resume after the last stored file (paths are listed in sorted order); URL lists by index. */
const folderPositionSchema = z.object({ after: z.string() });
const listPositionSchema = z.object({ index: z.number().int().min(0) });

/**
 * An operator's own collection: a local folder of images (records come from the files' embedded
 * metadata, filled in by the runner) or a list of image URLs.
 */
export function createImportSource(options: ImportOptions, artworkSource: string, maxImageBytes: number): CrawlSource {
  if (options.folder) return folderSource(options.folder, options.publicBaseUrl!, artworkSource, maxImageBytes);
  return {
    async *read(checkpoint): AsyncGenerator<SourceEvent> {
      const urls = options.urls ?? (await readUrlList(options.urlListFile!));
      const stored = listPositionSchema.safeParse(checkpoint);
      for (let index = stored.success ? stored.data.index : 0; index < urls.length; index += 1) {
        const url = urls[index]!;
        yield {
          kind: 'item',
          ref: url,
          record: { ok: true, input: { source: artworkSource, sourceId: sourceIdFor(url), postUrl: url, imageUrl: url } },
          checkpointAfter: { index: index + 1 },
        };
      }
      yield { kind: 'position', checkpoint: { index: urls.length } };
    },
  };
}

function folderSource(folder: string, publicBaseUrl: string, artworkSource: string, maxImageBytes: number): CrawlSource {
  const base = publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
  return {
    async *read(checkpoint): AsyncGenerator<SourceEvent> {
      const stored = folderPositionSchema.safeParse(checkpoint);
      const after = stored.success ? stored.data.after : '';
      const files = (await listImages(folder)).filter((file) => file > after);
      for (const relative of files) {
        const url = new URL(relative.split('/').map(encodeURIComponent).join('/'), base).href;
        yield {
          kind: 'item',
          ref: relative,
          record: { ok: true, input: { source: artworkSource, sourceId: sourceIdFor(relative), postUrl: url, imageUrl: url } },
          checkpointAfter: { after: relative },
          readImage: () => readImageFile(path.join(folder, ...relative.split('/')), url, maxImageBytes),
        };
      }
    },
  };
}

/** Every image below `folder`, as sorted '/'-separated relative paths; symlinks are not followed. */
async function listImages(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

async function readImageFile(file: string, url: string, maxBytes: number): Promise<Buffer> {
  const { size } = await stat(file);
  if (size > maxBytes) throw new ResponseTooLargeError(`The file is ${size} bytes; the limit is ${maxBytes}`, url);
  return readFile(file);
}

async function readUrlList(file: string): Promise<string[]> {
  const { size } = await stat(file);
  if (size > MAX_LIST_BYTES) throw new Error(`${file} is larger than ${MAX_LIST_BYTES} bytes`);
  return (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}
