/**
 * The live station picture (every station the user may see, with health and latest readings) for the
 * monitoring map and the health table. The only place that decides how it stays current: for now it
 * polls the list every 10 s through TanStack Query. When the server's live stream
 * (`GET /api/v1/monitoring/stream`, SSE) lands, this hook subscribes to it and patches the same cache
 * entry instead; the screens do not change.
 */
import { useQuery } from '@tanstack/react-query';
import type { StationView } from '@ningan/domain';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import type { AlarmLevels } from './monitoring-model.ts';

/** How often the picture is refreshed while a screen shows it (ms). */
export const STATION_FEED_INTERVAL_MS = 10_000;

export interface StationFeed {
  stations: StationView[];
  /** Worst active alarm per station id; empty until the alarm API feeds it. */
  alarms: AlarmLevels;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  /** When the picture was last refreshed (epoch ms), 0 before the first answer. */
  updatedAt: number;
  refetch: () => void;
}

const NO_ALARMS: AlarmLevels = new Map();

export function useStationFeed(): StationFeed {
  const query = useQuery({
    queryKey: monitoringKeys.allStations,
    queryFn: () => monitoringApi.allStations(),
    refetchInterval: STATION_FEED_INTERVAL_MS,
    // A wall screen keeps polling when it is not the focused window.
    refetchIntervalInBackground: true,
  });
  return {
    stations: query.data ?? [],
    alarms: NO_ALARMS,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    updatedAt: query.dataUpdatedAt,
    refetch: () => void query.refetch(),
  };
}
