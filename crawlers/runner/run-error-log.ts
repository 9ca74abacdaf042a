import type { CrawlRunError } from '../crawl-tables.ts';

const MAX_MESSAGE_CHARS = 500;

/**
 * The run's error list, bounded: the first `max - 1` errors are kept as they are, and one last
 * entry says how many more there were. Messages may quote crawled text: cut, never interpreted.
 */
export function createRunErrorLog(max: number, now: () => Date = () => new Date()) {
  const kept: CrawlRunError[] = [];
  let dropped = 0;
  return {
    add(error: { message: string; item?: string | undefined; url?: string | undefined }): void {
      if (kept.length >= max - 1) {
        dropped += 1;
        return;
      }
      kept.push({
        at: now().toISOString(),
        message: error.message.slice(0, MAX_MESSAGE_CHARS),
        ...(error.item ? { item: error.item.slice(0, 200) } : {}),
        ...(error.url ? { url: error.url.slice(0, 500) } : {}),
      });
    },
    entries(): CrawlRunError[] {
      if (dropped === 0) return [...kept];
      return [...kept, { at: now().toISOString(), message: `${dropped} more errors not listed` }];
    },
  };
}

export type RunErrorLog = ReturnType<typeof createRunErrorLog>;
