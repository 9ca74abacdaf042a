import { createCrawlService, type CrawlService } from '../../../../crawlers/crawl.service.ts';
import type { SourceConfig } from '../../../../crawlers/config/source-config.ts';
import { renderTestImage, startTestApp, type TestApp } from '../../../support/test-app.ts';
import { sendBytes, type FixtureServer } from '../../support/fixture-server.ts';

export const TEST_X_TOKEN = 'test-bearer-token';

export interface SocialHarness {
  testApp: TestApp;
  crawl: CrawlService;
  close(): Promise<void>;
}

/** The real app with X_BEARER_TOKEN set, and a crawl service over the given sources. */
export async function startSocialHarness(sources: SourceConfig[], env: Record<string, string> = {}): Promise<SocialHarness> {
  const testApp = await startTestApp({ X_BEARER_TOKEN: TEST_X_TOKEN, ...env });
  const { app } = testApp;
  const crawl = createCrawlService({ db: app.db, artworks: app.artworks, logger: app.logger, config: app.config, blocklist: app.takedowns.crawlBlocklist, http: app.crawlerHttp, sources });
  return { testApp, crawl, close: () => testApp.close() };
}

let imageSeed = 1_000;

/** Serves a fresh picture at `/media/<name>.png` and returns its URL. */
export async function serveImage(server: FixtureServer, name: string, bytes?: Buffer): Promise<string> {
  const image = bytes ?? (await renderTestImage((imageSeed += 7), 200, 160));
  server.route(`/media/${name}.png`, sendBytes('image/png', image));
  return `${server.origin}/media/${name}.png`;
}

/** Stored rows of one artworks.source, oldest first, with what attribution and the reader filled in. */
export function socialRows(harness: SocialHarness, source: string) {
  return harness.testApp.app.db
    .selectFrom('artworks')
    .select(['id', 'source_id', 'post_url', 'image_url', 'author_handle', 'author_name', 'author_url', 'prompt', 'negative_prompt', 'description', 'model', 'params', 'tags', 'nsfw', 'takedown_state', 'thumbnail_key'])
    .where('source', '=', source)
    .orderBy('id')
    .execute();
}
