import type { MatchAnswer, MatchRequest } from './matching-engine.ts';

/** What the matching worker is given at start. */
export interface MatchingWorkerData {
  connectionString: string;
}

/** What the serving thread asks of the worker. */
export type WorkerRequest = { call: 'match'; request: MatchRequest } | { call: 'catchUp' } | { call: 'warmUp' } | { call: 'close' };

/** A request as sent: answered once, with the same `id`. */
export type WorkerCall = WorkerRequest & { id: number };

/** Messages from the worker: answers to calls, and news it was not asked for. */
export type WorkerMessage =
  | { id: number; ok: true; answer?: MatchAnswer }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { event: 'externalChange' }
  | { event: 'warning'; message: string; details: Record<string, unknown> };
