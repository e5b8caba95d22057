import { describe, expect, it } from 'vitest';
import { chooseEncoding, matchesEntityTag } from './document.ts';

describe('content negotiation of JSON documents', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br, zstd', 'br'], // Chromium
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['*', 'br'],
    ['*;q=0', null],
    ['gzip;q=0.5, *;q=0', 'gzip'],
    ['GZIP', 'gzip'],
  ] as const)('Accept-Encoding %j → %j', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('If-None-Match matches the tag, in a list, weakly, or *', () => {
    const tag = '"abc"';
    expect(matchesEntityTag(undefined, tag)).toBe(false);
    expect(matchesEntityTag('"abc"', tag)).toBe(true);
    expect(matchesEntityTag('W/"abc"', tag)).toBe(true);
    expect(matchesEntityTag('"x", "abc"', tag)).toBe(true);
    expect(matchesEntityTag('*', tag)).toBe(true);
    expect(matchesEntityTag('"abcd"', tag)).toBe(false);
    expect(matchesEntityTag('abc', tag)).toBe(false);
  });
});
