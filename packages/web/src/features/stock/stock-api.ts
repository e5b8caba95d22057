/**
 * The warehouse stock routes (issue #3) the stock screens use, one typed function each. The supplies
 * catalogue comes from the domain package (`SUPPLY_CATALOGUE`), the same list the server checks against.
 */
import type {
  ExpiringLot,
  LowStockItem,
  Page,
  StockMinimumView,
  StockMovementRequest,
  StockMovementResult,
  StockMovementView,
  WarehouseStockView,
} from '@ningan/domain';
import { request } from '../../api/client.ts';

const base = (warehouseId: string) => `/ledger/warehouses/${encodeURIComponent(warehouseId)}/stock`;

/** A movement as the forms send it (before the server fills defaults). */
export type StockMovementBody = StockMovementRequest;

export const stockApi = {
  stock: (warehouseId: string) => request<WarehouseStockView>(base(warehouseId)),
  movements: (warehouseId: string, params: { page: number; pageSize: number; itemCode?: string }) =>
    request<Page<StockMovementView>>(`${base(warehouseId)}/movements`, { query: { ...params } }),
  move: (warehouseId: string, body: StockMovementBody) =>
    request<StockMovementResult>(`${base(warehouseId)}/movements`, { method: 'POST', body }),
  setMinimum: (warehouseId: string, itemCode: string, minQuantity: number) =>
    request<StockMinimumView>(`${base(warehouseId)}/minimums/${encodeURIComponent(itemCode)}`, {
      method: 'PUT',
      body: { minQuantity },
    }),
  low: () => request<{ items: LowStockItem[] }>('/stock/low'),
  expiring: (days: number) =>
    request<{ days: number; items: ExpiringLot[] }>('/stock/expiring', { query: { days } }),
};

/** Query keys: everything of one warehouse under ['stock', 'warehouse', id]; the alert lists under ['stock', 'alerts']. */
export const stockKeys = {
  warehouse: (id: string) => ['stock', 'warehouse', id] as const,
  stock: (id: string) => ['stock', 'warehouse', id, 'stock'] as const,
  movements: (id: string, params: object) => ['stock', 'warehouse', id, 'movements', params] as const,
  alerts: ['stock', 'alerts'] as const,
  low: ['stock', 'alerts', 'low'] as const,
  expiring: (days: number) => ['stock', 'alerts', 'expiring', days] as const,
};

/** Where the registry screen opens a warehouse's detail drawer. */
export const warehousePath = (id: string) => `/ledger/warehouses?open=${encodeURIComponent(id)}`;
