import type { SearchDocument } from '../search-index.ts';

/**
 * The most recently shown documents, so a popular work's page entry is not read back from
 * PostgreSQL on every search. An entry lives only while this process's replica holds the
 * document unchanged: every change the replica applies (this process's writes, and other
 * processes' ones as they arrive by NOTIFY) forgets the ids it touches, and a read that raced
 * with such a change is not kept. Least recently used entries go first.
 */
export class DocumentBodyCache {
  private readonly entries = new Map<string, SearchDocument>();
  /** Bumped by every change: a read started under an older epoch may hold an old body. */
  private epoch = 0;

  constructor(private readonly capacity: number) {}

  get currentEpoch(): number {
    return this.epoch;
  }

  get(id: string): SearchDocument | undefined {
    const document = this.entries.get(id);
    if (document) {
      this.entries.delete(id);
      this.entries.set(id, document);
    }
    return document;
  }

  /** Keeps documents read from PostgreSQL, unless a change was applied since the read began. */
  keep(readAtEpoch: number, documents: readonly SearchDocument[]): void {
    if (readAtEpoch !== this.epoch || this.capacity === 0) return;
    for (const document of documents) this.entries.set(document.id, document);
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(id);
    }
  }

  forget(ids: readonly string[]): void {
    this.epoch++;
    for (const id of ids) this.entries.delete(id);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}
