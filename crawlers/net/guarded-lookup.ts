import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.ts';
import { ForbiddenAddressError, NetworkError } from './fetch-errors.ts';

/** Resolves a host name to every address it has; injectable so tests can resolve names to anything. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * A `lookup` for node:net that hands the socket only addresses the policy allows. The socket
 * connects to exactly the address checked here, so a host that answers DNS differently a moment
 * later (DNS rebinding) gains nothing.
 */
export function createGuardedLookup(policy: AddressPolicy, resolve: HostResolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const allowed = addresses.filter((entry) => policy.allows(entry.address));
        if (allowed.length === 0) {
          const seen = addresses.map((entry) => entry.address).join(', ') || 'no address';
          callback(new ForbiddenAddressError(`${hostname} resolves to ${seen}, which the crawler may not reach`, hostname), '', 4);
          return;
        }
        if (options.all) callback(null, allowed);
        else callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        callback(new NetworkError(`DNS lookup of ${hostname} failed: ${message}`, hostname), '', 4);
      },
    );
  };
}
