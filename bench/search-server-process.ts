/** Starts bench/search-server.ts as a child process and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { serverReadySchema, serverReportSchema } from './search-server.ts';

const SERVER_FILE = fileURLToPath(new URL('./search-server.ts', import.meta.url));

export type ServerReady = z.output<typeof serverReadySchema>;
export type ServerReport = z.output<typeof serverReportSchema>;

export interface SearchServerProcess {
  ready: ServerReady;
  report(): Promise<ServerReport>;
  stop(): Promise<void>;
}

/** Forks the server on the benchmark's DATA_DIR; resolves once it has reindexed and listens. */
export async function startSearchServer(env: NodeJS.ProcessEnv): Promise<SearchServerProcess> {
  const child = fork(SERVER_FILE, [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)], env, stdio: 'inherit' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = serverReadySchema.parse(await nextMessage(child));
    return {
      ready,
      async report() {
        child.send({ type: 'report' });
        return serverReportSchema.parse(await nextMessage(child));
      },
      async stop() {
        if (child.connected) child.send({ type: 'stop' });
        await exited;
      },
    };
  } catch (error) {
    if (child.exitCode === null) child.kill();
    throw error;
  }
}

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`the search server exited (code ${code}) before answering`));
    };
    const onMessage = (message: unknown) => {
      child.off('exit', onExit);
      resolve(message);
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
