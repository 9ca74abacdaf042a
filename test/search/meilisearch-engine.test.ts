import { Meilisearch } from 'meilisearch';
import { describe } from 'vitest';
import { scopedKeyUid } from '../../src/search/meilisearch/api-key.ts';
import { createMeilisearchIndex } from '../../src/search/meilisearch/meilisearch-search-index.ts';
import { describeSearchContract, uniqueWord } from './search-contract.ts';

const url = process.env.MEILI_URL;
const masterKey = process.env.MEILI_MASTER_KEY || undefined;
const apiKey = process.env.MEILI_API_KEY || undefined;

// The only skip in the suite: there is no Meilisearch to talk to unless MEILI_URL names one
// (README: "Running the Meilisearch contract suite").
describe.skipIf(!url)('meilisearch engine', () => {
  describeSearchContract('meilisearch', async () => {
    // An index of its own per run; with only a master key, the engine makes its scoped key for it.
    const uid = `artsift_test_${uniqueWord()}`;
    const admin = new Meilisearch({ host: url ?? '', apiKey: masterKey ?? apiKey });
    return {
      index: createMeilisearchIndex({ url: url ?? '', masterKey, apiKey, indexUid: uid }),
      async close() {
        for (const name of [uid, `${uid}_next`]) await admin.deleteIndex(name).waitTask();
        if (masterKey && !apiKey) await admin.deleteKey(scopedKeyUid(uid)).catch(() => undefined);
      },
    };
  }, {
    'spreads-near-identical-prompts': 'no key for a prompt family is stored, and Meilisearch can only fold one (distinctAttribute), not spread',
  });
});
