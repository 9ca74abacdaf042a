import { MeilisearchTaskTimeOutError, type EnqueuedTaskPromise, type Meilisearch } from 'meilisearch';
import { z } from 'zod';

/** Large document batches can take minutes on a big index, behind other queued tasks. */
const WRITE_WAIT_MS = 10 * 60_000;
const POLL_INTERVAL_MS = 50;

const finishedTaskSchema = z.object({
  uid: z.number(),
  type: z.string(),
  status: z.enum(['succeeded', 'failed', 'canceled']),
  error: z.object({ message: z.string(), code: z.string() }).nullish(),
});
export type FinishedTask = z.infer<typeof finishedTaskSchema>;

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
 * Waits for a task and throws unless it succeeded (or failed with a tolerated code):
 * Meilisearch accepts writes at once and fails them later, so an unchecked task is an error
 * nobody sees. Resolves with the finished task.
 */
export async function waitForTask(
  enqueued: EnqueuedTaskPromise,
  options: { tolerateErrorCodes?: readonly string[] } = {},
): Promise<FinishedTask> {
  const task = finishedTaskSchema.parse(await enqueued.waitTask({ timeout: WRITE_WAIT_MS, interval: POLL_INTERVAL_MS }));
  return checkSucceeded(task, options.tolerateErrorCodes);
}

export type TaskOutcome = { status: 'succeeded' } | { status: 'still-running'; taskUid: number };

/**
 * Waits up to `waitMs` for a task that may legitimately take longer (a settings change
 * re-indexes every document). Still running then is not a failure: the caller reports it and
 * the task goes on in Meilisearch. A finished task that did not succeed throws.
 */
export async function waitForTaskOrRunning(client: Meilisearch, taskUid: number, waitMs: number): Promise<TaskOutcome> {
  try {
    const task = await client.tasks.waitForTask(taskUid, { timeout: waitMs, interval: POLL_INTERVAL_MS });
    checkSucceeded(finishedTaskSchema.parse(task));
    return { status: 'succeeded' };
  } catch (error) {
    if (error instanceof MeilisearchTaskTimeOutError) return { status: 'still-running', taskUid };
    throw error;
  }
}

function checkSucceeded(task: FinishedTask, tolerateErrorCodes: readonly string[] = []): FinishedTask {
  if (task.status === 'succeeded') return task;
  const code = task.error?.code;
  if (code !== undefined && tolerateErrorCodes.includes(code)) return task;
  throw new MeilisearchTaskError(
    `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no error message'}`,
    code,
  );
}
