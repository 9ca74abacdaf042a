import { Worker } from 'node:worker_threads';
import type { ExternalChangeListener, MatchAnswer, MatchingEngine, MatchRequest } from './matching-engine.ts';
import type { MatchingWorkerData, WorkerCall, WorkerMessage, WorkerRequest } from './matching-worker-protocol.ts';
import type { WarningLog } from './search-replica.ts';

export interface WorkerMatchingEngineOptions {
  connectionString: string;
  logger?: WarningLog;
  onExternalChange?: ExternalChangeListener;
}

interface Pending {
  resolve: (answer: MatchAnswer | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * Matching in a worker thread (matching-worker.ts), so ranking runs beside the thread serving
 * HTTP instead of on it. The worker starts on first use and holds its own replica; if it dies,
 * the calls in flight fail and the next call starts a new one.
 */
export class WorkerMatchingEngine implements MatchingEngine {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerMatchingEngineOptions) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** The worker thread while one runs (diagnostics, and tests that make it fail). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  async match(request: MatchRequest): Promise<MatchAnswer> {
    const answer = await this.call({ call: 'match', request });
    if (!answer) throw new Error('the matching worker answered a search with nothing');
    return answer;
  }

  async catchUp(): Promise<void> {
    // Before the first search there is no replica to bring up to date.
    if (this.worker) await this.call({ call: 'catchUp' });
  }

  async warmUp(): Promise<void> {
    await this.call({ call: 'warmUp' });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    await this.send(worker, { call: 'close' }).catch(() => undefined);
    await worker.terminate();
  }

  private call(message: WorkerRequest): Promise<MatchAnswer | undefined> {
    if (this.closed) return Promise.reject(new Error('search engine closed'));
    return this.send(this.worker ?? this.start(), message);
  }

  private send(worker: Worker, message: WorkerRequest): Promise<MatchAnswer | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only calls in flight keep the process alive: an idle worker never holds up an exit.
      worker.ref();
      const call: WorkerCall = { ...message, id };
      worker.postMessage(call);
    });
  }

  private start(): Worker {
    const workerData: MatchingWorkerData = { connectionString: this.options.connectionString };
    // The worker registers its own TypeScript loader (matching-worker-start.mjs).
    const worker = new Worker(new URL('./matching-worker-start.mjs', import.meta.url), { workerData });
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the matching worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private receive(message: WorkerMessage): void {
    if ('event' in message) {
      if (message.event === 'externalChange') this.options.onExternalChange?.();
      else this.options.logger?.warn(message.details, message.message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.ok) pending.resolve(message.answer);
    else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
  }

  /** A dead worker fails what it was asked; the next call starts another. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
