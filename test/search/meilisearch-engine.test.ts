import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { describe } from 'vitest';
import { MeilisearchSearchIndex } from '../../src/search/meilisearch/meilisearch-search-index.ts';
import { describeSearchContract } from './search-contract.ts';

const url = process.env.MEILI_URL;

// The only skip in the suite: there is no Meilisearch to talk to unless MEILI_URL names one.
describe.skipIf(!url)('meilisearch engine', () => {
  describeSearchContract('meilisearch', async () => {
    const client = new Meilisearch({ host: url ?? '', apiKey: process.env.MEILI_MASTER_KEY });
    const uid = `artsift_test_${randomBytes(6).toString('hex')}`;
    return {
      index: new MeilisearchSearchIndex(client, uid),
      async close() {
        for (const name of [uid, `${uid}_next`]) await client.deleteIndex(name).waitTask();
      },
    };
  });
});
