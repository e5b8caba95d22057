/**
 * The 大屏's county map: dark, no controls to fiddle with, framed on the county. The townships under a warning
 * in force are tinted with its colour (drawn polygons and circles too), open alarms are dots in their level's
 * colour, active incidents are pulsing markers in their grade's colour with their title, big enough to read
 * across the room. Names are DOM markers: the offline style has no glyphs (map/base-style.ts).
 * `data-map-ready="true"` once the layers are in and the map has gone idle.
 */
import { useEffect, useRef, useState } from 'react';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap, Marker } from 'maplibre-gl';
import type { AlarmLevel, IncidentView, WarningArea, WarningLevel } from '@ningan/domain';
import type { BoundaryCollection } from '../../api/types.ts';
import { LEVEL_COLORS } from '../alarms/alarms-model.ts';
import { drawnFeatures } from '../warnings/warnings-model.ts';
import { bboxOf, labelPointOf } from '../../map/geometry.ts';
import { maplibregl } from '../../map/maplibre.ts';
import { GRADE_COLORS, gradeKeyOf, warningLevelsByTownship } from './screen-model.ts';

export interface ScreenWarning {
  id: string;
  level: WarningLevel;
  area: WarningArea;
}

export interface ScreenAlarm {
  id: string;
  level: AlarmLevel;
  lon: number | null;
  lat: number | null;
}

