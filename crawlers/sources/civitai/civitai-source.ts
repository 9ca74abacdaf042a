import { z } from 'zod';
import type { civitaiOptionsSchema } from '../../config/source-config.ts';
import { InvalidResponseError } from '../../net/fetch-errors.ts';
import type { Checkpoint, CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { civitaiImagesPageSchema, civitaiItemId, mapCivitaiImage } from './civitai-api.ts';

export type CivitaiOptions = z.output<typeof civitaiOptionsSchema>;

/**
 * Where a sweep stands. Images are listed newest first; a sweep walks back from the newest until
 * it meets the newest image of the previous complete sweep (`stopAtId`), so each run picks up
 * only what is new. `cursor` + `skip` locate the next unstored item inside an unfinished sweep.
 */
const sweepSchema = z.object({
  cursor: z.string().nullable(),
  skip: z.number().int().min(0),
  stopAtId: z.number().int().nullable(),
  sweepNewestId: z.number().int().nullable(),
});
type Sweep = z.infer<typeof sweepSchema>;

const FRESH_SWEEP: Sweep = { cursor: null, skip: 0, stopAtId: null, sweepNewestId: null };

export function createCivitaiSource(options: CivitaiOptions, artworkSource: string): CrawlSource {
  const site = { apiBaseUrl: options.apiBaseUrl, siteUrl: options.siteUrl ?? options.apiBaseUrl, source: artworkSource };

  function pageUrl(cursor: string | null): string {
    const url = new URL('/api/v1/images', options.apiBaseUrl);
    url.searchParams.set('limit', String(options.pageSize));
    url.searchParams.set('sort', 'Newest');
    if (options.nsfw) url.searchParams.set('nsfw', options.nsfw);
    if (options.username) url.searchParams.set('username', options.username);
    if (options.modelId) url.searchParams.set('modelId', String(options.modelId));
    if (options.modelVersionId) url.searchParams.set('modelVersionId', String(options.modelVersionId));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    return url.href;
  }

  return {
    async *read(checkpoint, { http }): AsyncGenerator<SourceEvent> {
      const stored = sweepSchema.safeParse(checkpoint);
      let sweep: Sweep = stored.success ? stored.data : FRESH_SWEEP;
      const finished = (): Checkpoint => ({ ...FRESH_SWEEP, stopAtId: sweep.sweepNewestId ?? sweep.stopAtId });

      for (;;) {
        const page = await http.getJson(pageUrl(sweep.cursor), civitaiImagesPageSchema);
        for (const [index, raw] of page.items.entries()) {
          if (index < sweep.skip) continue;
          const id = civitaiItemId(raw);
          if (id !== undefined && sweep.stopAtId !== null && id <= sweep.stopAtId) {
            yield { kind: 'position', checkpoint: finished() };
            return;
          }
          if (id !== undefined) sweep = { ...sweep, sweepNewestId: Math.max(sweep.sweepNewestId ?? id, id) };
          yield {
            kind: 'item',
            ref: id !== undefined ? `civitai:${id}` : `${pageUrl(sweep.cursor)} #${index}`,
            record: mapCivitaiImage(raw, site),
            checkpointAfter: { ...sweep, skip: index + 1 },
          };
        }
        const next = page.metadata?.nextCursor;
        if (next === undefined || next === null || next === '' || page.items.length === 0) {
          yield { kind: 'position', checkpoint: finished() };
          return;
        }
        // A cursor that does not move would list the same page forever.
        if (String(next) === sweep.cursor) throw new InvalidResponseError('The API returned the same cursor again', pageUrl(sweep.cursor));
        sweep = { ...sweep, cursor: String(next), skip: 0 };
        yield { kind: 'position', checkpoint: sweep };
      }
    },
  };
}
