import { describe, expect, it } from 'vitest';
import { FetchRefused, guardedFetch, isInternalAddress } from './fetch-guard.ts';

describe('fetch guard', () => {
  it('internal: loopback, RFC 1918, RFC 6598, link-local, unique-local, multicast, IPv4-mapped; public is not', () => {
    for (const a of [
      '127.0.0.1',
      '10.20.30.40',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['59.42.1.1', '172.32.0.1', '8.8.8.8', '2400:3200::1', '::ffff:59.42.1.1'])
      expect(isInternalAddress(a), a).toBe(false);
  });

  it('a name resolving to an internal address is refused before any request; an allowed name is fetched', async () => {
    const asked: string[] = [];
    const fetchStub = (async (u: URL) => {
      asked.push(String(u));
      return new Response('ok');
    }) as unknown as typeof fetch;
    const lookup = async (host: string) => (host === 'intranet.example.cn' ? ['10.0.0.8'] : ['59.42.1.1']);
    await expect(
      guardedFetch('http://intranet.example.cn/a.xml', {}, { allowedHosts: [], fetch: fetchStub, lookup }),
    ).rejects.toBeInstanceOf(FetchRefused);
    expect(asked).toEqual([]);
    await guardedFetch(
      'http://INTRANET.example.cn/a.xml',
      {},
      { allowedHosts: ['intranet.example.cn'], fetch: fetchStub, lookup },
    );
    await guardedFetch('https://public.example.cn/b.xml', {}, { allowedHosts: [], fetch: fetchStub, lookup });
    expect(asked).toEqual(['http://intranet.example.cn/a.xml', 'https://public.example.cn/b.xml']);
  });

  it('follows at most maxRedirects redirects, each checked', async () => {
    let n = 0;
    const loop = (async () => {
      n += 1;
      return new Response(null, { status: 302, headers: { location: `/next${n}` } });
    }) as unknown as typeof fetch;
    const lookup = async () => ['59.42.1.1'];
    await expect(
      guardedFetch('http://a.example.cn/', {}, { allowedHosts: [], fetch: loop, lookup, maxRedirects: 3 }),
    ).rejects.toThrow('重定向超过 3 次');
    expect(n).toBe(4);
  });
});
