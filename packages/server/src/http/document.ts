/**
 * Sends an {@link EncodedDocument}: `304 Not Modified` when the client already holds it (`If-None-Match`),
 * else the body, compressed with Brotli or gzip when the client accepts either. A document a service
 * hands out again from its cache (the same object) is compressed once per encoding, not per request:
 * 50,000 map points are ~8 MB of JSON and ~1.3 MB compressed.
 *
 * `Cache-Control: private, no-cache`: the browser may keep the answer but asks every time (the layer
 * follows every write at once); the entity tag of a layer names its jurisdiction and filter, so another
 * user in the same browser never gets a 304 for someone else's layer.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EncodedDocument } from '../lib/document.ts';

type Encoding = 'br' | 'gzip';

/** Below this the encoding costs more than it saves. */
const MIN_COMPRESS = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compressed bodies by document (and so dropped with it). */
const encoded = new WeakMap<EncodedDocument, Map<Encoding, Promise<Buffer>>>();

function compress(doc: EncodedDocument, encoding: Encoding): Promise<Buffer> {
  const byEncoding = encoded.get(doc) ?? new Map<Encoding, Promise<Buffer>>();
  encoded.set(doc, byEncoding);
  let body = byEncoding.get(encoding);
  if (!body) {
    const text = typeof doc.body === 'string' ? Buffer.from(doc.body, 'utf8') : Buffer.from(doc.body);
    // Quality 5 / level 6: a fifth of the size at tens of MB/s, on the thread pool (not the event loop).
    body =
      encoding === 'br'
        ? brotli(text, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
              [zlib.constants.BROTLI_PARAM_MODE]:
                typeof doc.body === 'string'
                  ? zlib.constants.BROTLI_MODE_TEXT
                  : zlib.constants.BROTLI_MODE_GENERIC,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.length,
            },
          })
        : gzip(text, { level: 6 });
    byEncoding.set(encoding, body);
    body.catch(() => byEncoding.delete(encoding)); // a failure is not remembered
  }
  return body;
}

/** The encoding to use for an `Accept-Encoding` header: Brotli, else gzip, else none (q=0 refuses). */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => accepted.get(name) ?? (accepted.get('*') || 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/** Whether `If-None-Match` names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEntityTag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export async function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  doc: EncodedDocument,
): Promise<FastifyReply> {
  void reply
    .header('etag', doc.etag)
    .header('cache-control', 'private, no-cache')
    .header('vary', 'accept-encoding');
  if (matchesEntityTag(request.headers['if-none-match'], doc.etag)) return reply.code(304).send();
  void reply.type(doc.type);
  const size = typeof doc.body === 'string' ? doc.body.length : doc.body.byteLength;
  const encoding = size >= MIN_COMPRESS ? chooseEncoding(request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(typeof doc.body === 'string' ? doc.body : Buffer.from(doc.body));
  const body = await compress(doc, encoding);
  return reply.header('content-encoding', encoding).send(body);
}
