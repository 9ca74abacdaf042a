import { jsonBody } from '../../middleware/clean-input.ts';
import { Router, type Response } from 'express';
import { NotFoundError, RateLimitedError } from '../../../errors.ts';
import { generationIdSchema, generationRequestSchema } from '../../../generation/generation-input.ts';
import type { ModelListResponse } from '../../../generation/generation-response.ts';
import { TERMINAL_STATUSES, type GenerationResponse, type GenerationService } from '../../../generation/generation.service.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { parseInput } from '../../middleware/validate.ts';

/** Events are read from the database, so they reach the page whichever process runs the job. */
const EVENT_POLL_MS = 500;
/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Open event streams per account (in this process). Each holds a connection and polls the
 * database twice a second; a page needs one per running job, not hundreds.
 */
export const EVENT_STREAMS_PER_ACCOUNT = 5;

/** Another account's id and a malformed id look the same: not found. */
function generationIdOf(params: unknown): string {
  const parsed = generationIdSchema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No generation at this address');
  return parsed.data.id;
}

export interface GenerationRouterDeps {
  generations: GenerationService;
  referenceImageMaxBytes: number;
  /** Aborted when the app closes: open event streams end then. */
  closing: AbortSignal;
}

export function createGenerationRouter({ generations, referenceImageMaxBytes, closing }: GenerationRouterDeps): Router {
  const router = Router();
  // Base64 grows the reference image by a third; the rest of the body is small.
  const bodyLimit = Math.ceil((referenceImageMaxBytes * 4) / 3) + 64 * 1024;
  const openStreams = new Map<string, number>();

  router.get('/api/models', (_req, res) => {
    const body: ModelListResponse = {
      models: generations.listModels().map((model) => ({ id: model.id, label: model.label, offline: model.offline, costCredits: model.costCredits, sizes: model.sizes })),
    };
    res.json(body);
  });

  router.post('/api/generations', jsonBody({ limit: bodyLimit }), async (req, res) => {
    const account = requireAccount(req);
    const request = parseInput(generationRequestSchema, req.body);
    const accepted = await generations.accept(account.id, request);
    res.status(202).location(`/api/generations/${accepted.id}`).json(accepted);
  });

  router.get('/api/generations/:id', async (req, res) => {
    const account = requireAccount(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await generations.getOwn(account.id, generationIdOf(req.params)));
  });

  router.post('/api/generations/:id/cancel', async (req, res) => {
    const account = requireAccount(req);
    res.json(await generations.cancel(account.id, generationIdOf(req.params)));
  });

  router.get('/api/generations/:id/events', async (req, res) => {
    const account = requireAccount(req);
    const id = generationIdOf(req.params);
    // Ownership is checked before the stream opens, so a stranger gets a plain 404.
    let current = await generations.getOwn(account.id, id);
    const open = openStreams.get(account.id) ?? 0;
    if (open >= EVENT_STREAMS_PER_ACCOUNT) throw new RateLimitedError(`At most ${EVENT_STREAMS_PER_ACCOUNT} open event streams per account; close another page first`, 5);
    openStreams.set(account.id, open + 1);
    let released = false;
    // Released as soon as the client goes, not at the next poll, so a reload can open its stream at once.
    const release = () => {
      if (released) return;
      released = true;
      const left = (openStreams.get(account.id) ?? 1) - 1;
      if (left > 0) openStreams.set(account.id, left);
      else openStreams.delete(account.id);
    };
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    sendEvent(res, current);

    let closed = closing.aborted;
    const stop = () => {
      closed = true;
      release();
    };
    req.on('close', stop);
    closing.addEventListener('abort', stop, { once: true });
    let lastWrite = Date.now();
    while (!closed && !TERMINAL_STATUSES.includes(current.status)) {
      await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
      if (closed) break;
      const next = await generations.getOwn(account.id, id).catch(() => undefined);
      if (!next) break; // deleted with the account meanwhile
      if (next.status !== current.status) {
        sendEvent(res, next);
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
        res.write(': still here\n\n');
        lastWrite = Date.now();
      }
      current = next;
    }
    closing.removeEventListener('abort', stop);
    release();
    res.end();
  });

  return router;
}

function sendEvent(res: Response, generation: GenerationResponse): void {
  res.write(`event: status\ndata: ${JSON.stringify(generation)}\n\n`);
  // compression() buffers; flush so each event leaves at once.
  (res as Response & { flush?: () => void }).flush?.();
}
