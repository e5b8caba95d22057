/**
 * Warehouse stock over HTTP (issue #3): a warehouse's stock and movement ledger under
 * `/ledger/warehouses/{id}/stock`, the low-stock and expiring lists and the supplies catalogue under
 * `/stock`. Reading needs `ledger:read`, writing `ledger:write`; the service checks the warehouse's
 * jurisdiction.
 */
import {
  ExpiringLot,
  LowStockItem,
  pageOf,
  SetMinimumRequest,
  StockMinimumView,
  StockMovementRequest,
  StockMovementResult,
  StockMovementView,
  SUPPLY_CATEGORIES,
  SupplyCode,
  SupplyItem,
  WarehouseStockView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const MovementQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  itemCode: SupplyCode.optional(),
});

export function stockRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'ledger:read' as const } };
    const write = { policy: { auth: 'session' as const, permission: 'ledger:write' as const } };
    const tags = ['stock'];

    app.get(
      '/stock/catalogue',
      {
        config: read,
        schema: {
          tags,
          summary: '应急物资目录（编码、名称、类别、计量单位）',
          response: {
            200: z.object({ categories: z.array(z.enum(SUPPLY_CATEGORIES)), items: z.array(SupplyItem) }),
            ...resourceErrors,
          },
        },
      },
      async () => s.stock.catalogue(),
    );
    app.get(
      '/stock/low',
      {
        config: read,
        schema: {
          tags,
          summary: '低库存：低于最低库存的物资（本人管辖范围内的储备库）',
          response: { 200: z.object({ items: z.array(LowStockItem) }), ...resourceErrors },
        },
      },
      async (request) => s.stock.lowStock(requireAuth(request).actor),
    );
    app.get(
      '/stock/expiring',
      {
        config: read,
        schema: {
          tags,
          summary: '临期物资：N 天内到期或已过期的批次（本人管辖范围内的储备库）',
          querystring: z.object({ days: z.coerce.number().int().min(0).max(730).default(30) }),
          response: {
            200: z.object({ days: z.number().int(), items: z.array(ExpiringLot) }),
            ...resourceErrors,
          },
        },
      },
      async (request) => s.stock.expiring(requireAuth(request).actor, request.query.days),
    );
    app.get(
      '/ledger/warehouses/:id/stock',
      {
        config: read,
        schema: {
          tags,
          summary: '储备库库存：按物资汇总，含批次、有效期、最低库存、低库存和临期标记',
          params: IdParams,
          response: { 200: WarehouseStockView, ...resourceErrors },
        },
      },
      async (request) => s.stock.getStock(requireAuth(request).actor, request.params.id),
    );
    app.post(
      '/ledger/warehouses/:id/stock/movements',
      {
        config: write,
        schema: {
          tags,
          summary:
            '入库 / 出库（不指定批次时按有效期先进先出）/ 盘点；库存不足时 409 conflict，details 给出可用数量',
          params: IdParams,
          body: StockMovementRequest,
          response: { 201: StockMovementResult, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.stock.recordMovement(requireAuth(request).actor, request.params.id, request.body)),
    );
    app.get(
      '/ledger/warehouses/:id/stock/movements',
      {
        config: read,
        schema: {
          tags,
          summary: '出入库台账（每次库存变化一行，最新在前）',
          params: IdParams,
          querystring: MovementQuery,
          response: { 200: pageOf(StockMovementView), ...resourceErrors },
        },
      },
      async (request) => s.stock.listMovements(requireAuth(request).actor, request.params.id, request.query),
    );
    app.put(
      '/ledger/warehouses/:id/stock/minimums/:itemCode',
      {
        config: write,
        schema: {
          tags,
          summary: '设置某物资的最低库存（0 为不设）',
          params: IdParams.extend({ itemCode: SupplyCode }),
          body: SetMinimumRequest,
          response: { 200: StockMinimumView, ...resourceErrors },
        },
      },
      async (request) =>
        s.stock.setMinimum(
          requireAuth(request).actor,
          request.params.id,
          request.params.itemCode,
          request.body.minQuantity,
        ),
    );
  };
}
