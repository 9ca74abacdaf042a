import { renderTestImage } from '../../support/test-app.ts';
import { sendBytes, sendJson, type FixtureServer } from './fixture-server.ts';

export interface CivitaiFixtureItem {
  id: number;
  username: string;
  nsfwLevel: string;
  meta: Record<string, unknown> | null;
  /** What /img/<id>.png answers: the rendered PNG unless a test swaps it (broken image, same bytes…). */
  image: Buffer;
}

/**
 * A Civitai-format images API on a fixture server: newest first, `limit` and `cursor` as the
 * real one reads them, `metadata.nextCursor` until the last page, images under /img/<id>.png.
 */
export class CivitaiFixture {
  readonly items: CivitaiFixtureItem[] = [];
  readonly pageRequests: string[] = [];

  constructor(private readonly server: FixtureServer) {
    server.route('/api/v1/images', (_request, response, url) => {
      this.pageRequests.push(url.search);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const cursor = url.searchParams.get('cursor');
      const newestFirst = [...this.items].sort((a, b) => b.id - a.id);
      const start = cursor === null ? 0 : newestFirst.findIndex((item) => item.id <= Number(cursor));
      const page = start === -1 ? [] : newestFirst.slice(start, start + limit);
      const next = start === -1 ? undefined : newestFirst[start + limit];
      sendJson({
        items: page.map((item) => this.apiItem(item)),
        metadata: next ? { nextCursor: String(next.id) } : {},
      })(_request, response, url);
    });
  }

  /** Adds items with ids from `firstId` upwards; each gets its own image. */
  async add(count: number, firstId: number, overrides: Partial<CivitaiFixtureItem> = {}): Promise<CivitaiFixtureItem[]> {
    const added: CivitaiFixtureItem[] = [];
    for (let offset = 0; offset < count; offset += 1) {
      const id = firstId + offset;
      const item: CivitaiFixtureItem = {
        id,
        username: `artist${id % 3}`,
        nsfwLevel: 'None',
        meta: { prompt: `a lighthouse number ${id} at dusk`, negativePrompt: 'blurry', Model: 'SDXL 1.0', sampler: 'Euler a', seed: id * 7, steps: 30, cfgScale: 6.5, Size: '256x256' },
        image: await renderTestImage(id, 256, 256),
        ...overrides,
      };
      this.items.push(item);
      this.serveImage(item);
      added.push(item);
    }
    return added;
  }

  serveImage(item: CivitaiFixtureItem): void {
    this.server.route(`/img/${item.id}.png`, (request, response, url) => sendBytes('image/png', item.image)(request, response, url));
  }

  private apiItem(item: CivitaiFixtureItem) {
    return {
      id: item.id,
      url: `${this.server.origin}/img/${item.id}.png`,
      hash: 'UABCDEF',
      width: 256,
      height: 256,
      nsfwLevel: item.nsfwLevel,
      nsfw: item.nsfwLevel !== 'None',
      createdAt: new Date(Date.UTC(2026, 0, 1) + item.id * 60_000).toISOString(),
      postId: item.id * 10,
      username: item.username,
      baseModel: 'SDXL 1.0',
      stats: { likeCount: 1 },
      meta: item.meta,
    };
  }
}
