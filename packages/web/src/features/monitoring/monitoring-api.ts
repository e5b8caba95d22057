/** The monitoring routes (/api/v1/monitoring/…) the 一张网 screens use, one typed function each. */
import type {
  ConnectorRunResult,
  ConnectorView,
  CreateConnectorRequest,
  CreateIngestTokenRequest,
  CreateStationRequest,
  IngestTokenView,
  IngestTokenWithSecret,
  Metric,
  Page,
  QuarantineReason,
  QuarantineSummaryItem,
  QuarantineView,
  SensorInput,
  SensorView,
  SeriesView,
  StationKind,
  StationView,
  StationWithSecret,
  UpdateConnectorRequest,
  UpdateSensorRequest,
  UpdateStationRequest,
} from '@ningan/domain';
import { request } from '../../api/client.ts';

export interface StationFilters {
  q?: string;
  /** A township or village code (prefix match on the server). */
  regionCode?: string;
  kind?: StationKind;
  metric?: Metric;
  ledgerRecordId?: string;
  enterpriseId?: string;
}

export interface QuarantineFilters {
  stationId?: string;
  reason?: QuarantineReason;
  /** ISO 8601 with a zone. */
  since?: string;
}

/** The list's page size limit (ListQuery: at most 200). */
const MAX_PAGE = 200;

const station = (id: string) => `/monitoring/stations/${encodeURIComponent(id)}`;
const sensor = (id: string) => `/monitoring/sensors/${encodeURIComponent(id)}`;
const connector = (id: string) => `/monitoring/connectors/${encodeURIComponent(id)}`;

export const monitoringApi = {
  listStations: (params: StationFilters & { page?: number; pageSize?: number; sort?: string }) =>
    request<Page<StationView>>('/monitoring/stations', { query: { ...params } }),
  /** Every station the user may see (paged through 200 at a time), for the map and the health table. */
  allStations: async (filters: StationFilters = {}): Promise<StationView[]> => {
    const all: StationView[] = [];
    for (let page = 1; ; page += 1) {
      const got = await monitoringApi.listStations({ ...filters, page, pageSize: MAX_PAGE });
      all.push(...got.items);
      if (got.items.length < MAX_PAGE || all.length >= got.total) return all;
    }
  },
  getStation: (id: string) => request<StationView>(station(id)),
  createStation: (body: CreateStationRequest) =>
    request<StationWithSecret>('/monitoring/stations', { method: 'POST', body }),
  updateStation: (id: string, body: UpdateStationRequest) =>
    request<StationView>(station(id), { method: 'PATCH', body }),
  deleteStation: (id: string) => request<undefined>(station(id), { method: 'DELETE' }),
  rotateSecret: (id: string) => request<StationWithSecret>(`${station(id)}/secret`, { method: 'POST' }),

  addSensor: (stationId: string, body: SensorInput) =>
    request<SensorView>(`${station(stationId)}/sensors`, { method: 'POST', body }),
  updateSensor: (id: string, body: UpdateSensorRequest) =>
    request<SensorView>(sensor(id), { method: 'PATCH', body }),
  deleteSensor: (id: string) => request<undefined>(sensor(id), { method: 'DELETE' }),
  series: (id: string, query: { from: string; to: string; maxPoints?: number }) =>
    request<SeriesView>(`${sensor(id)}/series`, { query: { ...query } }),

  listQuarantine: (params: QuarantineFilters & { page: number; pageSize: number }) =>
    request<Page<QuarantineView>>('/monitoring/quarantine', { query: { ...params } }),
  quarantineSummary: (since?: string) =>
    request<QuarantineSummaryItem[]>('/monitoring/quarantine/summary', { query: { since } }),

  listTokens: () => request<IngestTokenView[]>('/monitoring/tokens'),
  createToken: (body: CreateIngestTokenRequest) =>
    request<IngestTokenWithSecret>('/monitoring/tokens', { method: 'POST', body }),
  revokeToken: (id: string) =>
    request<IngestTokenView>(`/monitoring/tokens/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),

  listConnectors: () => request<ConnectorView[]>('/monitoring/connectors'),
  createConnector: (body: CreateConnectorRequest) =>
    request<ConnectorView>('/monitoring/connectors', { method: 'POST', body }),
  updateConnector: (id: string, body: UpdateConnectorRequest) =>
    request<ConnectorView>(connector(id), { method: 'PATCH', body }),
  deleteConnector: (id: string) => request<undefined>(connector(id), { method: 'DELETE' }),
  runConnector: (id: string) => request<ConnectorRunResult>(`${connector(id)}/run`, { method: 'POST' }),
};

/** Query keys: everything under ['monitoring'] so one invalidation after a write refreshes every screen. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  stations: ['monitoring', 'stations'] as const,
  stationList: (params: object) => ['monitoring', 'stations', 'list', params] as const,
  allStations: ['monitoring', 'stations', 'all'] as const,
  station: (id: string | null) => ['monitoring', 'stations', 'detail', id] as const,
  series: (sensorId: string, range: object) => ['monitoring', 'series', sensorId, range] as const,
  quarantine: (params: object) => ['monitoring', 'quarantine', 'list', params] as const,
  quarantineSummary: (since: string | undefined) => ['monitoring', 'quarantine', 'summary', since] as const,
  tokens: ['monitoring', 'tokens'] as const,
  connectors: ['monitoring', 'connectors'] as const,
};
