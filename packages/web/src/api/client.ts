/**
 * The one way the web console talks to the API: same-origin cookie session, CSRF header on every
 * non-GET call, JSON in and out, and the error envelope `{ error: { code, message, details, requestId } }`
 * turned into a thrown {@link ApiError}.
 */

import { IMPORT_STREAM_TYPE, readImportLines, type ImportPhase, type ImportStreamLine } from '@ningan/domain';

export const API_BASE = '/api/v1';

/** One problem with the input; `path` names the field, e.g. `scope.regionCode`. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** Codes the server sends (see packages/domain/src/errors.ts) plus two that only the client raises. */
export type ClientErrorCode = 'network_error' | 'bad_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  readonly requestId: string | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ApiErrorDetail[] = [],
    requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** 401 codes that mean "log in again"; `session_expired` also tells the user why. */
export type SessionEndReason = 'unauthenticated' | 'session_expired';

type SessionEndListener = (reason: SessionEndReason) => void;
const sessionEndListeners = new Set<SessionEndListener>();

/** Called whenever any request answers 401 unauthenticated/session_expired. Returns an unsubscribe. */
export function onSessionEnd(listener: SessionEndListener): () => void {
  sessionEndListeners.add(listener);
  return () => {
    sessionEndListeners.delete(listener);
  };
}

let csrfToken: string | null = null;

/** Remember the token from the login response or GET session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function readCsrfCookie(): string | null {
  const match = /(?:^|;\s*)ningan_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Does the browser hold a session's CSRF cookie (probably signed in; the session check decides)? */
