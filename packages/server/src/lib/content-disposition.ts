/**
 * `Content-Disposition` for a download (RFC 6266) whose file name may be Chinese: a plain ASCII
 * `filename` for old clients and `filename*=UTF-8''…` (RFC 5987) with the real name. Every character
 * outside RFC 5987's attr-char is percent-encoded — including `'`, `(`, `)` and `*`, which
 * `encodeURIComponent` leaves alone — so a name cannot end the parameter or inject another.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  // Letters, digits and a few safe marks only: nothing that could close the quoted string.
  const fallback = fileName.replace(/[^A-Za-z0-9 ._()-]+/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
