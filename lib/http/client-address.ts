import { randomUUID } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { getEnv } from '@/lib/env';
import { addressKey, createAddressMatcher, normalizeAddress } from './ip-address';

/** Who sent a request, as far as this server can tell. */
export interface Client {
  /** What per-client limits count under: the address, or an IPv6 client's /64 network. */
  key: string;
  address: string;
  /** The request reached us, or the trusted proxy in front of us, over TLS. */
  https: boolean;
}

/**
 * The socket's address never reaches a route handler in Next.js (it keeps a client's own
 * X-Forwarded-For instead), so the server stamps it on each request as it arrives, in a header
 * signed with a secret of this process: a client can send the header, but cannot forge it.
 */
const PEER_HEADER = 'x-mps-peer';
const store = globalThis as typeof globalThis & { [key: symbol]: unknown };
const SECRET = Symbol.for('ml-practice-studio.peer-secret');
const INSTALLED = Symbol.for('ml-practice-studio.peer-stamp-installed');

function secret(): string {
  store[SECRET] ??= randomUUID();
  return store[SECRET] as string;
}

/** Writes the peer stamp into a request's headers (replacing whatever the client sent). */
export function stampPeer(headers: Record<string, string | string[] | undefined> | Headers, address: string, encrypted: boolean): void {
  const value = `${secret()} ${address} ${encrypted ? 'tls' : 'plain'}`;
  if (headers instanceof Headers) headers.set(PEER_HEADER, value);
  else headers[PEER_HEADER] = value;
}

function readPeer(headers: Headers): { address: string; encrypted: boolean } | undefined {
  const [token, rawAddress, transport] = (headers.get(PEER_HEADER) ?? '').split(' ');
  const address = rawAddress === undefined ? null : normalizeAddress(rawAddress);
  if (token !== secret() || !address) return undefined;
  return { address, encrypted: transport === 'tls' };
}

/**
 * Stamps every request this process's HTTP server receives with the socket's address, before
 * Next.js sees it (Node's `http.server.request.start` channel runs ahead of the request handler).
 * Called once at server start from instrumentation.ts.
 */
export function installPeerStamp(): void {
  if (store[INSTALLED]) return;
  store[INSTALLED] = true;
  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = socket.remoteAddress;
    if (address) stampPeer(request.headers, address, 'encrypted' in socket && socket.encrypted === true);
  });
}

const UNKNOWN: Client = { key: 'unknown', address: 'unknown', https: false };
let warned = false;

/**
 * The client of a request: the socket's address; when that is a proxy listed in TRUSTED_PROXIES,
 * the right-most address in X-Forwarded-For that is not a trusted proxy (everything left of it
 * was written by the client and proves nothing). X-Forwarded-Proto is believed from trusted
 * proxies only. Without a stamp (a request that arrived before the server finished starting),
 * every such request shares one key.
 */
export function identifyClient(headers: Headers): Client {
  const peer = readPeer(headers);
  if (!peer) {
    if (!warned) console.warn('[http] a request has no stamped client address; per-client limits count it with every other such request');
    warned = true;
    return UNKNOWN;
  }
  const trusted = trustedProxyMatcher();
  let { address } = peer;
  let https = peer.encrypted;
  if (trusted(address)) {
    address = rightMostUntrusted(headers.get('x-forwarded-for'), address, trusted);
    const proto = headers.get('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
    if (proto) https = proto === 'https';
  }
  return { key: addressKey(address), address, https };
}

/** Walks X-Forwarded-For from the right, past trusted proxies; stops at the first hop it cannot read. */
function rightMostUntrusted(forwardedFor: string | null, proxy: string, trusted: (address: string) => boolean): string {
  const hops = (forwardedFor ?? '').split(',');
  let address = proxy;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeAddress(hops[i]!);
    if (!hop) break;
    address = hop;
    if (!trusted(hop)) break;
  }
  return address;
}

let matcher: { source: unknown; matches: (address: string) => boolean } | undefined;

function trustedProxyMatcher(): (address: string) => boolean {
  const cidrs = getEnv().TRUSTED_PROXIES;
  if (matcher?.source !== cidrs) matcher = { source: cidrs, matches: createAddressMatcher(cidrs) };
  return matcher.matches;
}
