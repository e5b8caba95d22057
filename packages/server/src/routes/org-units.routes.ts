import {
  CreateOrgUnitRequest,
  ListQuery,
  ORG_UNIT_KINDS,
  OrgUnitView,
  pageOf,
  UpdateOrgUnitRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, RegionCodeFilter, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const OrgUnitQuery = ListQuery.extend({
  kind: z.enum(ORG_UNIT_KINDS).optional(),
  regionCode: RegionCodeFilter.optional(),
});

export function orgUnitRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org-units',
      {
        config: { policy: { auth: 'session', permission: 'org:read' } },
        schema: {
          tags: ['org-units'],
          summary: '组织机构列表',
          querystring: OrgUnitQuery,
          response: { 200: pageOf(OrgUnitView), ...resourceErrors },
        },
      },
      async (request) => s.orgUnits.listOrgUnits(requireAuth(request).actor, request.query),
    );
    app.post(
      '/org-units',
      {
        config: { policy: { auth: 'session', permission: 'org:write' } },
        schema: {
          tags: ['org-units'],
          summary: '新建单位',
          body: CreateOrgUnitRequest,
          response: { 201: OrgUnitView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.orgUnits.createOrgUnit(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/org-units/:id',
      {
        config: { policy: { auth: 'session', permission: 'org:read' } },
        schema: {
          tags: ['org-units'],
          summary: '单位详情',
          params: IdParams,
          response: { 200: OrgUnitView, ...resourceErrors },
        },
      },
      async (request) => s.orgUnits.getOrgUnit(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/org-units/:id',
      {
        config: { policy: { auth: 'session', permission: 'org:write' } },
        schema: {
          tags: ['org-units'],
          summary: '修改单位',
          params: IdParams,
          body: UpdateOrgUnitRequest,
          response: { 200: OrgUnitView, ...resourceErrors },
        },
      },
      async (request) =>
        s.orgUnits.updateOrgUnit(requireAuth(request).actor, request.params.id, request.body),
    );
  };
}
