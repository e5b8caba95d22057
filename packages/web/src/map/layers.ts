/**
 * The layers of 一张图, registered in one list. A later feature adds a layer by appending a
 * {@link MapLayerDefinition} to {@link MAP_LAYERS}: it gets the map and the loaded data, adds its sources,
 * style layers or DOM markers, and returns how to show/hide them. The layer switcher lists the entries
 * in array order; `drawOrder` decides what is drawn on top.
 */
import type { Feature, Point } from 'geojson';
import type { Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { Label, LedgerGroup, Permission, RegionDetail } from '@ningan/domain';
import type {
  BoundaryCollection,
  BoundaryFeature,
  RiverCollection,
  VillageCollection,
  VillageProps,
} from '../api/types.ts';
import type { Lang, Translate } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { mountEnterprisesLayer } from './enterprises-layer.ts';
import { bboxOf, growBBox, labelPointOf, labelPointWithin } from './geometry.ts';
import { maplibregl } from './maplibre.ts';
import { REGISTRY_LAYERS } from './registry-layers.ts';

/** Everything the base layers draw, loaded before the map mounts them. */
export interface MapData {
  /** The county with its townships (seats in lon/lat). */
  county: RegionDetail;
  boundary: BoundaryCollection;
  villages: VillageCollection;
  rivers: RiverCollection;
}

export interface MapLayerContext {
  map: MaplibreMap;
  data: MapData;
  /** The translator of the moment (the language can change while the map is open). */
  translate: () => Translate;
  /** The interface language of the moment. */
  lang: () => Lang;
  selectTownship: (code: string) => void;
  /** Client-side navigation, e.g. from a popup link to a record's detail. */
  navigate: (path: string) => void;
  /** Tell the user something went wrong (a toast). */
  notify: (message: string) => void;
}

export interface MountedLayer {
  setVisible: (visible: boolean) => void;
  /**
   * The page's township filter (只看本乡镇): only records of this township (or village) code; null: the
   * whole jurisdiction. Layers that hold records follow it; the base layers leave it out.
   */
  setRegion?: (code: string | null) => void;
}

/** How the layer switcher groups layers: the ledger's groups, then the base map, then enterprises. */
export type MapLayerGroup = LedgerGroup | 'base' | 'enterprises';
export const MAP_LAYER_GROUPS: readonly MapLayerGroup[] = [
  'risk',
  'natural',
  'resource',
  'base',
  'enterprises',
];
export const MAP_LAYER_GROUP_LABELS: Record<MapLayerGroup, MessageKey> = {
  risk: 'map.group.risk',
  natural: 'map.group.natural',
  resource: 'map.group.resource',
  base: 'map.group.base',
  enterprises: 'map.group.enterprises',
};

export interface MapLayerDefinition {
  id: string;
  /** A message key, or the name in both languages (registry layers take theirs from the registry). */
  label: MessageKey | Label;
  group: MapLayerGroup;
  defaultVisible: boolean;
  /** Only for users with it (the layer is neither mounted nor listed otherwise); undefined: everyone. */
  permission?: Permission;
  /** Lower first; style layers added later are drawn above. */
  drawOrder: number;
  mount: (ctx: MapLayerContext) => MountedLayer;
}

/** The layer's name in the interface language. */
export function layerLabel(layer: MapLayerDefinition, t: Translate, lang: Lang): string {
  return typeof layer.label === 'string' ? t(layer.label) : lang === 'en' ? layer.label.en : layer.label.zh;
}

/** Visibility for a set of style layers. */
function styleLayers(map: MaplibreMap, ids: readonly string[]): MountedLayer {
  return {
    setVisible: (visible) => {
      for (const id of ids)
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    },
  };
}

/** Visibility for DOM markers (and any style layers that belong with them). */
function markersAndLayers(
  map: MaplibreMap,
  markers: maplibregl.Marker[],
  ids: readonly string[],
): MountedLayer {
  const layers = styleLayers(map, ids);
  return {
    setVisible: (visible) => {
      layers.setVisible(visible);
      for (const marker of markers) marker.getElement().style.display = visible ? '' : 'none';
    },
  };
}

function collection(features: BoundaryFeature[]): BoundaryCollection {
  return { type: 'FeatureCollection', features };
}

function byRole(data: MapData, role: 'county' | 'township' | 'neighbour'): BoundaryFeature[] {
  return data.boundary.features.filter((f) => f.properties.role === role);
}

/** Soft, mutually distinct fills for the 18 township zones (ColorBrewer Set3/Paired, light). */
const TOWNSHIP_COLORS = [
  '#8dd3c7',
  '#ffffb3',
  '#bebada',
  '#fb8072',
  '#80b1d3',
  '#fdb462',
  '#b3de69',
  '#fccde5',
  '#f4cae4',
  '#bc80bd',
  '#ccebc5',
  '#ffed6f',
  '#a6cee3',
  '#b2df8a',
  '#fdbf6f',
  '#cab2d6',
  '#e5c494',
  '#b3e2cd',
];

export function townshipColor(index: number): string {
  return TOWNSHIP_COLORS[index % TOWNSHIP_COLORS.length] ?? '#cccccc';
}

function labelElement(className: string, testId: string, text: string): HTMLElement {
  const element = document.createElement('div');
  element.className = `map-label ${className}`;
  element.dataset.testid = testId;
  element.textContent = text;
  return element;
}

const countyLayer: MapLayerDefinition = {
  id: 'county',
  label: 'map.layer.county',
  group: 'base',
  defaultVisible: true,
  drawOrder: 40,
  mount: ({ map, data }) => {
    map.addSource('county', { type: 'geojson', data: collection(byRole(data, 'county')) });
    map.addLayer({
      id: 'county-casing',
      type: 'line',
      source: 'county',
      paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.8 },
    });
    map.addLayer({
      id: 'county-line',
      type: 'line',
      source: 'county',
      paint: { 'line-color': '#a61d24', 'line-width': 3 },
    });
    return styleLayers(map, ['county-casing', 'county-line']);
  },
};

