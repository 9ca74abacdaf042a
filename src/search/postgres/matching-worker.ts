/**
 * The matching worker thread: holds the replica of search_documents and answers match calls
 * (worker-matching-engine.ts starts it). It opens its own small connection pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase } from '../../db/connect.ts';
import { LocalMatchingEngine } from './local-matching-engine.ts';
import type { MatchingWorkerData, WorkerCall, WorkerMessage } from './matching-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('matching-worker.ts runs as a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);

const { connectionString } = workerData as MatchingWorkerData;
// Loading reads pages one after another; catching up and LISTEN need one more each.
const db = connectDatabase(connectionString, { max: 3 });
const engine = new LocalMatchingEngine(db, {
  connectionString,
  logger: { warn: (details, message) => post({ event: 'warning', message, details: describe(details) }) },
  onExternalChange: () => post({ event: 'externalChange' }),
});

port.on('message', (message: WorkerCall) => {
  void answer(message).then(
    (reply) => post(reply),
    (error: unknown) => post({ id: message.id, ok: false, error: errorShape(error) }),
  );
});

async function answer(message: WorkerCall): Promise<WorkerMessage> {
  switch (message.call) {
    case 'match':
      return { id: message.id, ok: true, answer: await engine.match(message.request) };
    case 'catchUp':
      await engine.catchUp();
      return { id: message.id, ok: true };
    case 'warmUp':
      await engine.warmUp();
      return { id: message.id, ok: true };
    case 'close':
      await engine.close();
      await db.destroy();
      return { id: message.id, ok: true };
  }
}

function errorShape(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

/** Warning details as plain data (errors do not cross threads whole). */
function describe(details: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([key, value]) => [key, value instanceof Error ? { name: value.name, message: value.message } : value]));
}
