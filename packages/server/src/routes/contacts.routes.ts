import {
  CONTACT_DUTIES,
  ContactView,
  CreateContactRequest,
  ListQuery,
  pageOf,
  UpdateContactRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, RegionCodeFilter, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const ContactQuery = ListQuery.extend({
  regionCode: RegionCodeFilter.optional(),
  duty: z.enum(CONTACT_DUTIES).optional(),
});

export function contactRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contacts',
      {
        config: { policy: { auth: 'session', permission: 'contact:read' } },
        schema: {
          tags: ['contacts'],
          summary: '责任人/联系人列表',
          querystring: ContactQuery,
          response: { 200: pageOf(ContactView), ...resourceErrors },
        },
      },
      async (request) => s.contacts.listContacts(requireAuth(request).actor, request.query),
    );
    app.post(
      '/contacts',
      {
        config: { policy: { auth: 'session', permission: 'contact:write' } },
        schema: {
          tags: ['contacts'],
          summary: '新建联系人',
          body: CreateContactRequest,
          response: { 201: ContactView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.contacts.createContact(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/contacts/:id',
      {
        config: { policy: { auth: 'session', permission: 'contact:read' } },
        schema: {
          tags: ['contacts'],
          summary: '联系人详情',
          params: IdParams,
          response: { 200: ContactView, ...resourceErrors },
        },
      },
      async (request) => s.contacts.getContact(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/contacts/:id',
      {
        config: { policy: { auth: 'session', permission: 'contact:write' } },
        schema: {
          tags: ['contacts'],
          summary: '修改联系人',
          params: IdParams,
          body: UpdateContactRequest,
          response: { 200: ContactView, ...resourceErrors },
        },
      },
      async (request) =>
        s.contacts.updateContact(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/contacts/:id',
      {
        config: { policy: { auth: 'session', permission: 'contact:write' } },
        schema: {
          tags: ['contacts'],
          summary: '删除联系人',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.contacts.deleteContact(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
