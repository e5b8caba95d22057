/**
 * What a full-page county map needs before it can draw: the county with its townships, the boundary,
 * the villages, the rivers and the installation's tile URL — and the page shown while they load or
 * after one of them failed.
 */
import { useMemo } from 'react';
import { Button, Result, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { useBoundary, useCountyCode, usePublicConfig, useRegion, useVillages } from '../api/queries.ts';
import { errorMessage } from '../forms/form-errors.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MapData } from './layers.ts';

const TEN_MINUTES = 10 * 60_000;

export interface CountyMapData {
  /** Null until every part (and the public config) has arrived. */
  data: MapData | null;
  /** The raster tile URL for {@link CountyMap} (null: none configured, or not known yet). */
  tileUrl: string | null;
  /** The first failed part's error; null while nothing failed. */
  error: unknown;
  /** Fetch the failed parts again. */
  retry: () => void;
}

export function useCountyMapData(): CountyMapData {
  const countyCode = useCountyCode();
  const config = usePublicConfig();
  const county = useRegion(countyCode);
  const villages = useVillages(countyCode);
  const boundary = useBoundary(countyCode);
  const rivers = useQuery({
    queryKey: ['region', countyCode, 'rivers'],
    queryFn: () => api.getRivers(countyCode),
    staleTime: TEN_MINUTES,
  });

  const data = useMemo<MapData | null>(
    () =>
      county.data && boundary.data && villages.data && rivers.data
        ? { county: county.data, boundary: boundary.data, villages: villages.data, rivers: rivers.data }
        : null,
    [county.data, boundary.data, villages.data, rivers.data],
  );

  const parts = [config, county, villages, boundary, rivers];
  return {
    data: config.data ? data : null,
    tileUrl: config.data?.mapTileUrl ?? null,
    error: parts.find((q) => q.isError)?.error ?? null,
    retry: () => {
      for (const q of parts) if (q.isError) void q.refetch();
    },
  };
}

/** The map page until its data is in: the failure with a retry button, or a spinner. */
export function CountyMapPending({ error, retry }: Pick<CountyMapData, 'error' | 'retry'>) {
  const { t } = useI18n();
  if (error) {
    return (
      <Result
        status="error"
        title={t('map.loadFailed')}
        subTitle={errorMessage(error, t)}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <div className="map-page map-page--loading">
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}
