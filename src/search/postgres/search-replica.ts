import { sql, type Kysely } from 'kysely';
import type { Aspect } from '../../artworks/aspect.ts';
import type { Database } from '../../db/database.ts';
import { openListenConnection, type ListenConnection } from '../../db/listen-connection.ts';
import { MemoryIndex, type IndexedDocument } from '../embedded/memory-index.ts';
import { MemorySearcher } from '../embedded/memory-search.ts';
import { CHANGES_CHANNEL } from './search-tables.ts';

/** Rows read per round trip when loading or catching up. */
const PAGE_ROWS = 20_000;
/** Catch up at least this often, in case a notification was lost with its connection. */
const POLL_MS = 5_000;
const RECONNECT_MS = 5_000;
/** Past this share of replaced or deleted documents, a fresh load is cheaper than skipping them. */
const RELOAD_AT_DEAD_SHARE = 0.3;

export interface LoadedIndex {
  index: MemoryIndex;
  searcher: MemorySearcher;
}

interface ReplicaState extends LoadedIndex {
  generation: string;
  version: string;
}

interface ChangeRow {
  id: string;
  version: string;
  generation: string;
  present: boolean;
  prompt: string | null;
  keywords: string | null;
  author: string | null;
  model: string | null;
  source: string | null;
  aspect: string | null;
  nsfw: boolean | null;
  published_at: number | null;
}

/** Where the replica reports trouble it recovers from (a pino logger, or a worker's messages). */
export interface WarningLog {
  warn(details: object, message: string): void;
}

export interface SearchReplicaOptions {
  /** For LISTEN; without it, changes from other processes arrive by polling only. */
  connectionString?: string;
  logger?: WarningLog;
  /** Told after changes made by other processes were applied (result caches drop their entries). */
  onExternalChange?: () => void;
}

/**
 * This process's in-memory copy of search_documents. Loaded on first use, then kept in step:
 * every write commits with a higher version and a NOTIFY; the replica reads the rows past the
 * version it holds. A rebuild swaps in a new table under a new generation: the replica then
 * loads it whole in the background and keeps answering from the old copy until it is ready.
 */
export class SearchReplica {
  private state: ReplicaState | undefined;
  private loading: Promise<ReplicaState> | undefined;
  private catchingUp: Promise<void> | undefined;
  private catchUpAgain = false;
  private listener: ListenConnection | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private following = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SearchReplicaOptions = {},
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** The index, loading it on first use. */
  async current(): Promise<LoadedIndex> {
    if (this.state) return this.state;
    // Listening before loading: a change committed after the load's read is then never missed.
    this.loading ??= this.startFollowing().then(() => this.load()).then((state) => {
      this.state = state;
      this.loading = undefined;
      return state;
    }, (error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  /** Applies every committed change not yet applied; concurrent calls share one pass. */
  async catchUp(): Promise<void> {
    if (!this.state || this.closed) return;
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.applyChanges();
        } while (this.catchUpAgain);
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    await this.listener?.end().catch(() => undefined);
  }

  private async applyChanges(): Promise<void> {
    const state = this.state;
    if (!state) return;
    let changed = false;
    for (;;) {
      const rows = await this.readPage(state.version);
      const first = rows[0];
      if (!first) break;
      if (first.generation !== state.generation) {
        // A rebuild swapped in a new table: load it whole, keep answering from this copy meanwhile.
        this.state = await this.load();
        this.options.onExternalChange?.();
        return;
      }
      for (const row of rows) {
        if (row.present) state.index.add(toIndexedDocument(row));
        else state.index.remove(row.id);
        state.version = row.version;
      }
      changed = true;
      if (rows.length < PAGE_ROWS) break;
    }
    if (state.index.deadShare > RELOAD_AT_DEAD_SHARE && state.index.count > PAGE_ROWS) this.state = await this.load();
    if (changed) this.options.onExternalChange?.();
  }

  private async load(): Promise<ReplicaState> {
    for (;;) {
      const index = new MemoryIndex();
      const { rows } = await sql<{ generation: string }>`select generation from search_index_state`.execute(this.db);
      const generation = rows[0]?.generation ?? '0';
      let version = '0';
      let restart = false;
      for (;;) {
        if (this.closed) throw new Error('search replica closed while loading');
        const page = await this.readPage(version, true);
        if (page[0] && page[0].generation !== generation) {
          restart = true;
          break;
        }
        for (const row of page) {
          if (row.present) index.add(toIndexedDocument(row));
          version = row.version;
        }
        if (page.length < PAGE_ROWS) break;
      }
      if (restart) continue;
      index.freezeCommonWords();
      return { index, searcher: new MemorySearcher(index), generation, version };
    }
  }

  /** Changes past `version`, oldest first; the fields matching needs, extracted by PostgreSQL. */
  private async readPage(version: string, presentOnly = false): Promise<ChangeRow[]> {
    const { rows } = await sql<ChangeRow>`
      select d.id, d.version::text as version, s.generation::text as generation,
        d.document is not null as present,
        d.document->>'prompt' as prompt,
        concat_ws(' ', d.document->>'model',
          (select string_agg(tag, ' ') from jsonb_array_elements_text(d.document->'tags') as tag)) as keywords,
        concat_ws(' ', d.document->>'authorHandle', d.document->>'authorName') as author,
        d.document->>'model' as model, d.document->>'source' as source, d.document->>'aspect' as aspect,
        (d.document->>'nsfw')::boolean as nsfw, (d.document->>'publishedAt')::float8 as published_at
      from search_documents d cross join search_index_state s
      where d.version > ${version}::bigint ${presentOnly ? sql`and d.document is not null` : sql``}
      order by d.version
      limit ${PAGE_ROWS}
    `.execute(this.db);
    return rows;
  }

  private async startFollowing(): Promise<void> {
    if (this.closed || this.following) return;
    this.following = true;
    const poll = () => {
      const timer = setTimeout(() => {
        this.timers = this.timers.filter((t) => t !== timer);
        void this.catchUp()
          .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'search replica could not catch up'))
          .finally(() => {
            if (!this.closed) poll();
          });
      }, POLL_MS);
      timer.unref();
      this.timers.push(timer);
    };
    poll();
    if (this.options.connectionString) await this.listen(this.options.connectionString);
  }

  private async listen(connectionString: string): Promise<void> {
    try {
      const connection = await openListenConnection(connectionString, CHANGES_CHANNEL, {
        notification: () => {
          void this.catchUp().catch((error: unknown) => this.options.logger?.warn({ err: error }, 'search replica could not catch up'));
        },
        error: (error) => this.options.logger?.warn({ message: error.message }, 'search listener connection error'),
        end: () => {
          if (this.closed) return;
          const timer = setTimeout(() => void this.listen(connectionString), RECONNECT_MS);
          timer.unref();
          this.timers.push(timer);
        },
      });
      if (this.closed) await connection.end();
      else this.listener = connection;
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'search listener could not connect; relying on polling');
    }
  }
}

function toIndexedDocument(row: ChangeRow): IndexedDocument {
  return {
    id: row.id,
    prompt: row.prompt ?? '',
    keywords: row.keywords ?? '',
    author: row.author ?? '',
    model: row.model,
    source: row.source ?? '',
    aspect: (row.aspect ?? 'square') as Aspect,
    nsfw: row.nsfw === true,
    publishedAt: row.published_at,
  };
}
