import { Meilisearch } from 'meilisearch';
import { provisionScopedKey } from './api-key.ts';

const REQUEST_TIMEOUT_MS = 10_000;

/** The oldest server whose API this engine matches: `/swap-indexes` takes `rename` from v1.18. */
export const MIN_SERVER_VERSION = { major: 1, minor: 18 } as const;

export interface MeilisearchConnectionOptions {
  url: string;
  /** Only used to create the app's scoped key: Meilisearch's guidance is to keep the master key for key management. */
  masterKey?: string;
  /** A key for the index and its `_next`, made by the operator; used as is, and the master key is then not needed. */
  apiKey?: string;
  indexUid: string;
}

/** Resolves the client every search and write uses: authorized by a key scoped to the index. */
export type MeilisearchClientSource = () => Promise<Meilisearch>;

/**
 * MEILI_API_KEY wins; otherwise the scoped key is fetched or created with the master key on
 * first use (and again after a failure); with neither, requests carry no key (a development
 * server started without a master key).
 */
export function meilisearchClientSource(options: MeilisearchConnectionOptions): MeilisearchClientSource {
  const connect = (apiKey: string | undefined) => new Meilisearch({ host: options.url, apiKey, timeout: REQUEST_TIMEOUT_MS });
  if (options.apiKey !== undefined || options.masterKey === undefined) {
    const client = connect(options.apiKey);
    return async () => client;
  }
  const masterKey = options.masterKey;
  let scoped: Promise<Meilisearch> | undefined;
  return () => {
    scoped ??= provisionScopedKey(connect(masterKey), options.indexUid).then(connect, (error: unknown) => {
      scoped = undefined;
      throw error;
    });
    return scoped;
  };
}

/** Refuses a server older than the API this engine speaks, with a message saying what to run instead. */
export async function assertSupportedServer(client: Meilisearch): Promise<void> {
  const { pkgVersion } = await client.getVersion();
  const [major = 0, minor = 0] = pkgVersion.split('.').map((part) => Number.parseInt(part, 10));
  const { major: needMajor, minor: needMinor } = MIN_SERVER_VERSION;
  if (major !== needMajor || minor < needMinor) {
    throw new Error(
      `Meilisearch ${pkgVersion} is not supported: this engine needs v${needMajor}.${needMinor} or a later v${needMajor}.x ` +
        '(docker-compose.yml pins the tested version)',
    );
  }
}
