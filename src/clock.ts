import { performance } from 'node:perf_hooks';

/** Time, injected so that tests can control it (expiry, business-day timers, ordering). */
export interface Clock {
  now(): Date;
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};