export function mayBeSignedIn(): boolean {
  return readCsrfCookie() !== null;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x`, leaving out empty values. */
export function toQueryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

function parseEnvelope(status: number, payload: unknown): ApiError {
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const error = payload.error;
    if (typeof error === 'object' && error !== null) {
      const e = error as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
      const details = Array.isArray(e.details)
        ? e.details.flatMap((d: unknown) => {
            if (typeof d !== 'object' || d === null) return [];
            const { path, message } = d as { path?: unknown; message?: unknown };
            return typeof message === 'string'
              ? [{ path: typeof path === 'string' ? path : '', message }]
              : [];
          })
        : [];
      return new ApiError(
        status,
        typeof e.code === 'string' ? e.code : 'bad_response',
        typeof e.message === 'string' ? e.message : `请求失败（HTTP ${status}）`,
        details,
        typeof e.requestId === 'string' ? e.requestId : null,
      );
    }
  }
  return new ApiError(status, 'bad_response', `服务暂不可用（HTTP ${status}）`);
}

/**
 * Call the API at `path` (relative to /api/v1). Resolves with the parsed JSON body (undefined for 204);
 * rejects with an {@link ApiError}.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken ?? readCsrfCookie();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${toQueryString(options.query ?? {})}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
  }

  return readJson<T>(path, response);
}

/** Parse a JSON answer, or turn an error answer into an {@link ApiError} (telling listeners on 401). */
async function readJson<T>(path: string, response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) {
    const error = parseEnvelope(response.status, payload);
    if (
      response.status === 401 &&
      (error.code === 'unauthenticated' || error.code === 'session_expired') &&
      path !== '/auth/login'
    ) {
      for (const listener of sessionEndListeners) listener(error.code);
    }
    throw error;
  }
  if (payload === undefined) throw new ApiError(response.status, 'bad_response', '服务返回了无法识别的数据');
  return payload as T;
}

/**
 * POST a file (e.g. an .xlsx or CSV sheet) as the raw request body with its content type and the CSRF
 * header. Answers and errors are handled as in {@link request}.
 */
export async function upload<T>(
  path: string,
  file: Blob,
  contentType: string,
  query: Record<string, QueryValue> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType };
  const token = csrfToken ?? readCsrfCookie();
  if (token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${toQueryString(query)}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
  }
  return readJson<T>(path, response);
}

/** How far a streamed import has got: the file's bytes sent, then the server's phases (rows checked, written). */
export type ImportStage =
  { stage: 'upload'; done: number; total: number } | { stage: ImportPhase; done: number; total: number };

/** The status an error code answers with (the server's table), for an error that arrived in a stream. */
function statusOfCode(code: string): number {
  const known: Record<string, number> = {
    validation_failed: 400,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    rate_limited: 429,
  };
  return known[code] ?? 500;
}

/**
 * POST a file to an import route asking for the streamed answer (`Accept: application/x-ndjson`): `onStage`
 * hears the upload's bytes, then every progress line; resolves with the final result line, rejects with the
 * final error line (or the usual envelope when the server answered before streaming) as an {@link ApiError}.
 * XMLHttpRequest, not fetch: only it reports upload progress.
 */
export function uploadImport<T>(
  path: string,
  file: Blob,
  contentType: string,
  query: Record<string, QueryValue>,
  onStage: (stage: ImportStage) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}${toQueryString(query)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', `${IMPORT_STREAM_TYPE}, application/json;q=0.5`);
    xhr.setRequestHeader('Content-Type', contentType);
    const token = csrfToken ?? readCsrfCookie();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    let seen = 0; // characters of responseText already read
    let rest = '';
    let outcome: ImportStreamLine | null = null;
    const streaming = () =>
      xhr.status === 200 && (xhr.getResponseHeader('Content-Type') ?? '').includes(IMPORT_STREAM_TYPE);
    const take = (text: string) => {
      const read = readImportLines(text);
      rest = read.rest;
      for (const line of read.lines) {
        if (line.type === 'progress') onStage({ stage: line.phase, done: line.done, total: line.total });
        else outcome = line;
      }
    };
    const drain = () => {
      if (!streaming()) return;
      const text = xhr.responseText;
      const chunk = text.slice(seen);
      seen = text.length;
      take(rest + chunk);
    };
    xhr.upload.onprogress = (e) => onStage({ stage: 'upload', done: e.loaded, total: e.total || file.size });
    xhr.onprogress = drain;
    xhr.onerror = () => reject(new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试'));
    xhr.onload = () => {
      if (!streaming()) {
        // Answered before streaming began (no session, a bad file…), or a server that does not stream.
        const fake = new Response(xhr.responseText, {
          status: xhr.status,
          headers: { 'Content-Type': 'application/json' },
        });
        readJson<T>(path, fake).then(resolve, reject);
        return;
      }
      drain();
      if (rest.trim()) take(`${rest}\n`); // a last line without its newline
      const last = outcome;
      if (last?.type === 'result') {
        const { type: _type, ...result } = last;
        resolve(result as T);
      } else if (last?.type === 'error')
        reject(parseEnvelope(statusOfCode(last.error.code), { error: last.error }));
      else reject(new ApiError(xhr.status, 'bad_response', '导入结果未返回完整，请刷新后查看是否已导入'));
    };
    xhr.send(file);
  });
}

/**
 * GET a file (e.g. an .xlsx export) and hand it to the browser as a download. Errors arrive in the usual
 * envelope and are thrown as {@link ApiError}, so the page can say what went wrong instead of navigating
 * to a JSON error. `fallbackName` is used when the answer names no file.
 */
export async function downloadFile(
  path: string,
  query: Record<string, QueryValue>,
  fallbackName: string,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${toQueryString(query)}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => undefined);
    const error = parseEnvelope(response.status, payload);
    if (response.status === 401 && (error.code === 'unauthenticated' || error.code === 'session_expired'))
      for (const listener of sessionEndListeners) listener(error.code);
    throw error;
  }
  const name = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the blob goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** `attachment; filename="a.xlsx"; filename*=UTF-8''%E4%BC%81.xlsx` → the (decoded) name. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() ?? null;
}

/** An absolute same-origin URL for a download link (e.g. the audit CSV export). */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}
