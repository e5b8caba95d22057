/**
 * The public side of warnings (issue #5 part 8), no login: an Atom 1.0 feed (RFC 4287) of the warnings in
 * force with a link to each CAP document, the CAP documents themselves (and the national profile), and
 * the JSON the public warning page reads. Only published, Actual messages: Test and Exercise never appear.
 * Short caching (60 s): a new warning reaches a polling reader within a minute.
 */
import { PublicWarningList, type PublicWarningView } from '@ningan/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../lib/content-disposition.ts';
import { resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const open = { policy: { auth: 'public' } } as const;
const tags = ['public'];
const CACHE = 'public, max-age=60';

/** The absolute base of public links: PUBLIC_BASE_URL, else the request's own scheme and host. */
export function publicBase(s: Services, request: FastifyRequest): string {
  const configured = s.config.dissemination.publicBaseUrl;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The Atom 1.0 document of the warnings in force (RFC 4287: feed id/title/updated, entry id/title/updated, author). */
export function renderWarningFeed(
  items: readonly PublicWarningView[],
  o: { base: string; title: string; author: string; updated: string },
): string {
  const self = `${o.base}/public/warnings.atom`;
  const updated = items.reduce(
    (latest, w) => (w.sentAt > latest ? w.sentAt : latest),
    items.length ? '' : o.updated,
  );
  const entry = (w: PublicWarningView) =>
    [
      '  <entry>',
      `    <id>${escapeXml(w.capUrl)}</id>`,
      `    <title>${escapeXml(w.headline)}</title>`,
      `    <updated>${w.sentAt}</updated>`,
      `    <published>${w.sentAt}</published>`,
      `    <summary>${escapeXml(w.description)}</summary>`,
      `    <category term="${w.level}" label="${escapeXml(w.levelName)}"/>`,
      `    <category term="${w.hazard}" label="${escapeXml(w.hazardName)}"/>`,
      `    <link rel="alternate" type="application/cap+xml" href="${escapeXml(w.capUrl)}"/>`,
      `    <link rel="related" type="application/xml" title="GB/T 35965.1" href="${escapeXml(w.nationalUrl)}"/>`,
      '  </entry>',
    ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${escapeXml(self)}</id>`,
    `  <title>${escapeXml(o.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `  <author><name>${escapeXml(o.author)}</name></author>`,
    "  <generator>Ning'an</generator>",
    ...items.map(entry),
    '</feed>',
    '',
  ].join('\n');
}

/** Under /api/v1: the JSON of the public warning page. */
export function publicWarningRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/warnings',
      {
        config: open,
        schema: {
          tags,
          summary: '当前生效的预警（公众页面，无需登录；区域为 WGS84 GeoJSON，guidance 为防御指南）',
          security: [],
          response: { 200: PublicWarningList },
        },
      },
      async (request, reply) => {
        const list = await s.warnings.publicWarnings(publicBase(s, request));
        return reply.header('cache-control', CACHE).send(list);
      },
    );
  };
}

const FileParams = z.object({
  file: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,100}(\.national)?\.xml$/, '应为 <预警标识>.xml 或 <预警标识>.national.xml'),
});

/** At the root: the Atom feed and the CAP documents, at addresses a feed reader keeps. */
export function publicWarningFeedRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/warnings.atom',
      {
        config: open,
        schema: {
          tags,
          summary: '当前生效预警的 Atom 1.0 订阅（每条链接到 CAP 文档）',
          security: [],
          produces: ['application/atom+xml'],
          response: { 200: z.string().describe('application/atom+xml') },
        },
      },
      async (request, reply) => {
        const base = publicBase(s, request);
        const list = await s.warnings.publicWarnings(base);
        const xml = renderWarningFeed(list.items, {
          base,
          title: `${s.config.warnings.issuerName} · 当前预警`,
          author: s.config.warnings.issuerName,
          updated: list.updated,
        });
        return reply
          .header('content-type', 'application/atom+xml; charset=utf-8')
          .header('cache-control', CACHE)
          .send(xml);
      },
    );
    app.get(
      '/public/warnings/:file',
      {
        config: open,
        schema: {
          tags,
          summary: '已发布预警的 CAP 1.2 文档（<标识>.xml），或国家标准格式（<标识>.national.xml）',
          security: [],
          params: FileParams,
          produces: ['application/cap+xml'],
          response: {
            200: z.string().describe('application/cap+xml'),
            400: resourceErrors[400],
            404: resourceErrors[404],
            409: resourceErrors[409],
          },
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const national = file.endsWith('.national.xml');
        const identifier = file.slice(0, -(national ? '.national.xml' : '.xml').length);
        const doc = await s.warnings.publicDocument(identifier, national ? 'national' : 'cap');
        return reply
          .header(
            'content-type',
            national ? 'application/xml; charset=utf-8' : 'application/cap+xml; charset=utf-8',
          )
          .header('content-disposition', contentDisposition(doc.fileName, national ? 'attachment' : 'inline'))
          .header('cache-control', CACHE)
          .send(doc.xml);
      },
    );
  };
}
