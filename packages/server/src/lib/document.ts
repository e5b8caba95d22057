/**
 * An answer encoded once, with the validator that names its content: what the map layer routes hand to
 * the HTTP edge, which answers `If-None-Match` with 304 and compresses the body (once for a document a
 * service keeps in its cache) — see http/document.ts.
 */
import { createHash } from 'node:crypto';

export interface EncodedDocument {
  /** JSON text, or bytes (a vector tile). */
  readonly body: string | Uint8Array;
  /** The Content-Type. */
  readonly type: string;
  /** A strong entity tag (quoted), equal for equal content. */
  readonly etag: string;
}

const tagOf = (identity: string | Uint8Array) =>
  `"${createHash('sha1').update(identity).digest('base64url')}"`;

/**
 * `identity`: what determines the text, when cheaper to hash than the text itself (a cache key and the
 * data's version stamp); left out, the text is hashed.
 */
export function jsonDocument(text: string, identity?: string): EncodedDocument {
  return { body: text, type: 'application/json; charset=utf-8', etag: tagOf(identity ?? text) };
}

export const VECTOR_TILE_TYPE = 'application/vnd.mapbox-vector-tile';

/** A Mapbox Vector Tile; `identity` as for {@link jsonDocument}. */
export function vectorTileDocument(bytes: Uint8Array, identity?: string): EncodedDocument {
  return { body: bytes, type: VECTOR_TILE_TYPE, etag: tagOf(identity ?? bytes) };
}
