/**
 * Why a crawler request did not produce a usable response. `retryable` tells the retry loop
 * whether another attempt could succeed; everything else fails the item (or the listing) at once.
 */
export abstract class FetchError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The host resolves to an address the crawler must not reach (private, loopback, metadata…). */
export class ForbiddenAddressError extends FetchError {
  readonly retryable = false;
}

/** Not http(s), credentials in the URL, or otherwise not something the crawler fetches. */
export class ForbiddenUrlError extends FetchError {
  readonly retryable = false;
}

export class RobotsDisallowedError extends FetchError {
  readonly retryable = false;
}

/** robots.txt could not be read (5xx, network): RFC 9309 says to assume everything is disallowed. */
export class RobotsUnavailableError extends FetchError {
  readonly retryable = false;
}

export class TooManyRedirectsError extends FetchError {
  readonly retryable = false;
}

export class ResponseTooLargeError extends FetchError {
  readonly retryable = false;
}

export class NotAnImageError extends FetchError {
  readonly retryable = false;
}

/** The body is not what the source expects (bad JSON, wrong shape, not a feed). */
export class InvalidResponseError extends FetchError {
  readonly retryable = false;
}

export class HttpStatusError extends FetchError {
  readonly retryable: boolean;
  constructor(
    url: string,
    readonly status: number,
    /** Milliseconds the server asked us to wait (Retry-After), when it did. */
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`, url);
    this.retryable = status === 429 || status === 408 || (status >= 500 && status !== 501);
  }
}

/** Connection reset, DNS failure, timeout, truncated body: worth another try. */
export class NetworkError extends FetchError {
  readonly retryable = true;
}
