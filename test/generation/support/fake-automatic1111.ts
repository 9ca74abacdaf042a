import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderTestImage } from '../../support/test-app.ts';

/** What the fake does with its next txt2img call; `until` answers (an image) once the promise settles. */
export type FakeBehaviour = 'ok' | 'hang' | 'server-error' | 'refuse' | { delayMs: number } | { until: Promise<unknown> };

export interface FakeAutomatic1111 {
  baseUrl: string;
  /** Behaviours for the coming calls, in order; after them every call succeeds. */
  script(...behaviours: FakeBehaviour[]): void;
  calls(): number;
  /** Resolves when the fake has received its `count`-th call (counted since it started). */
  called(count: number): Promise<void>;
  close(): Promise<void>;
}

/** AUTOMATIC1111's POST /sdapi/v1/txt2img on 127.0.0.1: `{images: [base64], info: JSON string}`. */
export async function startFakeAutomatic1111(): Promise<FakeAutomatic1111> {
  let pending: FakeBehaviour[] = [];
  let count = 0;
  const hanging = new Set<ServerResponse>();
  const waiters: { count: number; resolve: () => void }[] = [];

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const chunk of req) void chunk;
    if (req.url !== '/sdapi/v1/txt2img') return void res.writeHead(404).end();
    count += 1;
    for (const waiter of waiters.filter((entry) => entry.count <= count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const behaviour = pending.shift() ?? 'ok';
    if (behaviour === 'hang') {
      hanging.add(res);
      return;
    }
    if (behaviour === 'server-error') return void res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'CUDA out of memory' }));
    if (behaviour === 'refuse') return void res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ detail: 'prompt refused' }));
    if (typeof behaviour === 'object' && 'until' in behaviour) await behaviour.until;
    else if (typeof behaviour === 'object') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const image = await renderTestImage(count, 256, 256);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ images: [image.toString('base64')], info: JSON.stringify({ seed: 77 }) }));
  }

  const server: Server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script: (...behaviours) => (pending = behaviours),
    calls: () => count,
    called: (target) => (count >= target ? Promise.resolve() : new Promise((resolve) => void waiters.push({ count: target, resolve }))),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A models file with one AUTOMATIC1111 model ("local-sd", 3 credits) at the fake. */
export function automatic1111Models(baseUrl: string) {
  return { models: [{ id: 'local-sd', label: 'Local SD', provider: { kind: 'automatic1111', baseUrl, model: 'sd_xl_base_1.0', timeoutMs: 60_000 }, costCredits: 3 }] };
}
