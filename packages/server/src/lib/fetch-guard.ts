/**
 * Fetching a URL someone typed (an external CAP document by its address) without letting the request reach
 * the platform's own network: the host of the URL and of every redirect is resolved and refused when any of
 * its addresses is loopback, private (RFC 1918), shared (RFC 6598), link-local (cloud metadata lives at
 * 169.254.169.254), unique-local, multicast or reserved — unless the operator named that host in an allow
 * list (a provincial platform on the 政务外网 often has a private address). Redirects are followed by hand,
 * at most `maxRedirects`, each hop checked the same way.
 *
 * What this does not stop: a name that resolves to a public address when checked and to an internal one a
 * moment later when fetched (DNS rebinding). Only users allowed to relay warnings can fetch at all.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // RFC 6598 shared address space
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6');

/** Is `address` (an IPv4 or IPv6 literal; IPv4-mapped IPv6 counts as its IPv4) not on the public internet? */
export function isInternalAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 0) throw new Error(`not an IP address: ${address}`);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return INTERNAL.check(mapped[1]!, 'ipv4');
  return INTERNAL.check(address, v === 6 ? 'ipv6' : 'ipv4');
}

/** A URL refused before (or instead of) fetching it; the message says why, in Chinese, for the user. */
export class FetchRefused extends Error {
  override readonly name = 'FetchRefused';
}

export interface GuardOptions {
  /** Hosts (`name` or `name:port`, case-insensitive) that may have internal addresses. */
  allowedHosts: readonly string[];
  maxRedirects?: number;
  fetch?: typeof fetch;
  /** Resolves a host name to all its addresses (default: the system resolver). */
  lookup?: (host: string) => Promise<string[]>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const systemLookup = async (host: string) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

async function checkHost(url: URL, o: GuardOptions): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused('只支持 http(s) 地址');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allowed = new Set(o.allowedHosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
  if (allowed.has(host) || allowed.has(url.host.toLowerCase())) return;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (o.lookup ?? systemLookup)(host);
    } catch {
      throw new FetchRefused(`无法解析域名 ${host}`);
    }
  }
  const internal = addresses.find(isInternalAddress);
  if (internal !== undefined)
    throw new FetchRefused(
      `不从本机或内网地址获取（${host} → ${internal}）；确需获取的，由管理员加入 WARNING_FETCH_ALLOWED_HOSTS`,
    );
}

/**
 * `fetch(url, init)` with every hop's host checked first; redirects followed by hand (`init.redirect` is
 * ignored). Throws `FetchRefused` for a refused host, scheme or too many redirects; other errors as fetch does.
 */
export async function guardedFetch(url: string, init: RequestInit, o: GuardOptions): Promise<Response> {
  const fetchImpl = o.fetch ?? fetch;
  const maxRedirects = o.maxRedirects ?? 5;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new FetchRefused('地址格式不正确');
  }
  for (let hop = 0; ; hop++) {
    await checkHost(current, o);
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hop >= maxRedirects) throw new FetchRefused(`重定向超过 ${maxRedirects} 次`);
    current = new URL(location, current);
  }
}
