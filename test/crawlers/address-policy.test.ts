import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { classifyAddress, createAddressPolicy } from '../../crawlers/net/address-policy.ts';
import { ForbiddenAddressError } from '../../crawlers/net/fetch-errors.ts';
import { createGuardedLookup } from '../../crawlers/net/guarded-lookup.ts';

describe('classifyAddress', () => {
  it.each([
    ['93.184.215.14', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'private'],
    ['127.8.9.10', 'private'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.10.10', 'private'],
    ['::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    // IPv4-compatible (::/96), as typed and as the URL parser normalises it: judged by the IPv4 inside.
    ['::127.0.0.1', 'private'],
    ['::7f00:1', 'private'],
    ['::a9fe:a9fe', 'never'],
    ['::0808:0808', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['169.254.169.254', 'never'],
    ['fd00:ec2::254', 'never'],
    ['::ffff:169.254.169.254', 'never'],
    ['0.0.0.0', 'never'],
    ['::', 'never'],
    ['224.0.0.1', 'never'],
    ['ff02::1', 'never'],
    ['255.255.255.255', 'never'],
    ['not-an-ip', 'never'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('createAddressPolicy', () => {
  it('allows only public addresses by default', () => {
    const policy = createAddressPolicy(false);
    expect(policy.allows('93.184.215.14')).toBe(true);
    expect(policy.allows('127.0.0.1')).toBe(false);
    expect(policy.allows('192.168.0.10')).toBe(false);
  });

  it('opens private ranges when allowed, but never metadata or unspecified addresses', () => {
    const policy = createAddressPolicy(true);
    expect(policy.allows('10.1.2.3')).toBe(true);
    expect(policy.allows('::1')).toBe(true);
    expect(policy.allows('169.254.169.254')).toBe(false);
    expect(policy.allows('fd00:ec2::254')).toBe(false);
    expect(policy.allows('0.0.0.0')).toBe(false);
  });

  it('opens exactly the listed private addresses and ranges', () => {
    const policy = createAddressPolicy(['127.0.0.1', '192.168.7.0/24']);
    expect(policy.allows('127.0.0.1')).toBe(true);
    expect(policy.allows('::ffff:127.0.0.1')).toBe(true);
    expect(policy.allows('192.168.7.200')).toBe(true);
    expect(policy.allows('127.0.0.2')).toBe(false);
    expect(policy.allows('10.0.0.1')).toBe(false);
    expect(policy.allows('169.254.169.254')).toBe(false);
  });
});

describe('createGuardedLookup', () => {
  const records: Record<string, LookupAddress[]> = {
    'public.test': [{ address: '93.184.215.14', family: 4 }],
    'internal.test': [{ address: '10.0.0.1', family: 4 }],
    'metadata.test': [{ address: '169.254.169.254', family: 4 }],
    'split.test': [
      { address: '10.0.0.7', family: 4 },
      { address: '93.184.215.15', family: 4 },
    ],
  };
  const lookup = createGuardedLookup(createAddressPolicy(['127.0.0.1']), async (hostname) => records[hostname] ?? []);
  const resolve = (hostname: string) =>
    new Promise<LookupAddress[]>((done, fail) => {
      lookup(hostname, { all: true }, (error, addresses) => (error ? fail(error) : done(addresses as LookupAddress[])));
    });

  it('hands the socket public addresses', async () => {
    await expect(resolve('public.test')).resolves.toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('refuses names that resolve only to forbidden addresses', async () => {
    await expect(resolve('internal.test')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(resolve('metadata.test')).rejects.toThrow(/169\.254\.169\.254/);
  });

  it('keeps only the allowed addresses of a name that resolves to several', async () => {
    await expect(resolve('split.test')).resolves.toEqual([{ address: '93.184.215.15', family: 4 }]);
  });
});
