import { setTimeout as delay } from 'node:timers/promises';

/** Waits, unless the signal aborts first (then rejects with the signal's reason). */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  }
}
