import type { MatchAnswer, MatchRequest } from './matching-engine.ts';

/** What the matching worker is given at start. */
export interface MatchingWorkerData {
  connectionString: string;
}

/** Calls from the serving thread, each answered once with the same `id`. */
export type WorkerCall =
  | { id: number; call: 'match'; request: MatchRequest }
  | { id: number; call: 'catchUp' }
  | { id: number; call: 'warmUp' }
  | { id: number; call: 'close' };

/** Messages from the worker: answers to calls, and news it was not asked for. */
export type WorkerMessage =
  | { id: number; ok: true; answer?: MatchAnswer }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { event: 'externalChange' }
  | { event: 'warning'; message: string; details: Record<string, unknown> };
