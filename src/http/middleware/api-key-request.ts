/** What a request authenticated with an API key carries beside req.user (merged into Express's Request). */
export interface ApiKeyUse {
  id: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types its Request in this namespace
  namespace Express {
    interface Request {
      /** Set when `Authorization: Bearer <key>` authenticated the request; no session is read then. */
      apiKey?: ApiKeyUse;
    }
  }
}

export {};
