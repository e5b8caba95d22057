/**
 * The live station picture (every station the user may see, with health, latest readings and the level of
 * its standing alarms) for the monitoring map and the health table. The only place that decides how it
 * stays current:
 *
 * - the live stream (`useLiveStream`, one EventSource per tab) patches the cached station list with new
 *   readings and devices heard from, and the cached standing alarms with every alarm change;
 * - a poll reloads both: slowly while the stream is open (a station going offline is no event — it is
 *   the absence of one), every 10 s while it is down; after a reconnect everything is reloaded, since
 *   events are not replayed.
 */
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { StationAlarmLevel, StationView } from '@ningan/domain';
import { applyHealth, applyReadings, useLiveStream, type LiveStatus } from '../../api/live-stream.ts';
import { alarmKeys, alarmsApi } from '../alarms/alarms-api.ts';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { alarmLevelsOf, applyAlarmEvent, type AlarmLevels } from './monitoring-model.ts';

/** How often the picture is reloaded while the live stream is down (ms). */
export const STATION_FEED_INTERVAL_MS = 10_000;
/** …and while it is open: only what no event carries (stations going offline) waits for this (ms). */
export const STATION_FEED_LIVE_INTERVAL_MS = 60_000;

export interface StationFeed {
  stations: StationView[];
  /** Worst standing alarm level per station id. */
  alarms: AlarmLevels;
  /** The live stream's state: `open` while events flow. */
  live: LiveStatus;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  /** When the picture last changed: a poll's answer or a live event (epoch ms), 0 before the first. */
  updatedAt: number;
  refetch: () => void;
}

const feedInterval = (live: LiveStatus) =>
  live === 'open' ? STATION_FEED_LIVE_INTERVAL_MS : STATION_FEED_INTERVAL_MS;

/**
 * The worst standing alarm level per station (any station list shows it as a chip; the map colours by it),
 * kept current by the live stream's alarm events, reloaded like the station picture.
 */
export function useStandingAlarms(): { levels: AlarmLevels; live: LiveStatus; refetch: () => void } {
  const queryClient = useQueryClient();
  const live = useLiveStream({
    onAlarm: (event) =>
      queryClient.setQueryData<StationAlarmLevel[]>(
        alarmKeys.stationLevels,
        (levels) => levels && applyAlarmEvent(levels, event),
      ),
    // Under ['alarms']: the connection itself reloads it after a reconnect.
  });
  const query = useQuery({
    queryKey: alarmKeys.stationLevels,
    queryFn: () => alarmsApi.stationLevels(),
    refetchInterval: feedInterval(live),
    refetchIntervalInBackground: true,
  });
  const levels = useMemo(() => alarmLevelsOf(query.data ?? []), [query.data]);
  return { levels, live, refetch: () => void query.refetch() };
}

export function useStationFeed(): StationFeed {
  const queryClient = useQueryClient();
  const [liveAt, setLiveAt] = useState(0);
  const live = useLiveStream({
    onReadings: (event) => {
      queryClient.setQueryData<StationView[]>(
        monitoringKeys.allStations,
        (stations) => stations && applyReadings(stations, event),
      );
      setLiveAt(Date.now());
    },
    onHealth: (event) => {
      queryClient.setQueryData<StationView[]>(
        monitoringKeys.allStations,
        (stations) => stations && applyHealth(stations, event),
      );
      setLiveAt(Date.now());
    },
    onReconnect: () => void queryClient.invalidateQueries({ queryKey: monitoringKeys.allStations }),
  });
  const query = useQuery({
    queryKey: monitoringKeys.allStations,
    queryFn: () => monitoringApi.allStations(),
    refetchInterval: feedInterval(live),
    // A wall screen keeps refreshing when it is not the focused window.
    refetchIntervalInBackground: true,
  });
  const standing = useStandingAlarms();
  return {
    stations: query.data ?? [],
    alarms: standing.levels,
    live,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    updatedAt: Math.max(query.dataUpdatedAt, liveAt),
    refetch: () => {
      void query.refetch();
      standing.refetch();
    },
  };
}
