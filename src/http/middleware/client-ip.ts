import type { Request } from 'express';

/**
 * The client's address as Express resolves it behind trusted proxies. It only ever leaves the
 * process hashed (IdentifierHasher): rate limits and the security log never see it raw.
 */
export function clientIp(req: Request): string | undefined {
  return req.ip ?? req.socket.remoteAddress;
}
