import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** identifyClient for a request from `peer` (as the server stamps it) with `headers`, and TRUSTED_PROXIES=`trusted`. */
async function clientOf(peer: string | undefined, headers: Record<string, string> = {}, trusted = '', tls = false) {
  vi.stubEnv('TRUSTED_PROXIES', trusted);
  vi.resetModules();
  const { identifyClient, stampPeer } = await import('@/lib/http/client-address');
  const h = new Headers(headers);
  if (peer) stampPeer(h, peer, tls);
  return identifyClient(h);
}

describe('identifyClient without trusted proxies', () => {
  it('is the socket address, whatever forwarding headers the client writes', async () => {
    const spoofed = { 'x-forwarded-for': '1.2.3.4, 5.6.7.8', 'x-real-ip': '9.9.9.9', forwarded: 'for=1.1.1.1', 'x-forwarded-proto': 'https' };
    expect(await clientOf('203.0.113.9', spoofed)).toEqual({ key: '203.0.113.9', address: '203.0.113.9', https: false });
  });

  it('reads an IPv4 address written as IPv6 as IPv4, and keys IPv6 clients by their /64', async () => {
    expect((await clientOf('::ffff:203.0.113.9')).key).toBe('203.0.113.9');
    const a = await clientOf('2001:db8:abcd:12:1111:2222:3333:4444');
    const b = await clientOf('2001:0db8:abcd:0012::9');
    expect(a.key).toBe('2001:db8:abcd:12::/64');
    expect(b.key).toBe(a.key);
    expect((await clientOf('2001:db8:abcd:13::1')).key).not.toBe(a.key);
  });

  it('says https only when the connection itself was TLS', async () => {
    expect((await clientOf('203.0.113.9', {}, '', true)).https).toBe(true);
  });

  it('cannot be forged: a client writing the stamp header itself gets the shared unknown key', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const forged = await clientOf(undefined, { 'x-mps-peer': 'guess 10.0.0.1 tls' });
    expect(forged).toEqual({ key: 'unknown', address: 'unknown', https: false });
  });
});

describe('identifyClient behind trusted proxies', () => {
  it('takes the right-most address that is not a trusted proxy', async () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.3' };
    expect((await clientOf('10.0.0.2', headers, '10.0.0.0/8')).address).toBe('198.51.100.7');
  });

  it('ignores what the client put in front of the chain (spoofed left-most entries)', async () => {
    const one = await clientOf('10.0.0.2', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' }, '10.0.0.0/8');
    const two = await clientOf('10.0.0.2', { 'x-forwarded-for': '2.2.2.2, 198.51.100.7' }, '10.0.0.0/8');
    expect(one.key).toBe('198.51.100.7');
    expect(two.key).toBe(one.key);
  });

  it('believes forwarding headers only from a listed proxy', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' };
    expect(await clientOf('192.0.2.1', headers, '10.0.0.0/8')).toMatchObject({ address: '192.0.2.1', https: false });
    expect(await clientOf('10.0.0.2', headers, '10.0.0.0/8')).toMatchObject({ address: '198.51.100.7', https: true });
  });

  it('stops at an entry that is not an address, and uses the proxy when there is no header', async () => {
    expect((await clientOf('10.0.0.2', { 'x-forwarded-for': 'garbage, 10.0.0.3' }, '10.0.0.0/8')).address).toBe('10.0.0.3');
    expect((await clientOf('10.0.0.2', {}, '10.0.0.0/8')).address).toBe('10.0.0.2');
    expect((await clientOf('::1', { 'x-forwarded-for': '2001:db8::5' }, '::1')).key).toBe('2001:db8:0:0::/64');
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or CIDR, naming it', async () => {
    const { parseEnv } = await import('@/lib/env');
    expect(() => parseEnv({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.local' })).toThrow(/TRUSTED_PROXIES.*"proxy\.local" is not an IP address or CIDR/);
    expect(() => parseEnv({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(parseEnv({ TRUSTED_PROXIES: '127.0.0.1, fd00::/8' }).TRUSTED_PROXIES).toEqual([
      { network: '127.0.0.1', prefix: 32, family: 'ipv4' },
      { network: 'fd00:0:0:0:0:0:0:0', prefix: 8, family: 'ipv6' },
    ]);
  });
});