const neighboursLayer: MapLayerDefinition = {
  id: 'neighbours',
  label: 'map.layer.neighbours',
  group: 'base',
  defaultVisible: true,
  drawOrder: 10,
  mount: ({ map, data }) => {
    const neighbours = byRole(data, 'neighbour');
    map.addSource('neighbours', { type: 'geojson', data: collection(neighbours) });
    map.addLayer({
      id: 'neighbours-fill',
      type: 'fill',
      source: 'neighbours',
      paint: { 'fill-color': '#d0d0cc', 'fill-opacity': 0.6 },
    });
    map.addLayer({
      id: 'neighbours-line',
      type: 'line',
      source: 'neighbours',
      paint: { 'line-color': '#8c8c8c', 'line-width': 1 },
    });
    // Labels sit in the part of each neighbour that is near our county, where the user looks.
    const countyBox = bboxOf(byRole(data, 'county').map((f) => f.geometry));
    const window = countyBox ? growBBox(countyBox, 0.3) : null;
    const markers = neighbours.flatMap((feature) => {
      const at = window ? labelPointWithin(feature.geometry, window) : labelPointOf(feature.geometry);
      if (!at) return [];
      const element = labelElement('map-label--neighbour', 'neighbour-label', feature.properties.name);
      if (feature.properties.code) element.dataset.code = feature.properties.code;
      return [new maplibregl.Marker({ element, anchor: 'center' }).setLngLat(at).addTo(map)];
    });
    return markersAndLayers(map, markers, ['neighbours-fill', 'neighbours-line']);
  },
};

const townshipsLayer: MapLayerDefinition = {
  id: 'townships',
  label: 'map.layer.townships',
  group: 'base',
  defaultVisible: true,
  drawOrder: 20,
  mount: ({ map, data }) => {
    const zones = byRole(data, 'township')
      .slice()
      .sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)))
      .map((f, i) => ({ ...f, properties: { ...f.properties, color: townshipColor(i) } }));
    map.addSource('townships', { type: 'geojson', data: { type: 'FeatureCollection', features: zones } });
    map.addLayer({
      id: 'townships-fill',
      type: 'fill',
      source: 'townships',
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.5 },
    });
    // Schematic zones get a dashed outline so nobody mistakes them for surveyed boundaries.
    map.addLayer({
      id: 'townships-line',
      type: 'line',
      source: 'townships',
      filter: ['!=', ['get', 'schematic'], true],
      paint: { 'line-color': '#5b6470', 'line-width': 1 },
    });
    map.addLayer({
      id: 'townships-line-schematic',
      type: 'line',
      source: 'townships',
      filter: ['==', ['get', 'schematic'], true],
      paint: { 'line-color': '#5b6470', 'line-width': 1, 'line-dasharray': [3, 2] },
    });
    return styleLayers(map, ['townships-fill', 'townships-line', 'townships-line-schematic']);
  },
};

const riversLayer: MapLayerDefinition = {
  id: 'rivers',
  label: 'map.layer.rivers',
  group: 'base',
  defaultVisible: true,
  drawOrder: 30,
  mount: ({ map, data }) => {
    map.addSource('rivers', { type: 'geojson', data: data.rivers });
    map.addLayer({
      id: 'rivers-line',
      type: 'line',
      source: 'rivers',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': '#2f7ed8',
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 12, 3],
      },
    });
    return styleLayers(map, ['rivers-line']);
  },
};

/** Popup body for a village, built as DOM so names are never parsed as HTML. */
function villagePopup(props: VillageProps, t: Translate): HTMLElement {
  const root = document.createElement('div');
  root.className = 'village-popup';
  root.dataset.testid = 'village-popup';
  const title = document.createElement('strong');
  title.textContent = props.name;
  root.append(title);
  for (const [label, value] of [
    [t('map.code'), props.code],
    [t('map.township'), props.townshipName],
  ] as const) {
    const line = document.createElement('div');
    line.textContent = `${label}：${value}`;
    root.append(line);
  }
  if (props.schematic) {
    const note = document.createElement('div');
    note.className = 'village-popup__schematic';
    note.textContent = t('map.schematic');
    root.append(note);
  }
  return root;
}

