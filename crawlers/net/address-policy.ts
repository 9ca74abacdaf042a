import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * Which addresses the crawler may connect to. Crawled content chooses the URLs, so by default
 * only public unicast addresses are reachable; a source may open private ranges (its own LAN
 * gallery, a test server) explicitly.
 */
export type AddressClass = 'public' | 'private' | 'never';

/** Never reachable, whatever a source allows: cloud metadata, "this host", multicast, reserved. */
const NEVER = new BlockList();
NEVER.addAddress('169.254.169.254'); // AWS, GCP, Azure, OpenStack metadata
NEVER.addAddress('100.100.100.200'); // Alibaba Cloud metadata
NEVER.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
NEVER.addSubnet('0.0.0.0', 8); // "this network"; 0.0.0.0 reaches the local host on Linux
NEVER.addSubnet('224.0.0.0', 4); // multicast
NEVER.addSubnet('240.0.0.0', 4); // reserved, and 255.255.255.255 broadcast
NEVER.addAddress('::', 'ipv6'); // unspecified
NEVER.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** Not on the public internet: reachable only when the source allows it. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8);
PRIVATE.addSubnet('100.64.0.0', 10); // carrier-grade NAT
PRIVATE.addSubnet('127.0.0.0', 8); // loopback
PRIVATE.addSubnet('169.254.0.0', 16); // link-local
PRIVATE.addSubnet('172.16.0.0', 12);
PRIVATE.addSubnet('192.0.0.0', 24); // IETF protocol assignments
PRIVATE.addSubnet('192.0.2.0', 24); // documentation
PRIVATE.addSubnet('192.168.0.0', 16);
PRIVATE.addSubnet('198.18.0.0', 15); // benchmarking
PRIVATE.addSubnet('198.51.100.0', 24); // documentation
PRIVATE.addSubnet('203.0.113.0', 24); // documentation
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local
PRIVATE.addSubnet('fe80::', 10, 'ipv6'); // link-local
PRIVATE.addSubnet('100::', 64, 'ipv6'); // discard
PRIVATE.addSubnet('2001:db8::', 32, 'ipv6'); // documentation

export function classifyAddress(address: string): AddressClass {
  const reached = reachedAddress(address);
  if (!reached) return 'never';
  if (NEVER.check(reached.address, reached.family)) return 'never';
  if (PRIVATE.check(reached.address, reached.family)) return 'private';
  return 'public';
}

/** The address a connection actually reaches, with its BlockList family; undefined if not an IP. */
function reachedAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const embedded = family === 6 ? embeddedIpv4(address) : undefined;
  if (embedded && isIP(embedded) === 4) return { address: embedded, family: 'ipv4' };
  return { address, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96, written `::a.b.c.d` or, as URLs normalise
 * it, `::7f00:1`) and NAT64 (64:ff9b::/96) addresses reach the embedded IPv4 address, so they are
 * judged as that address. `::` and `::1` keep their IPv6 meaning (unspecified, loopback).
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (!groups) return undefined;
  const prefix = groups.slice(0, 6);
  const zeros = (count: number) => prefix.slice(0, count).every((group) => group === 0);
  const compatible = zeros(6) && (groups[6] !== 0 || groups[7]! > 1);
  const mapped = zeros(5) && prefix[5] === 0xffff;
  const nat64 = prefix[0] === 0x64 && prefix[1] === 0xff9b && prefix.slice(2).every((group) => group === 0);
  if (!compatible && !mapped && !nat64) return undefined;
  const [high, low] = [groups[6]!, groups[7]!];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, ...extra] = text.split('::');
  if (extra.length > 0) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const groups = [...left, ...Array<number>(Math.max(0, missing)).fill(0), ...right];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/**
 * `false`: public addresses only. `true`: private ranges too (never metadata or multicast).
 * A list: only these private addresses or CIDR ranges besides public ones, so a test server
 * on 127.0.0.1 can be crawled while a redirect to 10.0.0.1 is still refused.
 */
export const privateNetworkAllowanceSchema = z
  .union([z.boolean(), z.array(z.string().refine(isAddressOrCidr, 'an IP address or CIDR range')).max(64)])
  .default(false);
export type PrivateNetworkAllowance = z.infer<typeof privateNetworkAllowanceSchema>;

export interface AddressPolicy {
  allows(address: string): boolean;
}

export function createAddressPolicy(allowance: PrivateNetworkAllowance): AddressPolicy {
  const allowedPrivate = Array.isArray(allowance) ? blockListOf(allowance) : undefined;
  return {
    allows(address) {
      const addressClass = classifyAddress(address);
      if (addressClass === 'public') return true;
      if (addressClass === 'never') return false;
      if (allowance === true) return true;
      const reached = reachedAddress(address);
      return !!allowedPrivate && !!reached && allowedPrivate.check(reached.address, reached.family);
    },
  };
}

function blockListOf(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
