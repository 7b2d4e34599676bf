import net from 'node:net';

export type AddressFamily = 'ipv4' | 'ipv6';

export interface Cidr {
  network: string;
  prefix: number;
  family: AddressFamily;
}

/**
 * An IP address in one canonical spelling, or null when `text` is not one: brackets and an IPv6
 * zone are dropped, and an IPv4 address written as IPv6 (`::ffff:1.2.3.4`) becomes `1.2.3.4`.
 */
export function normalizeAddress(text: string): string | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  const address = mapped ? mapped[1]! : bare;
  const version = net.isIP(address);
  if (version === 4) return address;
  if (version === 6) return expandIpv6(address).join(':');
  return null;
}

export function familyOf(address: string): AddressFamily {
  return net.isIPv4(address) ? 'ipv4' : 'ipv6';
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, ipv4Tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * The key a client is counted under: its IPv4 address, or the /64 network of its IPv6 address
 * (one subscriber usually holds a whole /64, so single IPv6 addresses cost nothing to change).
 */
export function addressKey(address: string): string {
  if (familyOf(address) === 'ipv4') return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

/** `10.0.0.0/8`, `fd00::/8` or a single address; null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const [rawNetwork, rawPrefix, ...rest] = text.trim().split('/');
  if (rest.length > 0 || rawNetwork === undefined) return null;
  const network = normalizeAddress(rawNetwork);
  if (!network) return null;
  const family = familyOf(network);
  const max = family === 'ipv4' ? 32 : 128;
  if (rawPrefix === undefined) return { network, prefix: max, family };
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > max) return null;
  return { network, prefix: Number(rawPrefix), family };
}

/** Whether an address lies in any of `cidrs`. */
export function createAddressMatcher(cidrs: readonly Cidr[]): (address: string) => boolean {
  if (cidrs.length === 0) return () => false;
  const list = new net.BlockList();
  for (const cidr of cidrs) list.addSubnet(cidr.network, cidr.prefix, cidr.family);
  return (address) => list.check(address, familyOf(address));
}
