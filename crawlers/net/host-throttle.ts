import { sleep } from './abortable-sleep.ts';

export interface HostLimits {
  /** Requests to one host in flight at once. */
  maxConcurrent: number;
  /** Minimum time between the starts of two requests to one host. */
  minIntervalMs: number;
}

/**
 * 'page': a request a rendered page is waiting on (its documents, scripts, data) — it goes ahead
 * of 'normal' requests (image downloads) queued for the same host, so a page is never starved
 * by the downloads of its own pictures. Spacing and the concurrency cap apply to both alike.
 */
export type RequestPriority = 'page' | 'normal';

const RANK: Record<RequestPriority, number> = { page: 0, normal: 1 };

interface Waiter {
  limits: HostLimits;
  rank: number;
  wake(): void;
}

interface HostState {
  active: number;
  /** Earliest start of the next request (spacing already reserved by earlier requests). */
  nextStartAt: number;
  /** Set from Retry-After: nobody starts a request to this host before then. */
  pausedUntil: number;
  /** robots.txt Crawl-delay, applied on top of the source's own interval. */
  crawlDelayMs: number;
  waiters: Waiter[];
}

export interface HostThrottle {
  /** Waits for a slot for `host`; call the returned function when the request is over. */
  acquire(host: string, limits: HostLimits, signal: AbortSignal, priority?: RequestPriority): Promise<() => void>;
  /** Holds every request to `host` until `untilMs` (a 429 or 503 with Retry-After). */
  pause(host: string, untilMs: number): void;
  setCrawlDelay(host: string, delayMs: number): void;
  /** The spacing between request starts to `host` now: the source's interval or robots.txt Crawl-delay. */
  spacingMs(host: string, limits: HostLimits): number;
}

/**
 * Per-host politeness shared by every run in the process, so two sources crawling the same
 * site do not add up to twice the rate: a concurrency cap and a minimum interval between
 * request starts, per host.
 */
export function createHostThrottle(now: () => number = Date.now): HostThrottle {
  const hosts = new Map<string, HostState>();

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, nextStartAt: 0, pausedUntil: 0, crawlDelayMs: 0, waiters: [] };
      hosts.set(host, state);
    }
    return state;
  };

  function wakeNext(host: string, state: HostState): void {
    const next = state.waiters[0];
    if (next && state.active < next.limits.maxConcurrent) {
      state.waiters.shift();
      next.wake();
      return;
    }
    // Forget idle hosts so a long crawl over many hosts does not grow the map forever.
    const idle = state.active === 0 && state.waiters.length === 0;
    if (idle && state.crawlDelayMs === 0 && Math.max(state.nextStartAt, state.pausedUntil) <= now()) hosts.delete(host);
  }

  async function waitForSlot(state: HostState, limits: HostLimits, signal: AbortSignal, rank: number): Promise<void> {
    if (state.active < limits.maxConcurrent && state.waiters.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        limits,
        rank,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        state.waiters.splice(state.waiters.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // First in, first out within a rank; a higher rank goes ahead of every lower one.
      const behind = state.waiters.findIndex((queued) => queued.rank > rank);
      state.waiters.splice(behind === -1 ? state.waiters.length : behind, 0, waiter);
    });
  }

  return {
    async acquire(host, limits, signal, priority = 'normal') {
      signal.throwIfAborted();
      const state = stateOf(host);
      await waitForSlot(state, limits, signal, RANK[priority]);
      state.active += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        state.active -= 1;
        wakeNext(host, state);
      };
      try {
        // Reserve a start time synchronously so concurrent callers line up one interval apart.
        const interval = Math.max(limits.minIntervalMs, state.crawlDelayMs);
        const startAt = Math.max(now(), state.nextStartAt);
        state.nextStartAt = startAt + interval;
        await sleep(startAt - now(), signal);
        while (state.pausedUntil > now()) await sleep(state.pausedUntil - now(), signal);
      } catch (error) {
        release();
        throw error;
      }
      return release;
    },

    pause(host, untilMs) {
      const state = stateOf(host);
      state.pausedUntil = Math.max(state.pausedUntil, untilMs);
    },

    setCrawlDelay(host, delayMs) {
      stateOf(host).crawlDelayMs = delayMs;
    },

    spacingMs(host, limits) {
      return Math.max(limits.minIntervalMs, hosts.get(host)?.crawlDelayMs ?? 0);
    },
  };
}