function isVillageProps(value: unknown): value is VillageProps {
  return typeof value === 'object' && value !== null && 'code' in value && 'townshipName' in value;
}

/** Show the village popup at a feature (also used by the township panel's village list). */
export function openVillagePopup(map: MaplibreMap, feature: Feature<Point, VillageProps>, t: Translate) {
  const [lon = 0, lat = 0] = feature.geometry.coordinates;
  return new maplibregl.Popup({ offset: 8, maxWidth: '260px' })
    .setLngLat([lon, lat])
    .setDOMContent(villagePopup(feature.properties, t))
    .addTo(map);
}

const villagesLayer: MapLayerDefinition = {
  id: 'villages',
  label: 'map.layer.villages',
  group: 'base',
  defaultVisible: true,
  drawOrder: 50,
  mount: ({ map, data, translate }) => {
    map.addSource('villages', { type: 'geojson', data: data.villages });
    map.addLayer({
      id: 'villages-circle',
      type: 'circle',
      source: 'villages',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 11, 4.5, 14, 7],
        'circle-color': '#c2410c',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
      },
    });

    const hover = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: false,
      offset: 8,
      maxWidth: '260px',
    });
    const propsAt = (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      return feature && isVillageProps(feature.properties) ? feature.properties : null;
    };
    map.on('mousemove', 'villages-circle', (event) => {
      const props = propsAt(event);
      if (!props) return;
      map.getCanvas().style.cursor = 'pointer';
      hover.setLngLat(event.lngLat).setDOMContent(villagePopup(props, translate())).addTo(map);
    });
    map.on('mouseleave', 'villages-circle', () => {
      map.getCanvas().style.cursor = '';
      hover.remove();
    });
    // A tap (phones have no hover) pins a popup with a close button.
    map.on('click', 'villages-circle', (event) => {
      const props = propsAt(event);
      if (!props) return;
      hover.remove();
      new maplibregl.Popup({ offset: 8, maxWidth: '260px' })
        .setLngLat(event.lngLat)
        .setDOMContent(villagePopup(props, translate()))
        .addTo(map);
    });
    return styleLayers(map, ['villages-circle']);
  },
};

const townshipLabelsLayer: MapLayerDefinition = {
  id: 'townshipLabels',
  label: 'map.layer.townshipLabels',
  group: 'base',
  defaultVisible: true,
  drawOrder: 60,
  // Symbol layers would need a glyph server; DOM markers render with the page's own (bundled) font.
  mount: ({ map, data, selectTownship }) => {
    const zones = new Map(byRole(data, 'township').map((f) => [f.properties.code, f.geometry]));
    const markers = data.county.children.flatMap((township) => {
      const zone = zones.get(township.code);
      const at: [number, number] | null =
        township.lon !== null && township.lat !== null
          ? [township.lon, township.lat]
          : zone
            ? labelPointOf(zone)
            : null;
      if (!at) return [];
      const element = labelElement('map-label--township', `township-label-${township.code}`, township.name);
      element.setAttribute('role', 'button');
      element.tabIndex = 0;
      element.addEventListener('click', () => selectTownship(township.code));
      element.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') selectTownship(township.code);
      });
      return [new maplibregl.Marker({ element, anchor: 'center' }).setLngLat(at).addTo(map)];
    });
    return markersAndLayers(map, markers, []);
  },
};

/** Off by default: thousands of points would clutter the county overview. */
const enterprisesLayer: MapLayerDefinition = {
  id: 'enterprises',
  label: 'map.layer.enterprises',
  group: 'enterprises',
  defaultVisible: false,
  permission: 'enterprise:read',
  drawOrder: 55,
  mount: mountEnterprisesLayer,
};

/** Listed by group in the switcher (see MAP_LAYER_GROUPS); within a group in this order. */
export const MAP_LAYERS: readonly MapLayerDefinition[] = [
  ...REGISTRY_LAYERS,
  countyLayer,
  neighboursLayer,
  townshipsLayer,
  villagesLayer,
  riversLayer,
  townshipLabelsLayer,
  enterprisesLayer,
];

/** The layers `can` allows, in registry order. */
export function allowedLayers(can: (permission: Permission) => boolean): MapLayerDefinition[] {
  return MAP_LAYERS.filter((layer) => layer.permission === undefined || can(layer.permission));
}

export type LayerVisibility = Record<string, boolean>;

export function defaultVisibility(): LayerVisibility {
  return Object.fromEntries(MAP_LAYERS.map((layer) => [layer.id, layer.defaultVisible]));
}

/** Mount every registered layer the user may see, in draw order; returns the handles by layer id. */
export function mountLayers(
  ctx: MapLayerContext,
  can: (permission: Permission) => boolean,
): Map<string, MountedLayer> {
  const mounted = new Map<string, MountedLayer>();
  for (const layer of allowedLayers(can).sort((a, b) => a.drawOrder - b.drawOrder)) {
    mounted.set(layer.id, layer.mount(ctx));
  }
  return mounted;
}
