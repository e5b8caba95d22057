/**
 * Server-Sent Events on Fastify's raw reply: `reply.hijack()` takes the response away from Fastify (no
 * serializer, no onSend hooks — so nothing compresses or buffers it), the headers are written at once and
 * each event is written as it comes. `Cache-Control: no-transform` and `X-Accel-Buffering: no` keep
 * proxies (nginx) from compressing or holding it back.
 */
import type { LiveEventName } from '@ningan/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveSink } from '../services/live-stream.service.ts';

/** A client this far behind (bytes queued in the socket) is cut off; it reconnects and reloads. */
const MAX_BUFFERED = 1 << 20;

/** The sink writing to `reply`'s socket; nothing is written until {@link startEventStream}. */
export function eventStreamSink(reply: FastifyReply): LiveSink {
  const raw = reply.raw;
  const write = (text: string) => {
    if (raw.destroyed || raw.writableEnded) return false;
    raw.write(text);
    return raw.writableLength < MAX_BUFFERED;
  };
  return {
    send: (event: LiveEventName, data: unknown) =>
      write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    ping: () => write(': ping\n\n'),
    end: () => {
      if (!raw.writableEnded) raw.end();
    },
  };
}

/** Answers 200 `text/event-stream` with the security headers set so far and the reconnect delay. */
export function startEventStream(request: FastifyRequest, reply: FastifyReply, retryMs: number): void {
  reply.hijack();
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value;
  reply.raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    // The socket is not reused after the stream: an ended stream must not hold the server's close.
    connection: 'close',
    'x-request-id': request.id,
  });
  reply.raw.write(`retry: ${retryMs}\n\n`);
  reply.raw.socket?.setNoDelay(true);
}
