/**
 * The county map of the earthquake estimate: click to place the epicentre; the isoseismal ellipses (VI, VII,
 * VIII…) as filled rings, the epicentre, and each township seat with its estimated degree as a DOM label
 * (the offline style has no glyphs: ADR 0001). Loaded lazily with MapLibre.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { EarthquakeEstimateView } from '@ningan/domain';
import type { Feature, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap, Marker } from 'maplibre-gl';
import { useBoundary, useCountyCode, usePublicConfig } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { bboxOf } from '../../map/geometry.ts';
import { maplibregl } from '../../map/maplibre.ts';
import { createPickerMap, round6 } from '../../map/picker-map.ts';
import { degreeColor } from './earthquake-model.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

export interface EarthquakeMapProps {
  estimate: EarthquakeEstimateView | null;
  epicentre: [number, number] | null;
  onPick: (lon: number, lat: number) => void;
  height?: number;
}

export default function EarthquakeMap({ estimate, epicentre, onPick, height = 460 }: EarthquakeMapProps) {
  const { t } = useI18n();
  const countyCode = useCountyCode();
  const boundary = useBoundary(countyCode).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const epicentreRef = useRef<Marker | null>(null);
  const labelsRef = useRef<Marker[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState(false);
  const live = useRef({ onPick });
  useLayoutEffect(() => {
    live.current = { onPick };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !boundary) return;
    let map: MaplibreMap;
    try {
      map = createPickerMap(container, boundary, tileUrl, (m) => {
        m.addSource('eq-isoseismals', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'eq-isoseismals-fill',
          type: 'fill',
          source: 'eq-isoseismals',
          paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.18 },
        });
        m.addLayer({
          id: 'eq-isoseismals-line',
          type: 'line',
          source: 'eq-isoseismals',
          paint: { 'line-color': ['get', 'color'], 'line-width': 2 },
        });
        setLoaded(true);
      }).map;
    } catch {
      setFailure(true);
      return;
    }
    map.scrollZoom.enable();
    map.getCanvas().style.cursor = 'crosshair';
    map.on('click', (event) => live.current.onPick(round6(event.lngLat.lng), round6(event.lngLat.lat)));
    mapRef.current = map;
    return () => {
      epicentreRef.current = null;
      labelsRef.current = [];
      mapRef.current = null;
      setLoaded(false);
      map.remove();
    };
  }, [boundary, tileUrl]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    if (!epicentre) {
      epicentreRef.current?.remove();
      epicentreRef.current = null;
      return;
    }
    epicentreRef.current ??= new maplibregl.Marker({ color: '#a8071a' });
    epicentreRef.current.setLngLat(epicentre).addTo(map);
  }, [epicentre, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const source = map.getSource<GeoJSONSource>('eq-isoseismals');
    for (const m of labelsRef.current) m.remove();
    labelsRef.current = [];
    if (!estimate) {
      void source?.setData(EMPTY);
      return;
    }
    // Lowest degree (largest ring) first, so the stronger rings are drawn on top.
    const rings = estimate.isoseismalPolygons.features as Feature<Polygon, { degree: number }>[];
    const features = [...rings]
      .sort((a, b) => a.properties.degree - b.properties.degree)
      .map((f) => ({ ...f, properties: { ...f.properties, color: degreeColor(f.properties.degree) } }));
    void source?.setData({ type: 'FeatureCollection', features });
    for (const town of estimate.townships) {
      const el = document.createElement('div');
      el.className = 'eq-seat-label';
      el.style.borderColor = degreeColor(town.degree ?? 0);
      el.textContent = `${town.name} ${town.roman ?? '—'}`;
      el.setAttribute('data-testid', `eq-seat-${town.code}`);
      labelsRef.current.push(new maplibregl.Marker({ element: el }).setLngLat(town.seat).addTo(map));
    }
    const largest = features[0];
    const box = largest ? bboxOf([largest.geometry]) : null;
    if (box) {
      const county = bboxOf(
        boundary?.features.filter((f) => f.properties.role === 'county').map((f) => f.geometry) ?? [],
      );
      const b = county
        ? [
            Math.min(box[0], county[0]),
            Math.min(box[1], county[1]),
            Math.max(box[2], county[2]),
            Math.max(box[3], county[3]),
          ]
        : box;
      map.fitBounds(
        [
          [b[0]!, b[1]!],
          [b[2]!, b[3]!],
        ],
        { padding: 24, duration: 300 },
      );
    }
  }, [estimate, loaded, boundary]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div className="location-picker" style={{ height }} data-testid="earthquake-map">
      <div
        ref={containerRef}
        className="county-map"
        style={{ position: 'absolute', inset: 0 }}
        data-map-ready={loaded ? 'true' : 'false'}
        role="region"
        aria-label={t('hazard.eq.pickHint')}
      />
      {!loaded && (
        <div className="location-picker__loading">
          <Spin />
        </div>
      )}
      <div className="location-picker__hint">{t('hazard.eq.pickHint')}</div>
    </div>
  );
}
