/** The hazard-model routes (issue #4 part 5) the console uses, one typed function each, and their query keys. */
import type {
  EarthquakeEstimateRequest,
  EarthquakeEstimateView,
  FailurePredictionView,
  RegionPopulationView,
  StationIntensityView,
  UpdateRegionPopulationRequest,
} from '@ningan/domain';
import { request } from '../../api/client.ts';

export interface FailurePredictionParams {
  sensorId?: string;
  lookbackHours?: number;
  stepHours?: number;
}

export const hazardsApi = {
  estimateEarthquake: (body: EarthquakeEstimateRequest) =>
    request<EarthquakeEstimateView>('/monitoring/earthquake-estimate', { method: 'POST', body }),
  stationIntensity: (stationId: string) =>
    request<StationIntensityView>(`/monitoring/stations/${encodeURIComponent(stationId)}/intensity`),
  failurePrediction: (recordId: string, params: FailurePredictionParams = {}) =>
    request<FailurePredictionView>(
      `/monitoring/hazard-points/${encodeURIComponent(recordId)}/failure-prediction`,
      { query: { ...params } },
    ),
  listPopulation: () => request<{ items: RegionPopulationView[] }>('/regions/population'),
  setPopulation: (code: string, body: UpdateRegionPopulationRequest) =>
    request<RegionPopulationView>(`/regions/${encodeURIComponent(code)}/population`, {
      method: 'PATCH',
      body,
    }),
};

export const hazardKeys = {
  population: ['regions', 'population'] as const,
  failure: (recordId: string, params: FailurePredictionParams) =>
    ['hazard-points', recordId, 'failure-prediction', params] as const,
  intensity: (stationId: string) => ['stations', stationId, 'intensity'] as const,
};
