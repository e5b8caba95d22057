/**
 * The small county map of the pickers (a point in a form, a line or polygon being drawn): the offline
 * base style, the county outline and the township boundaries — nothing else — framed on the county.
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { BoundaryCollection } from '../api/types.ts';
import { baseStyle } from './base-style.ts';
import { bboxOf, type BBox } from './geometry.ts';
import { maplibregl } from './maplibre.ts';

export interface PickerMap {
  map: MaplibreMap;
  /** The county's bounding box, to keep it in view. */
  countyBox: BBox | null;
}

/** Creates the map in `container` (throws when WebGL is unavailable); `onLoad` once the layers are in. */
export function createPickerMap(
  container: HTMLElement,
  boundary: BoundaryCollection,
  tileUrl: string | null,
  onLoad: (map: MaplibreMap) => void,
): PickerMap {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(tileUrl),
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    // The drawer scrolls with the wheel; zoom with the buttons or two fingers.
    scrollZoom: false,
    maxZoom: 17,
    minZoom: 6,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  const countyFeatures = boundary.features.filter((f) => f.properties.role === 'county');
  const countyBox = bboxOf(countyFeatures.map((f) => f.geometry));
  if (countyBox) map.fitBounds(countyBox, { padding: 12, duration: 0 });
  map.on('load', () => {
    map.addSource('picker-townships', {
      type: 'geojson',
      data: {
        type: 'FeatureCollection',
        features: boundary.features.filter((f) => f.properties.role === 'township'),
      },
    });
    map.addSource('picker-county', {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: countyFeatures },
    });
    map.addLayer({
      id: 'picker-county-fill',
      type: 'fill',
      source: 'picker-county',
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.55 },
    });
    map.addLayer({
      id: 'picker-townships-line',
      type: 'line',
      source: 'picker-townships',
      paint: { 'line-color': '#8c96a3', 'line-width': 0.8, 'line-dasharray': [3, 2] },
    });
    map.addLayer({
      id: 'picker-county-line',
      type: 'line',
      source: 'picker-county',
      paint: { 'line-color': '#a61d24', 'line-width': 2 },
    });
    onLoad(map);
  });
  return { map, countyBox };
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
