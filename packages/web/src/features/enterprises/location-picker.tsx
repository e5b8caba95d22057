/**
 * A small county map for one point: click (or drag the marker) to set the location, or just show it
 * (readOnly). The offline base style, the county outline and the township zones — nothing else.
 * Loaded lazily, so MapLibre is only fetched when a form or detail drawer needs it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { Map as MaplibreMap, Marker } from 'maplibre-gl';
import { useBoundary, useCountyCode, usePublicConfig, useRegion, useVillages } from '../../api/queries.ts';
import type { BoundaryCollection } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { BBox } from '../../map/geometry.ts';
import { maplibregl } from '../../map/maplibre.ts';
import { createPickerMap, round6, type PickerMap } from '../../map/picker-map.ts';

export interface LocationPickerProps {
  lon: number | null | undefined;
  lat: number | null | undefined;
  /** Called with the clicked/dragged point (6 decimals, WGS84). Absent: read-only. */
  onPick?: (lon: number, lat: number) => void;
  /** A township/village code to move to while no point is set. */
  focusCode?: string | null;
  height?: number;
}

function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export default function LocationPicker({ lon, lat, onPick, focusCode, height = 240 }: LocationPickerProps) {
  const { t } = useI18n();
  const countyCode = useCountyCode();
  const boundary = useBoundary(countyCode);
  const county = useRegion(countyCode).data;
  const villages = useVillages(countyCode).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const countyBox = useRef<BBox | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState(false);
  const live = useRef({ onPick });
  useLayoutEffect(() => {
    live.current = { onPick };
  });
  const readOnly = !onPick;

  const data: BoundaryCollection | undefined = boundary.data;
  useEffect(() => {
    const container = containerRef.current;
    if (!container || !data) return;
    let created: PickerMap;
    try {
      created = createPickerMap(container, data, tileUrl, () => setLoaded(true));
    } catch {
      setFailure(true);
      return;
    }
    const map = created.map;
    mapRef.current = map;
    countyBox.current = created.countyBox;
    map.on('click', (event) => {
      const pick = live.current.onPick;
      if (pick) pick(round6(event.lngLat.lng), round6(event.lngLat.lat));
    });
    if (!readOnly) map.getCanvas().style.cursor = 'crosshair';
    return () => {
      markerRef.current = null;
      mapRef.current = null;
      setLoaded(false);
      map.remove();
    };
  }, [data, tileUrl, readOnly]);

  // The marker follows the value (typed, clicked or dragged).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    if (!isNumber(lon) || !isNumber(lat)) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    if (!markerRef.current) {
      const marker = new maplibregl.Marker({ color: '#1d5fbf', draggable: !readOnly });
      marker.on('dragend', () => {
        const at = marker.getLngLat();
        live.current.onPick?.(round6(at.lng), round6(at.lat));
      });
      markerRef.current = marker;
    }
    markerRef.current.setLngLat([lon, lat]).addTo(map);
    if (!map.getBounds().contains([lon, lat])) {
      // Keep the county in view too, so a point typed outside it is seen as outside.
      const box = countyBox.current;
      if (box)
        map.fitBounds(
          [
            [Math.min(box[0], lon), Math.min(box[1], lat)],
            [Math.max(box[2], lon), Math.max(box[3], lat)],
          ],
          { padding: 24, maxZoom: 12 },
        );
      else map.easeTo({ center: [lon, lat] });
    }
  }, [lon, lat, loaded, readOnly]);

  // While there is no point yet, choosing a township or village brings it into view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !focusCode || (isNumber(lon) && isNumber(lat))) return;
    const village = villages?.features.find((f) => f.properties.code === focusCode);
    const township = county?.children.find((c) => c.code === focusCode.slice(0, 9));
    const [vx, vy] = village?.geometry.coordinates ?? [];
    if (isNumber(vx) && isNumber(vy)) map.easeTo({ center: [vx, vy], zoom: Math.max(map.getZoom(), 12) });
    else if (township && isNumber(township.lon) && isNumber(township.lat))
      map.easeTo({ center: [township.lon, township.lat], zoom: Math.max(map.getZoom(), 10.5) });
    // Only when the code changes (lon/lat deliberately left out: typing must not move the view).
  }, [focusCode, loaded, villages, county]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div className="location-picker" style={{ height }} data-testid="location-picker">
      <div
        ref={containerRef}
        className="county-map"
        style={{ position: 'absolute', inset: 0 }}
        data-map-ready={loaded ? 'true' : 'false'}
        role="region"
        aria-label={readOnly ? t('enterprises.location') : t('enterprises.pickHint')}
      />
      {!loaded && (
        <div className="location-picker__loading">
          <Spin />
        </div>
      )}
      {!readOnly && <div className="location-picker__hint">{t('enterprises.pickHint')}</div>}
    </div>
  );
}
