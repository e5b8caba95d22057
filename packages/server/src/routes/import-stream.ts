/**
 * The answer of an import route: plain JSON by default, or — when the client sends
 * `Accept: application/x-ndjson` — newline-delimited JSON as the import runs: a `progress` line per
 * report of the service, then one `result` line or one `error` line (the usual envelope). Once streaming
 * has started the status is 200 whatever the outcome; the last line says how it ended. Closing the
 * connection does not cancel the import (it is one transaction, committed or not as a whole).
 */
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  IMPORT_STREAM_TYPE,
  wantsImportStream,
  type ImportProgress,
  type ImportResult,
  type ImportStreamLine,
} from '@ningan/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelope } from '../http/errors.ts';

/** What the import routes' OpenAPI descriptions say about the streamed answer. */
export const IMPORT_STREAM_DOC = [
  `With \`Accept: ${IMPORT_STREAM_TYPE}\` the answer is streamed as newline-delimited JSON while the import runs:`,
  '`{"type":"progress","phase":"validated"|"written","done":n,"total":N}` lines (rows checked of the file, then',
  'records written of those to write), then exactly one final line — `{"type":"result",total,created,updated,',
  'unchanged,dryRun}` or `{"type":"error","error":{code,message,details,requestId}}` (the error envelope; a',
  'validation failure lists every problem by `rows.<n>.<field>`). Once streaming has begun the status is 200',
  'whatever the outcome; errors found before it begins (authentication, an unreadable file) answer as usual.',
  '带 `Accept: application/x-ndjson` 时逐行返回进度（校验 n/N → 写入 n/N），最后一行为结果或错误。',
].join(' ');

export type ProgressSink = (progress: ImportProgress) => Promise<void>;

/**
 * Runs `run` and answers with its result as JSON, or streams its progress and outcome when asked to.
 * `run` receives the progress listener to hand to the service (undefined for a plain answer).
 */
export async function answerImport(
  request: FastifyRequest,
  reply: FastifyReply,
  run: (onProgress: ProgressSink | undefined) => Promise<ImportResult>,
): Promise<ImportResult | FastifyReply> {
  if (!wantsImportStream(request.headers.accept)) return run(undefined);
  const stream = new PassThrough();
  // A client that went away: its stream is destroyed; the import still finishes, its lines go nowhere.
  stream.on('error', () => {});
  const send = (line: ImportStreamLine) => {
    if (!stream.destroyed && !stream.writableEnded) stream.write(`${JSON.stringify(line)}\n`);
  };
  void (async () => {
    try {
      const result = await run(async (progress) => {
        send({ type: 'progress', ...progress });
        // Let the line reach the socket before the service goes on (its checks run without I/O).
        await nextTurn();
      });
      send({ type: 'result', ...result });
    } catch (err) {
      send({ type: 'error', ...errorEnvelope(err as Error, request).body });
    } finally {
      stream.end();
    }
  })();
  return (
    reply
      .header('content-type', `${IMPORT_STREAM_TYPE}; charset=utf-8`)
      .header('cache-control', 'no-store')
      // Tells nginx-style proxies not to hold the lines back until the end.
      .header('x-accel-buffering', 'no')
      .send(stream)
  );
}
