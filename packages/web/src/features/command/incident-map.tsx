/**
 * The workspace map (loaded lazily: MapLibre is heavy): the county outline and townships, the incident point,
 * the impact radius once the analysis has run, and the resources found (recommendation, impact lists), each a
 * coloured dot with its name on click. No glyphs in the offline style, so names are popups, not labels.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { useBoundary, useCountyCode, usePublicConfig } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { maplibregl } from '../../map/maplibre.ts';
import { createPickerMap } from '../../map/picker-map.ts';
import { circleRing } from '../warnings/warnings-model.ts';

/** A resource on the map; `kind` picks the colour (team, warehouse, shelter, medical, expert, hazard…). */
export interface MapResource {
  id: string;
  name: string;
  kind: string;
  lon: number;
  lat: number;
}

export const RESOURCE_COLORS: Record<string, string> = {
  team: '#d4380d',
  warehouse: '#531dab',
  shelter: '#389e0d',
  medical: '#c41d7f',
  expert: '#0958d9',
  hazard: '#d48806',
  village: '#595959',
  other: '#8c8c8c',
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface IncidentMapProps {
  lon: number | null;
  lat: number | null;
  /** The impact circle, km (drawn around the point). */
  radiusKm: number | null;
  resources: readonly MapResource[];
  height?: number;
}

export default function IncidentMap({ lon, lat, radiusKm, resources, height = 360 }: IncidentMapProps) {
  const { t } = useI18n();
  const boundary = useBoundary(useCountyCode()).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failure, setFailure] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !boundary) return;
    let created: MaplibreMap;
    try {
      created = createPickerMap(container, boundary, tileUrl, (m) => {
        m.addSource('im-impact', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'im-impact-fill',
          type: 'fill',
          source: 'im-impact',
          paint: { 'fill-color': '#fa541c', 'fill-opacity': 0.12 },
        });
        m.addLayer({
          id: 'im-impact-line',
          type: 'line',
          source: 'im-impact',
          paint: { 'line-color': '#fa541c', 'line-width': 1.5, 'line-dasharray': [2, 1] },
        });
        m.addSource('im-resources', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'im-resources',
          type: 'circle',
          source: 'im-resources',
          paint: {
            'circle-radius': 5,
            'circle-color': ['coalesce', ['get', 'color'], '#8c8c8c'],
            'circle-stroke-color': '#fff',
            'circle-stroke-width': 1,
          },
        });
        m.addSource('im-incident', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'im-incident-halo',
          type: 'circle',
          source: 'im-incident',
          paint: { 'circle-radius': 14, 'circle-color': '#f5222d', 'circle-opacity': 0.25 },
        });
        m.addLayer({
          id: 'im-incident',
          type: 'circle',
          source: 'im-incident',
          paint: {
            'circle-radius': 7,
            'circle-color': '#f5222d',
            'circle-stroke-color': '#fff',
            'circle-stroke-width': 2,
          },
        });
        m.on('click', 'im-resources', (e) => {
          const f = e.features?.[0];
          const name = f?.properties?.name as string | undefined;
          if (!f || !name || f.geometry.type !== 'Point') return;
          new maplibregl.Popup({ closeButton: false })
            .setLngLat(f.geometry.coordinates as [number, number])
            .setText(name)
            .addTo(m);
        });
        m.on('mouseenter', 'im-resources', () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', 'im-resources', () => (m.getCanvas().style.cursor = ''));
        setMap(m);
      }).map;
    } catch {
      setFailure(true);
      return;
    }
    return () => {
      setMap(null);
      created.remove();
    };
  }, [boundary, tileUrl]);

  useEffect(() => {
    if (!map) return;
    const hasPoint = typeof lon === 'number' && typeof lat === 'number';
    const point: Feature<Point>[] = hasPoint
      ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }]
      : [];
    void map.getSource<GeoJSONSource>('im-incident')?.setData({
      type: 'FeatureCollection',
      features: point,
    });
    const circle: Feature<Polygon>[] =
      hasPoint && radiusKm
        ? [
            {
              type: 'Feature',
              properties: {},
              geometry: { type: 'Polygon', coordinates: [circleRing(lon, lat, radiusKm)] },
            },
          ]
        : [];
    void map.getSource<GeoJSONSource>('im-impact')?.setData({
      type: 'FeatureCollection',
      features: circle,
    });
    if (hasPoint) {
      if (radiusKm) {
        const ring = circleRing(lon, lat, radiusKm, 16);
        const xs = ring.map((p) => p[0]);
        const ys = ring.map((p) => p[1]);
        map.fitBounds(
          [
            [Math.min(...xs), Math.min(...ys)],
            [Math.max(...xs), Math.max(...ys)],
          ],
          { padding: 24, duration: 300 },
        );
      } else map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 11) });
    }
  }, [map, lon, lat, radiusKm]);

  useEffect(() => {
    if (!map) return;
    void map.getSource<GeoJSONSource>('im-resources')?.setData({
      type: 'FeatureCollection',
      features: resources.map((r) => ({
        type: 'Feature',
        properties: { name: r.name, color: RESOURCE_COLORS[r.kind] ?? RESOURCE_COLORS.other },
        geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      })),
    });
  }, [map, resources]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div className="cmd-map" style={{ height }} data-testid="incident-map">
      <div
        ref={containerRef}
        className="county-map"
        style={{ position: 'absolute', inset: 0 }}
        data-map-ready={map ? 'true' : 'false'}
        role="region"
        aria-label={t('cmd.ws.map')}
      />
      {!map && (
        <div className="location-picker__loading">
          <Spin />
        </div>
      )}
    </div>
  );
}
