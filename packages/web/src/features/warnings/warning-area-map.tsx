/**
 * The warning area on the county map (the picker map: outline and townships only): the targeted townships
 * filled, the targeted villages as dots, the drawn polygons and circles, and any extra GeoJSON (an external
 * warning's area). With `drawing` set, clicks draw: a polygon point by point (double-click closes it), or a
 * circle centred on the click with `radiusKm`. No draw plugin: GeoJSON sources and click handlers.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { useBoundary, useCountyCode, usePublicConfig, useVillages } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { bboxOf } from '../../map/geometry.ts';
import { createPickerMap, round6 } from '../../map/picker-map.ts';
import { canClosePolygon, drawnFeatures } from './warnings-model.ts';
import type { WarningLevelKey, WarningTargetArea } from './warnings-types.ts';
import { WARNING_COLORS } from './warning-level.tsx';

export type DrawMode = 'none' | 'polygon' | 'circle';

interface WarningAreaMapProps {
  area: WarningTargetArea;
  level?: WarningLevelKey;
  /** Resolved targets to fill: township and village codes. */
  townshipCodes?: readonly string[];
  villageCodes?: readonly string[];
  extra?: FeatureCollection | null;
  drawing?: DrawMode;
  radiusKm?: number;
  onAreaChange?: (area: WarningTargetArea) => void;
  height?: number | string;
  testId?: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function WarningAreaMap({
  area,
  level = 'orange',
  townshipCodes = [],
  villageCodes = [],
  extra = null,
  drawing = 'none',
  radiusKm = 5,
  onAreaChange,
  height = 380,
  testId = 'warning-area-map',
}: WarningAreaMapProps) {
  const { t } = useI18n();
  const boundary = useBoundary(useCountyCode()).data;
  const villages = useVillages(useCountyCode()).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failure, setFailure] = useState(false);
  const [sketch, setSketch] = useState<{ lon: number; lat: number }[]>([]);
  const live = useRef({ area, drawing, radiusKm, onAreaChange, sketch });
  useLayoutEffect(() => {
    live.current = { area, drawing, radiusKm, onAreaChange, sketch };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !boundary) return;
    let created: MaplibreMap;
    try {
      created = createPickerMap(container, boundary, tileUrl, (m) => {
        m.addSource('wa-townships', {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: boundary.features.filter((f) => f.properties.role === 'township'),
          },
        });
        m.addLayer({
          id: 'wa-townships-fill',
          type: 'fill',
          source: 'wa-townships',
          filter: ['in', ['get', 'code'], ['literal', []]],
          paint: { 'fill-color': '#fa7d00', 'fill-opacity': 0.35 },
        });
        m.addSource('wa-extra', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'wa-extra-fill',
          type: 'fill',
          source: 'wa-extra',
          paint: { 'fill-color': '#722ed1', 'fill-opacity': 0.25 },
        });
        m.addLayer({
          id: 'wa-extra-line',
          type: 'line',
          source: 'wa-extra',
          paint: { 'line-color': '#722ed1', 'line-width': 2 },
        });
        m.addSource('wa-drawn', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'wa-drawn-fill',
          type: 'fill',
          source: 'wa-drawn',
          paint: { 'fill-color': '#fa7d00', 'fill-opacity': 0.2 },
        });
        m.addLayer({
          id: 'wa-drawn-line',
          type: 'line',
          source: 'wa-drawn',
          paint: { 'line-color': '#d4380d', 'line-width': 2 },
        });
        m.addSource('wa-villages', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'wa-villages-dot',
          type: 'circle',
          source: 'wa-villages',
          paint: {
            'circle-radius': 3.5,
            'circle-color': '#d4380d',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1,
          },
        });
        m.addSource('wa-sketch', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'wa-sketch-line',
          type: 'line',
          source: 'wa-sketch',
          paint: { 'line-color': '#1d5fbf', 'line-width': 2, 'line-dasharray': [2, 1] },
        });
        m.addLayer({
          id: 'wa-sketch-dot',
          type: 'circle',
          source: 'wa-sketch',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-radius': 4, 'circle-color': '#1d5fbf' },
        });
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

  // Colours follow the level.
  useEffect(() => {
    if (!map) return;
    const color = WARNING_COLORS[level].background;
    map.setPaintProperty('wa-townships-fill', 'fill-color', color);
    map.setPaintProperty('wa-drawn-fill', 'fill-color', color);
    map.setPaintProperty('wa-villages-dot', 'circle-color', color);
  }, [map, level]);

  useEffect(() => {
    if (!map) return;
    map.setFilter('wa-townships-fill', ['in', ['get', 'code'], ['literal', [...townshipCodes]]]);
    const wanted = new Set(villageCodes);
    void map.getSource<GeoJSONSource>('wa-villages')?.setData({
      type: 'FeatureCollection',
      features: (villages?.features ?? []).filter((f) => wanted.has(f.properties.code)),
    });
  }, [map, townshipCodes, villageCodes, villages]);

  useEffect(() => {
    if (!map) return;
    void map.getSource<GeoJSONSource>('wa-drawn')?.setData(drawnFeatures(area));
  }, [map, area]);

  useEffect(() => {
    if (!map) return;
    void map.getSource<GeoJSONSource>('wa-extra')?.setData(extra ?? EMPTY);
    if (extra && extra.features.length > 0) {
      const box = bboxOf(extra.features.map((f) => f.geometry));
      if (box) map.fitBounds(box, { padding: 40, duration: 0, maxZoom: 12 });
    }
  }, [map, extra]);

  useEffect(() => {
    if (!map) return;
    const line = sketch.length >= 2 ? [sketch.map((p): [number, number] => [p.lon, p.lat])] : [];
    void map.getSource<GeoJSONSource>('wa-sketch')?.setData({
      type: 'FeatureCollection',
      features: [
        ...line.map((coordinates) => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'LineString' as const, coordinates },
        })),
        ...sketch.map((p) => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        })),
      ],
    });
  }, [map, sketch]);

  // Drawing: clicks add points or circles; a double-click closes the polygon.
  useEffect(() => {
    if (!map) return;
    if (drawing === 'none') {
      map.doubleClickZoom.enable();
      map.getCanvas().style.cursor = '';
      setSketch([]);
      return;
    }
    map.doubleClickZoom.disable();
    map.getCanvas().style.cursor = 'crosshair';
    const point = (e: MapMouseEvent) => ({ lon: round6(e.lngLat.lng), lat: round6(e.lngLat.lat) });
    const onClick = (e: MapMouseEvent) => {
      const { area: current, drawing: mode, radiusKm: r, onAreaChange: change } = live.current;
      if (mode === 'circle') {
        change?.({ ...current, circles: [...current.circles, { ...point(e), radiusKm: r }] });
      } else if (mode === 'polygon') {
        setSketch((s) => [...s, point(e)]);
      }
    };
    const onDblClick = (e: MapMouseEvent) => {
      const { area: current, drawing: mode, onAreaChange: change, sketch: pts } = live.current;
      if (mode !== 'polygon') return;
      e.preventDefault();
      // The double-click's own clicks added the same point twice; keep distinct corners.
      const corners = pts.filter((p, i) => i === 0 || p.lon !== pts[i - 1]?.lon || p.lat !== pts[i - 1]?.lat);
      if (!canClosePolygon(corners)) return;
      // Stored closed (first point repeated), as CAP and the area schema want it.
      const first = corners[0]!;
      const last = corners[corners.length - 1]!;
      const ring = first.lon === last.lon && first.lat === last.lat ? corners : [...corners, first];
      change?.({ ...current, polygons: [...current.polygons, ring] });
      setSketch([]);
    };
    map.on('click', onClick);
    map.on('dblclick', onDblClick);
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDblClick);
    };
  }, [map, drawing]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div
      className="warning-area-map"
      style={{ position: 'relative', height }}
      data-testid={testId}
      data-ready={map ? 'true' : 'false'}
      data-drawing={drawing}
      data-sketch={sketch.length}
    >
      {!boundary && <Spin style={{ position: 'absolute', inset: 0, margin: 'auto' }} />}
      <div
        ref={containerRef}
        style={{ position: 'absolute', inset: 0 }}
        role="region"
        aria-label={t('warnings.area.map')}
      />
    </div>
  );
}
