/**
 * Drawing a line (a pipeline) or a polygon (a flash-flood zone, a forest area) on the county map: each
 * click adds a vertex, 撤销 removes the last, 清除 starts over. The value is the GeoJSON geometry text the
 * form already takes (typed or pasted values show on the map too), so drawing and typing are one field.
 * Loaded lazily, so MapLibre is only fetched when a form needs it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { ClearOutlined, UndoOutlined } from '@ant-design/icons';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { useBoundary, useCountyCode, usePublicConfig } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { createPickerMap, round6 } from '../../map/picker-map.ts';
import { geometryText, verticesOf, type Position } from './geometry-text.ts';

export interface GeometryPickerProps {
  kind: 'line' | 'polygon';
  /** The form's GeoJSON text (may be empty or not yet valid). */
  value: string | undefined;
  onChange: (text: string) => void;
  height?: number;
}

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

export default function GeometryPicker({ kind, value, onChange, height = 260 }: GeometryPickerProps) {
  const { t } = useI18n();
  const boundary = useBoundary(useCountyCode()).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState(false);
  const vertices = verticesOf(kind, value);
  // The click handler is bound once; it reads the current vertices and callback from here.
  const live = useRef({ vertices, onChange });
  useLayoutEffect(() => {
    live.current = { vertices, onChange };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !boundary) return;
    let map: MaplibreMap;
    try {
      map = createPickerMap(container, boundary, tileUrl, (m) => {
        m.addSource('drawing', { type: 'geojson', data: EMPTY });
        m.addLayer({
          id: 'drawing-fill',
          type: 'fill',
          source: 'drawing',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': '#1d5fbf', 'fill-opacity': 0.2 },
        });
        m.addLayer({
          id: 'drawing-line',
          type: 'line',
          source: 'drawing',
          filter: ['!=', ['geometry-type'], 'Point'],
          paint: { 'line-color': '#1d5fbf', 'line-width': 3 },
        });
        m.addLayer({
          id: 'drawing-vertices',
          type: 'circle',
          source: 'drawing',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: {
            'circle-radius': 5,
            'circle-color': '#fff',
            'circle-stroke-color': '#1d5fbf',
            'circle-stroke-width': 2,
          },
        });
        setLoaded(true);
      }).map;
    } catch {
      setFailure(true);
      return;
    }
    mapRef.current = map;
    map.getCanvas().style.cursor = 'crosshair';
    map.on('click', (event) => {
      const next: Position[] = [
        ...live.current.vertices,
        [round6(event.lngLat.lng), round6(event.lngLat.lat)],
      ];
      live.current.onChange(geometryText(kind, next));
    });
    return () => {
      mapRef.current = null;
      setLoaded(false);
      map.remove();
    };
  }, [boundary, tileUrl, kind]);

  // The drawing follows the value (clicked, undone, typed or pasted).
  const key = JSON.stringify(vertices);
  useEffect(() => {
    const source = mapRef.current?.getSource<GeoJSONSource>('drawing');
    if (!loaded || !source) return;
    const points: Position[] = JSON.parse(key) as Position[];
    const shape =
      points.length >= 2
        ? [
            {
              type: 'Feature' as const,
              properties: {},
              geometry:
                kind === 'polygon' && points.length >= 3
                  ? { type: 'Polygon' as const, coordinates: [[...points, points[0] as Position]] }
                  : { type: 'LineString' as const, coordinates: points },
            },
          ]
        : [];
    void source.setData({
      type: 'FeatureCollection',
      features: [
        ...shape,
        ...points.map((p) => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'Point' as const, coordinates: p },
        })),
      ],
    });
  }, [key, loaded, kind]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div data-testid="geometry-picker">
      <div className="location-picker" style={{ height }}>
        <div
          ref={containerRef}
          className="county-map"
          style={{ position: 'absolute', inset: 0 }}
          data-map-ready={loaded ? 'true' : 'false'}
          role="region"
          aria-label={t(kind === 'line' ? 'registry.drawLineHint' : 'registry.drawPolygonHint')}
        />
        {!loaded && (
          <div className="location-picker__loading">
            <Spin />
          </div>
        )}
        <div className="location-picker__hint">
          {t(kind === 'line' ? 'registry.drawLineHint' : 'registry.drawPolygonHint')}
        </div>
      </div>
      <Space style={{ marginTop: 8 }} wrap>
        <Typography.Text type="secondary" data-testid="geometry-vertex-count">
          {t('registry.drawVertices', { count: vertices.length })}
        </Typography.Text>
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={vertices.length === 0}
          onClick={() => onChange(geometryText(kind, vertices.slice(0, -1)))}
          data-testid="geometry-undo"
        >
          {t('registry.drawUndo')}
        </Button>
        <Button
          size="small"
          icon={<ClearOutlined />}
          disabled={vertices.length === 0}
          onClick={() => onChange('')}
          data-testid="geometry-clear"
        >
          {t('registry.drawClear')}
        </Button>
      </Space>
    </div>
  );
}
