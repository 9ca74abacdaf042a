import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { ProviderError } from './image-provider.ts';

/** Largest image or JSON body accepted from a provider; a runaway response is an error, not an OOM. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Provider error text is surfaced to the user; keep it short. */
const MAX_DETAIL_CHARS = 300;

/**
 * One generation's conversation with a provider: every request shares one deadline and the
 * caller's abort signal, and every failure comes out as a ProviderError naming the provider.
 */
export class ProviderCall {
  readonly signal: AbortSignal;

  constructor(
    readonly providerLabel: string,
    readonly callerSignal: AbortSignal,
    readonly timeoutMs: number,
  ) {
    this.signal = AbortSignal.any([callerSignal, AbortSignal.timeout(timeoutMs)]);
  }

  /** fetch() with the shared deadline; network failures, timeouts and aborts become ProviderErrors. */
  async send(url: string | URL, init: RequestInit = {}): Promise<Response> {
    this.throwIfStopped();
    try {
      // Redirects are refused unless a caller opts in: an API answer should not send us elsewhere.
      return await fetch(url, { redirect: 'error', ...init, signal: this.signal });
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** Reads a JSON body and validates it; anything unexpected is permanent (retrying gets the same). */
  async readJson<Schema extends z.ZodType>(response: Response, schema: Schema): Promise<z.infer<Schema>> {
    const text = (await this.readBody(response)).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ProviderError(`${this.providerLabel} answered with malformed JSON`, 'permanent', { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'response';
      throw new ProviderError(`${this.providerLabel} answered with an unexpected response (${where}: ${issue?.message ?? 'invalid'})`, 'permanent', {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  async readBody(response: Response): Promise<Buffer> {
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_RESPONSE_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw new ProviderError(`${this.providerLabel} response is too large`, 'permanent');
    }
    let body: Buffer;
    try {
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw this.failure(error);
    }
    if (body.length > MAX_RESPONSE_BYTES) throw new ProviderError(`${this.providerLabel} response is too large`, 'permanent');
    return body;
  }

  /** Throws for a non-2xx answer, with the provider's own explanation when it gives one. */
  async ensureOk(response: Response, explain: (body: unknown) => string | undefined = () => undefined): Promise<void> {
    if (response.ok) return;
    const text = (await this.readBody(response).catch(() => Buffer.alloc(0))).toString('utf8');
    let detail: string | undefined;
    try {
      detail = explain(JSON.parse(text));
    } catch {
      detail = undefined;
    }
    detail = (detail ?? text).trim().slice(0, MAX_DETAIL_CHARS);
    const kind = isTransientStatus(response.status) ? 'transient' : 'permanent';
    throw new ProviderError(`${this.providerLabel} answered ${response.status}${detail ? `: ${detail}` : ''}`, kind);
  }

  /** Downloads a finished image (GET, 2xx, non-empty). */
  async download(url: string | URL, init: RequestInit = {}): Promise<Buffer> {
    const response = await this.send(url, init);
    await this.ensureOk(response);
    const data = await this.readBody(response);
    if (data.length === 0) throw new ProviderError(`${this.providerLabel} returned an empty image`, 'permanent');
    return data;
  }

  /** Waits between polls, ending early (with a ProviderError) on timeout or abort. */
  async pause(ms: number): Promise<void> {
    try {
      await delay(ms, undefined, { signal: this.signal });
    } catch (error) {
      throw this.failure(error);
    }
  }

  throwIfStopped(): void {
    if (this.signal.aborted) throw this.failure(this.signal.reason);
  }

  /**
   * A caller that aborts with a ProviderError as the reason (e.g. its own job timeout) gets that
   * error back, so it decides the kind; any other abort is a cancel: permanent, reason as cause.
   * Our own deadline and network failures are transient.
   */
  failure(error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    if (this.callerSignal.aborted) return abortFailure(this.providerLabel, this.callerSignal);
    if (this.signal.aborted) {
      return new ProviderError(`${this.providerLabel} did not finish within ${this.timeoutMs} ms`, 'transient', { cause: error });
    }
    return new ProviderError(`${this.providerLabel} could not be reached`, 'transient', { cause: error });
  }
}

/** The error for a request whose caller aborted it (see ProviderCall.failure). */
export function abortFailure(providerLabel: string, signal: AbortSignal): ProviderError {
  const reason: unknown = signal.reason;
  if (reason instanceof ProviderError) return reason;
  return new ProviderError(`${providerLabel} request was aborted`, 'permanent', { cause: reason });
}

/** 408 request timeout, 425 too early, 429 rate limited and every 5xx are worth retrying. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Joins a configured base URL (with or without a path or trailing slash) and an API path. */
export function endpoint(baseUrl: string, apiPath: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(apiPath.replace(/^\/+/, ''), base);
}

/** Decodes a base64 image from a JSON response; empty or undecodable data is a malformed response. */
export function decodeBase64Image(providerLabel: string, encoded: string): Buffer {
  const withoutDataUri = encoded.replace(/^data:[^,]*,/, '');
  const data = Buffer.from(withoutDataUri, 'base64');
  if (data.length === 0) throw new ProviderError(`${providerLabel} returned an empty image`, 'permanent');
  return data;
}

/** The reference image's type from its first bytes, for multipart uploads and data URIs. */
export function imageMimeType(data: Buffer): string {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return 'application/octet-stream';
}