interface ScreenMapProps {
  boundary: BoundaryCollection;
  incidents: readonly IncidentView[];
  alarms: readonly ScreenAlarm[];
  warnings: readonly ScreenWarning[];
  ariaLabel: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function alarmFeatures(alarms: readonly ScreenAlarm[]): FeatureCollection<Point, { color: string }> {
  return {
    type: 'FeatureCollection',
    features: alarms.flatMap((a) =>
      a.lon === null || a.lat === null
        ? []
        : [
            {
              type: 'Feature' as const,
              properties: { color: LEVEL_COLORS[a.level].background },
              geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
            },
          ],
    ),
  };
}

function warningTownships(
  boundary: BoundaryCollection,
  warnings: readonly ScreenWarning[],
): FeatureCollection<Polygon | import('geojson').MultiPolygon, { color: string }> {
  const townships = boundary.features.filter((f) => f.properties.role === 'township');
  const levels = warningLevelsByTownship(
    warnings.map((w) => ({ level: w.level, regionCodes: w.area.regionCodes })),
    townships.flatMap((f) => (f.properties.code ? [f.properties.code] : [])),
  );
  return {
    type: 'FeatureCollection',
    features: townships.flatMap((f) => {
      const level = f.properties.code ? levels.get(f.properties.code) : undefined;
      return level ? [{ ...f, properties: { color: LEVEL_COLORS[level].background } }] : [];
    }),
  };
}

function warningDrawn(warnings: readonly ScreenWarning[]): FeatureCollection<Polygon, { color: string }> {
  return {
    type: 'FeatureCollection',
    features: warnings.flatMap((w) =>
      drawnFeatures(w.area).features.map((f) => ({
        ...f,
        properties: { color: LEVEL_COLORS[w.level].background },
      })),
    ),
  };
}

function incidentMarker(incident: IncidentView): HTMLElement {
  const el = document.createElement('div');
  el.className = 'screen-incident';
  el.style.setProperty('--grade-color', GRADE_COLORS[gradeKeyOf(incident.grade)]);
  el.dataset.testid = 'screen-incident-marker';
  const dot = document.createElement('span');
  dot.className = 'screen-incident__dot';
  const label = document.createElement('span');
  label.className = 'screen-incident__label';
  label.textContent = incident.grade ? `${incident.title} · ${incident.grade}` : incident.title;
  el.append(dot, label);
  return el;
}

export function ScreenMap({ boundary, incidents, alarms, warnings, ariaLabel }: ScreenMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let created: MaplibreMap;
    try {
      created = new maplibregl.Map({
        container,
        style: {
          version: 8,
          sources: {},
          layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#06101f' } }],
        },
        attributionControl: false,
        interactive: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    const county = boundary.features.filter((f) => f.properties.role === 'county');
    const townships = boundary.features.filter((f) => f.properties.role === 'township');
    const box = bboxOf(county.map((f) => f.geometry));
    if (box) created.fitBounds(box, { padding: 40, duration: 0 });
    const names: Marker[] = [];
    created.on('load', () => {
      created.addSource('screen-county', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: county },
      });
      created.addSource('screen-townships', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: townships },
      });
      created.addSource('screen-warn-townships', { type: 'geojson', data: EMPTY });
      created.addSource('screen-warn-drawn', { type: 'geojson', data: EMPTY });
      created.addSource('screen-alarms', { type: 'geojson', data: EMPTY });
      created.addLayer({
        id: 'screen-county-fill',
        type: 'fill',
        source: 'screen-county',
        paint: { 'fill-color': '#0d2748', 'fill-opacity': 0.9 },
      });
      created.addLayer({
        id: 'screen-warn-townships-fill',
        type: 'fill',
        source: 'screen-warn-townships',
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.28 },
      });
      created.addLayer({
        id: 'screen-warn-drawn-fill',
        type: 'fill',
        source: 'screen-warn-drawn',
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.22 },
      });
      created.addLayer({
        id: 'screen-warn-drawn-line',
        type: 'line',
        source: 'screen-warn-drawn',
        paint: { 'line-color': ['get', 'color'], 'line-width': 2 },
      });
      created.addLayer({
        id: 'screen-townships-line',
        type: 'line',
        source: 'screen-townships',
        paint: { 'line-color': '#3f6ea8', 'line-width': 1.2, 'line-dasharray': [3, 2] },
      });
      created.addLayer({
        id: 'screen-county-line',
        type: 'line',
        source: 'screen-county',
        paint: { 'line-color': '#4fc3ff', 'line-width': 3 },
      });
      created.addLayer({
        id: 'screen-alarms',
        type: 'circle',
        source: 'screen-alarms',
        paint: {
          'circle-radius': 9,
          'circle-color': ['get', 'color'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      for (const f of townships) {
        const at = labelPointOf(f.geometry);
        if (!at) continue;
        const el = document.createElement('div');
        el.className = 'screen-township';
        el.textContent = f.properties.name;
        names.push(new maplibregl.Marker({ element: el }).setLngLat(at).addTo(created));
      }
      setMap(created);
      created.once('idle', () => setReady(true));
    });
    return () => {
      for (const m of names) m.remove();
      setMap(null);
      setReady(false);
      created.remove();
    };
  }, [boundary]);

  useEffect(() => {
    if (!map) return;
    void map.getSource<GeoJSONSource>('screen-alarms')?.setData(alarmFeatures(alarms));
  }, [map, alarms]);

  useEffect(() => {
    if (!map) return;
    void map.getSource<GeoJSONSource>('screen-warn-townships')?.setData(warningTownships(boundary, warnings));
    void map.getSource<GeoJSONSource>('screen-warn-drawn')?.setData(warningDrawn(warnings));
  }, [map, boundary, warnings]);

  useEffect(() => {
    if (!map) return;
    const markers = incidents.flatMap((incident) =>
      incident.lon === null || incident.lat === null
        ? []
        : [
            new maplibregl.Marker({ element: incidentMarker(incident) })
              .setLngLat([incident.lon, incident.lat])
              .addTo(map),
          ],
    );
    return () => {
      for (const m of markers) m.remove();
    };
  }, [map, incidents]);

  if (failed) return <div className="screen-map screen-map--failed">WebGL</div>;
  return (
    <div
      ref={containerRef}
      className="screen-map"
      role="region"
      aria-label={ariaLabel}
      data-testid="screen-map"
      data-map-ready={ready ? 'true' : 'false'}
    />
  );
}
