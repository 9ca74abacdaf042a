import type { z } from 'zod';

/** Reads a platform API's JSON the way the crawler reads anything (address guard, limits). */
export type ReadApiJson = <Schema extends z.ZodType>(url: string, schema: Schema, headers?: Record<string, string>) => Promise<z.output<Schema>>;

export interface HandleProofRequest {
  handle: string;
  code: string;
  /** Where to ask: the API host the handle's posts were crawled from, else the platform's own. */
  apiBaseUrl: string;
  readApiJson: ReadApiJson;
  xBearerToken?: string | undefined;
}

/** Where the code was found (a profile or a post, as a public URL), or undefined. */
export type HandleProof = (request: HandleProofRequest) => Promise<string | undefined>;
