/**
 * The public page's map: the offline base (and the installation's tiles, if any) with each active warning's
 * area filled in its level colour, framed on them. No county data (that needs a login): only what the
 * public warning list carries. Loaded lazily, so the page's text shows first on a slow phone.
 */
import { useEffect, useRef, useState } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { baseStyle } from '../../map/base-style.ts';
import { bboxOf } from '../../map/geometry.ts';
import { maplibregl } from '../../map/maplibre.ts';
import { LEVEL_COLORS } from '../alarms/alarms-model.ts';
import type { PublicWarningView } from '../warnings/warnings-types.ts';

/** Every warning's area features, tagged with its level colour and identifier. */
function areaCollection(items: readonly PublicWarningView[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items.flatMap((w) =>
      w.area.features.map((f): Feature => ({
        type: 'Feature',
        // The server sends GeoJSON geometries (townships' zones, drawn shapes); typed loosely in the schema.
        geometry: f.geometry as Geometry,
        properties: {
          ...(f.properties ?? {}),
          color: LEVEL_COLORS[w.level].background,
          identifier: w.identifier,
        },
      })),
    ),
  };
}

export default function PublicWarningsMap({
  items,
  tileUrl,
  label,
  onPick,
}: {
  items: readonly PublicWarningView[];
  tileUrl: string | null;
  label: string;
  onPick: (identifier: string) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let created: MaplibreMap;
    try {
      created = new maplibregl.Map({
        container,
        style: baseStyle(tileUrl),
        attributionControl: tileUrl ? { compact: true } : false,
        dragRotate: false,
        pitchWithRotate: false,
        cooperativeGestures: true,
        center: [105.0, 35.0],
        zoom: 8,
      });
    } catch {
      setFailed(true);
      return;
    }
    created.touchZoomRotate.disableRotation();
    created.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    created.on('load', () => {
      created.addSource('pw-areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      created.addLayer({
        id: 'pw-areas-fill',
        type: 'fill',
        source: 'pw-areas',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.4 },
      });
      created.addLayer({
        id: 'pw-areas-line',
        type: 'line',
        source: 'pw-areas',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'line-color': ['get', 'color'], 'line-width': 2 },
      });
      created.addLayer({
        id: 'pw-areas-point',
        type: 'circle',
        source: 'pw-areas',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 8,
          'circle-color': ['get', 'color'],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      });
      for (const layer of ['pw-areas-fill', 'pw-areas-point'])
        created.on('click', layer, (e) => {
          const id: unknown = e.features?.[0]?.properties.identifier;
          if (typeof id === 'string') pick.current(id);
        });
      setMap(created);
    });
    return () => {
      setMap(null);
      created.remove();
    };
  }, [tileUrl]);

  useEffect(() => {
    if (!map) return;
    const data = areaCollection(items);
    void map.getSource<GeoJSONSource>('pw-areas')?.setData(data);
    const box = bboxOf(data.features.map((f) => f.geometry));
    if (box) map.fitBounds(box, { padding: 24, duration: 0, maxZoom: 11 });
  }, [map, items]);

  if (failed) return null;
  return (
    <div
      ref={containerRef}
      className="public-map"
      role="region"
      aria-label={label}
      data-testid="public-warnings-map"
      data-ready={map ? 'true' : 'false'}
    />
  );
}
