import type { EnqueuedTaskPromise } from 'meilisearch';
import { z } from 'zod';

/** Settings changes and large document batches can take minutes on a big index. */
const WAIT_OPTIONS = { timeout: 10 * 60_000, interval: 50 };

const finishedTaskSchema = z.object({
  uid: z.number(),
  type: z.string(),
  status: z.string(),
  error: z.object({ message: z.string(), code: z.string() }).nullish(),
});

export class MeilisearchTaskError extends Error {
  override name = 'MeilisearchTaskError';
  constructor(
    message: string,
    /** Meilisearch's error code (e.g. invalid_search_filter), when the task failed with one. */
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Waits for a task and throws unless it succeeded: Meilisearch accepts writes at once and
 * fails them later, so an unchecked task is an error nobody sees.
 */
export async function waitForTask(
  enqueued: EnqueuedTaskPromise,
  options: { tolerateErrorCodes?: readonly string[] } = {},
): Promise<void> {
  const task = finishedTaskSchema.parse(await enqueued.waitTask(WAIT_OPTIONS));
  if (task.status === 'succeeded') return;
  const code = task.error?.code;
  if (code !== undefined && options.tolerateErrorCodes?.includes(code)) return;
  throw new MeilisearchTaskError(
    `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no error message'}`,
    code,
  );
}
