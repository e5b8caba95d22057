/**
 * Monitoring stations on the county map: one GeoJSON source of points coloured by
 * {@link stationMarker} (alarm level or device status), the most urgent drawn on top. A hover shows the
 * name and status; a click (or tap) selects the station.
 *
 * Source `monitoring-stations`, style layer `monitoring-stations-circle`.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { StationView } from '@ningan/domain';
import { maplibregl } from '../../map/maplibre.ts';
import type { AlarmLevels } from './monitoring-model.ts';
import { stationMarker } from './monitoring-model.ts';

export const STATIONS_SOURCE = 'monitoring-stations';
export const STATIONS_LAYER = 'monitoring-stations-circle';

interface StationFeatureProps {
  id: string;
  name: string;
  /** The marker key (red … disabled). */
  marker: string;
  /** The marker's name in the interface language, for the hover. */
  markerLabel: string;
  fill: string;
  stroke: string;
  urgency: number;
}

export function stationFeatures(
  stations: readonly StationView[],
  alarms: AlarmLevels,
  labelOf: (marker: ReturnType<typeof stationMarker>['key']) => string,
): FeatureCollection<Point, StationFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: stations.map((s) => {
      const style = stationMarker(s.health.status, alarms.get(s.id));
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
        properties: {
          id: s.id,
          name: s.name,
          marker: style.key,
          markerLabel: labelOf(style.key),
          fill: style.fill,
          stroke: style.stroke,
          urgency: style.urgency,
        },
      };
    }),
  };
}

export interface StationsLayer {
  setData: (data: FeatureCollection<Point, StationFeatureProps>) => void;
  remove: () => void;
}

function hoverBody(props: StationFeatureProps): HTMLElement {
  const root = document.createElement('div');
  root.dataset.testid = 'station-hover';
  const title = document.createElement('strong');
  title.textContent = props.name;
  const status = document.createElement('div');
  status.textContent = props.markerLabel;
  root.append(title, status);
  return root;
}

const isProps = (value: unknown): value is StationFeatureProps =>
  typeof value === 'object' && value !== null && 'id' in value && 'name' in value;

/** Adds the source and layer (the map's style must be loaded). */
export function mountStationsLayer(map: MaplibreMap, onSelect: (id: string) => void): StationsLayer {
  map.addSource(STATIONS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: STATIONS_LAYER,
    type: 'circle',
    source: STATIONS_SOURCE,
    layout: { 'circle-sort-key': ['get', 'urgency'] },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5.5, 11, 8, 14, 11],
      'circle-color': ['get', 'fill'],
      'circle-stroke-color': ['get', 'stroke'],
      'circle-stroke-width': 2,
    },
  });
  const hover = new maplibregl.Popup({
    closeButton: false,
    closeOnClick: false,
    offset: 10,
    maxWidth: '240px',
  });
  const propsAt = (event: MapLayerMouseEvent) => {
    const props: unknown = event.features?.[0]?.properties;
    return isProps(props) ? props : null;
  };
  const onMove = (event: MapLayerMouseEvent) => {
    const props = propsAt(event);
    if (!props) return;
    map.getCanvas().style.cursor = 'pointer';
    hover.setLngLat(event.lngLat).setDOMContent(hoverBody(props)).addTo(map);
  };
  const onLeave = () => {
    map.getCanvas().style.cursor = '';
    hover.remove();
  };
  const onClick = (event: MapLayerMouseEvent) => {
    const props = propsAt(event);
    if (props) onSelect(props.id);
  };
  map.on('mousemove', STATIONS_LAYER, onMove);
  map.on('mouseleave', STATIONS_LAYER, onLeave);
  map.on('click', STATIONS_LAYER, onClick);
  return {
    setData: (data) => {
      void map.getSource<maplibregl.GeoJSONSource>(STATIONS_SOURCE)?.setData(data);
    },
    remove: () => {
      hover.remove();
      map.off('mousemove', STATIONS_LAYER, onMove);
      map.off('mouseleave', STATIONS_LAYER, onLeave);
      map.off('click', STATIONS_LAYER, onClick);
      if (map.getLayer(STATIONS_LAYER)) map.removeLayer(STATIONS_LAYER);
      if (map.getSource(STATIONS_SOURCE)) map.removeSource(STATIONS_SOURCE);
    },
  };
}
