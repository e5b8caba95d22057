/**
 * The ledger registries on 一张图: one layer per registry that has a location (`REGISTRIES` with geometry
 * point, line or polygon), all built by {@link mountRegistryLayer} from the registry's declaration — a new
 * registry in `@ningan/domain` appears on the map without code here.
 *
 * - Points: a clustered GeoJSON source (MapLibre clusters in its worker, so 50,000 points stay fast);
 *   clusters in the registry's accent colour with their count as a DOM marker (no glyph server);
 *   single points coloured by grade (the registry's `GradeSpec` colours, grey when ungraded).
 * - Lines: coloured by grade over a white casing. Polygons: filled semi-transparent by grade, outlined.
 * - Data: `GET /ledger/{registry}/features` the first time the layer is switched on (never at map open
 *   for hidden layers), per township when the page filters by one (`regionCode`), cached per map.
 * - A click opens a popup (name, registry, grade tag, 详情 → `/ledger/{registry}?open={id}`).
 *
 * Ids: source `ledger-<key>`; style layers `ledger-<key>-clusters` and `ledger-<key>-points` (points),
 * `ledger-<key>-casing` and `ledger-<key>-line` (lines), `ledger-<key>-fill` and `ledger-<key>-outline`
 * (polygons). The page reads load states through {@link registryLayersOf}; the township filter comes
 * through each layer's `setRegion` (the map applies the page's filter to every layer).
 */
import { useSyncExternalStore } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type {
  ExpressionSpecification,
  GeoJSONSource,
  Map as MaplibreMap,
  MapGeoJSONFeature,
  MapMouseEvent,
} from 'maplibre-gl';
import { REGISTRIES, type GradeSpec, type RegistryDef } from '@ningan/domain';
import { request } from '../api/client.ts';
import { registryDetailPath } from '../features/registry/registry-model.ts';
import type { Lang, Translate } from '../i18n/i18n.tsx';
import type { MapData, MapLayerContext, MapLayerDefinition, MountedLayer } from './layers.ts';
import { maplibregl } from './maplibre.ts';
import './registry-layers.css';

/** The registries drawn on the map, in declaration order (grouped risk → natural → resource). */
export const MAPPED_REGISTRIES: readonly RegistryDef[] = REGISTRIES.filter((r) => r.geometry !== 'none');

/** On when the map opens: the few a duty officer looks at first; the rest load when switched on. */
const DEFAULT_VISIBLE = new Set(['hazard-sources', 'geo-hazards', 'shelters']);

/** Records without a grade (or whose grade the registry does not declare). */
export const UNGRADED_COLOR = '#8c8c8c';

/**
 * One colour per registry for what is not graded: clusters, the ring of single points, the legend title,
 * and the points of registries without grades. Distinct within a group so overlapping layers stay apart.
 */
const ACCENTS: Record<string, string> = {
  'hazard-sources': '#a8071a',
  'risk-points': '#d46b08',
  wells: '#434343',
  pipelines: '#722ed1',
  'special-equipment': '#006d75',
  'crowded-places': '#c41d7f',
  'fire-units': '#ad8b00',
  'exposed-assets': '#531dab',
  'geo-hazards': '#8b4513',
  'flood-zones': '#1d39c4',
  'forest-areas': '#237804',
  'rescue-teams': '#0958d9',
  equipment: '#391085',
  warehouses: '#08979c',
  shelters: '#389e0d',
};
const GROUP_ACCENTS: Record<RegistryDef['group'], string> = {
  risk: '#a8071a',
  natural: '#7c4a1e',
  resource: '#0958d9',
};

export function registryAccent(def: RegistryDef): string {
  return ACCENTS[def.key] ?? GROUP_ACCENTS[def.group];
}

export function registryGrades(def: RegistryDef): readonly GradeSpec[] {
  return def.grades ?? [];
}

export const sourceIdOf = (key: string) => `ledger-${key}`;

/** The style layers of a registry, bottom first. */
export function styleLayerIdsOf(def: RegistryDef): string[] {
  const source = sourceIdOf(def.key);
  switch (def.geometry) {
    case 'point':
      return [`${source}-clusters`, `${source}-points`];
    case 'line':
      return [`${source}-casing`, `${source}-line`];
    case 'polygon':
      return [`${source}-fill`, `${source}-outline`];
    case 'none':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------------------

/** GET /ledger/{registry}/features: the records of the user's jurisdiction with a location. */
export interface RegistryFeatureProps {
  id: string;
  name: string;
  grade: string | null;
  regionCode: string;
  isDemo: boolean;
}
export type RegistryFeatureCollection = FeatureCollection<Geometry, RegistryFeatureProps>;

export function fetchRegistryFeatures(
  registry: string,
  regionCode: string | null,
  signal?: AbortSignal,
): Promise<RegistryFeatureCollection> {
  return request<RegistryFeatureCollection>(`/ledger/${encodeURIComponent(registry)}/features`, {
    query: { regionCode },
    ...(signal ? { signal } : {}),
  });
}

const EMPTY: RegistryFeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * What the map source holds: the geometry, the grade (for colour) and the feature's index in the full
 * answer (for the popup). Names and ids stay on the main thread: every property is copied to the worker
 * and into each tile, and with the names a 50,000-point layer took twice as long to appear.
 */
interface LeanProps {
  i: number;
  grade: string | null;
}

function leanOf(collection: RegistryFeatureCollection): FeatureCollection<Geometry, LeanProps> {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f, i) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: { i, grade: f.properties.grade },
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Style
// ---------------------------------------------------------------------------------------------------------

/** `grade` → its colour; null or unknown grades grey. Registries without grades use their accent. */
function gradeColor(def: RegistryDef): ExpressionSpecification | string {
  const grades = registryGrades(def);
  if (grades.length === 0) return registryAccent(def);
  // to-string: a null grade becomes '' and falls through to grey.
  return [
    'match',
    ['to-string', ['get', 'grade']],
    ...grades.flatMap((g) => [g.key, g.color]),
    UNGRADED_COLOR,
  ] as unknown as ExpressionSpecification;
}

function addStyleLayers(map: MaplibreMap, def: RegistryDef): void {
  const source = sourceIdOf(def.key);
  const hidden = { visibility: 'none' } as const;
  const color = gradeColor(def);
  switch (def.geometry) {
    case 'point':
      map.addLayer({
        id: `${source}-clusters`,
        type: 'circle',
        source,
        filter: ['has', 'point_count'],
        layout: hidden,
        paint: {
          'circle-color': registryAccent(def),
          'circle-opacity': 0.8,
          'circle-radius': ['step', ['get', 'point_count'], 12, 10, 15, 50, 19, 200, 24, 1000, 29],
          'circle-stroke-width': 2,
          'circle-stroke-color': '#ffffff',
        },
      });
      map.addLayer({
        id: `${source}-points`,
        type: 'circle',
        source,
        filter: ['!', ['has', 'point_count']],
        layout: hidden,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 5, 13, 7, 16, 9],
          'circle-color': color,
          // The accent ring tells registries apart where their grade colours are alike.
          'circle-stroke-color': registryGrades(def).length === 0 ? '#ffffff' : registryAccent(def),
          'circle-stroke-width': 2,
        },
      });
      return;
    case 'line':
      map.addLayer({
        id: `${source}-casing`,
        type: 'line',
        source,
        layout: { ...hidden, 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': '#ffffff',
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 4.5, 13, 7, 16, 10],
          'line-opacity': 0.9,
        },
      });
      map.addLayer({
        id: `${source}-line`,
        type: 'line',
        source,
        layout: { ...hidden, 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': color,
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 13, 4, 16, 6],
        },
      });
      return;
    case 'polygon':
      map.addLayer({
        id: `${source}-fill`,
        type: 'fill',
        source,
        layout: hidden,
        paint: { 'fill-color': color, 'fill-opacity': 0.3 },
      });
      map.addLayer({
        id: `${source}-outline`,
        type: 'line',
        source,
        layout: hidden,
        paint: { 'line-color': color, 'line-width': 1.5 },
      });
      return;
    case 'none':
      return;
  }
}

/**
 * Count labels over one source's cluster circles (DOM markers: no glyph server). Refreshed at most every
 * 120 ms while the map renders, and once after it settles, so panning a big layer stays smooth.
 */
function clusterCounts(map: MaplibreMap, def: RegistryDef) {
  const source = sourceIdOf(def.key);
  const markers = new Map<number, maplibregl.Marker>();
  let visible = false;
  let last = 0;
  let timer: number | undefined;

  const update = () => {
    last = performance.now();
    if (!visible || !map.getSource(source) || !map.isSourceLoaded(source)) return;
    const seen = new Set<number>();
    for (const feature of map.querySourceFeatures(source, { filter: ['has', 'point_count'] })) {
      const props = feature.properties as { cluster_id?: number; point_count?: number } | null;
      const id = props?.cluster_id;
      if (id === undefined || seen.has(id) || feature.geometry.type !== 'Point') continue;
      seen.add(id);
      if (markers.has(id)) continue;
      const element = document.createElement('div');
      element.className = 'map-cluster-count';
      element.dataset.testid = 'registry-cluster-count';
      element.dataset.registry = def.key;
      element.textContent = String(props?.point_count ?? '');
      const [lon = 0, lat = 0] = feature.geometry.coordinates;
      markers.set(id, new maplibregl.Marker({ element }).setLngLat([lon, lat]).addTo(map));
    }
    for (const [id, marker] of markers)
      if (!seen.has(id)) {
        marker.remove();
        markers.delete(id);
      }
  };
  const schedule = () => {
    if (!visible) return;
    if (performance.now() - last > 120) update();
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 130);
  };
  map.on('render', schedule);

  return {
    setVisible: (next: boolean) => {
      visible = next;
      if (next) schedule();
      else {
        window.clearTimeout(timer);
        for (const marker of markers.values()) marker.remove();
        markers.clear();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Popup
// ---------------------------------------------------------------------------------------------------------

/** 新宁镇 · 某村 for a record's region code. */
function regionNameOf(data: MapData, code: string): string {
  if (code === data.county.code) return data.county.name;
  const township = data.county.children.find((c) => c.code === code.slice(0, 9))?.name ?? code;
  if (code.length !== 12) return township;
  const village = data.villages.features.find((f) => f.properties.code === code)?.properties.name;
  return village ? `${township} · ${village}` : township;
}

/** Popup body, built as DOM so names are never parsed as HTML. */
function popupBody(
  def: RegistryDef,
  props: RegistryFeatureProps,
  data: MapData,
  t: Translate,
  lang: Lang,
  navigate: (path: string) => void,
): HTMLElement {
  const root = document.createElement('div');
  root.className = 'registry-popup';
  root.dataset.testid = 'registry-popup';
  root.dataset.registry = def.key;
  const title = document.createElement('strong');
  title.textContent = props.name;
  root.append(title);
  if (props.isDemo) {
    const demo = document.createElement('span');
    demo.className = 'registry-popup__demo';
    demo.textContent = t('app.demoTag');
    root.append(' ', demo);
  }

  const line = (label: string, value: string | HTMLElement) => {
    const row = document.createElement('div');
    row.append(`${label}：`, value);
    root.append(row);
  };
  line(t('map.registry.ledger'), lang === 'en' ? def.en : def.zh);
  const grades = registryGrades(def);
  if (grades.length > 0) {
    const grade = grades.find((g) => g.key === props.grade);
    const tag = document.createElement('span');
    tag.className = 'registry-popup__grade';
    tag.dataset.testid = 'registry-popup-grade';
    tag.style.background = grade?.color ?? UNGRADED_COLOR;
    tag.textContent = grade ? (lang === 'en' ? grade.en : grade.zh) : t('map.registry.ungraded');
    line(t('map.registry.grade'), tag);
  }
  line(t('map.registry.region'), regionNameOf(data, props.regionCode));

  const link = document.createElement('a');
  const path = registryDetailPath(def.key, props.id);
  link.href = path;
  link.textContent = t('map.registry.detail');
  link.dataset.testid = 'registry-popup-link';
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  });
  root.append(link);
  return root;
}

// ---------------------------------------------------------------------------------------------------------
// The per-map controller: lazy loading, the township filter, load states, clicks
// ---------------------------------------------------------------------------------------------------------

export type RegistryLayerState = 'idle' | 'loading' | 'ready' | 'error';
export interface RegistryLayerStatus {
  state: RegistryLayerState;
  /** Features in the source (ready only). */
  count: number | null;
}
export type RegistryStatuses = Readonly<Record<string, RegistryLayerStatus>>;

interface Slot {
  def: RegistryDef;
  ctx: MapLayerContext;
  visible: boolean;
  /** The region filter whose data the source holds ('' the whole jurisdiction); undefined: nothing yet. */
  shown: string | undefined;
  /** Answers already fetched, by region filter ('' the whole jurisdiction). */
  cache: Map<string, RegistryFeatureCollection>;
  /** The answer the source shows (popups read names and ids from it by index). */
  current: RegistryFeatureCollection;
  /** The request on its way, and for which region filter. */
  inflight: { region: string; abort: AbortController } | null;
}

/** Layers other features own: a click on them is theirs, not a registry popup's. */
const FOREIGN_INTERACTIVE = ['villages-circle', 'enterprises-points', 'enterprises-clusters'];

export class RegistryLayersController {
  private region = '';
  private readonly slots = new Map<string, Slot>();
  private statuses: RegistryStatuses = {};
  private readonly listeners = new Set<() => void>();
  private clickBound = false;

  constructor(private readonly map: MaplibreMap) {}

  /** For useSyncExternalStore: stable per controller. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  readonly getStatuses = (): RegistryStatuses => this.statuses;

  /** Only records of this township (or village) code; null: the whole jurisdiction. */
  setRegion(code: string | null): void {
    const next = code ?? '';
    if (next === this.region) return;
    this.region = next;
    for (const slot of this.slots.values()) if (slot.visible) this.sync(slot);
  }

  register(def: RegistryDef, ctx: MapLayerContext): void {
    this.slots.set(def.key, {
      def,
      ctx,
      visible: false,
      shown: undefined,
      cache: new Map(),
      current: EMPTY,
      inflight: null,
    });
    this.setStatus(def.key, { state: 'idle', count: null });
    if (!this.clickBound) {
      this.clickBound = true;
      this.map.on('click', (event) => this.onClick(event));
    }
  }

  setVisible(key: string, visible: boolean): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    const wasVisible = slot.visible;
    slot.visible = visible;
    // A failed load is retried when the layer is switched on again, not on every other layer's toggle.
    if (visible && (!wasVisible || this.statuses[key]?.state !== 'error')) this.sync(slot);
  }

  private setStatus(key: string, status: RegistryLayerStatus): void {
    this.statuses = { ...this.statuses, [key]: status };
    for (const listener of this.listeners) listener();
  }

  private show(slot: Slot, region: string, collection: RegistryFeatureCollection): void {
    slot.shown = region;
    slot.current = collection;
    void this.map.getSource<GeoJSONSource>(sourceIdOf(slot.def.key))?.setData(leanOf(collection));
    this.setStatus(slot.def.key, { state: 'ready', count: collection.features.length });
  }

  /** Make the source hold the current region's data: from the cache or one request. */
  private sync(slot: Slot): void {
    const region = this.region;
    if (slot.inflight ? slot.inflight.region === region : slot.shown === region) return;
    slot.inflight?.abort.abort();
    slot.inflight = null;
    const cached = slot.cache.get(region);
    if (cached) {
      this.show(slot, region, cached);
      return;
    }
    const request = { region, abort: new AbortController() };
    slot.inflight = request;
    this.setStatus(slot.def.key, { state: 'loading', count: null });
    fetchRegistryFeatures(slot.def.key, region || null, request.abort.signal)
      .then((collection) => {
        if (slot.inflight !== request) return;
        slot.inflight = null;
        slot.cache.set(region, collection);
        this.show(slot, region, collection);
      })
      .catch((error: unknown) => {
        if (slot.inflight !== request) return;
        slot.inflight = null;
        this.setStatus(slot.def.key, { state: 'error', count: null });
        const t = slot.ctx.translate();
        const name = slot.ctx.lang() === 'en' ? slot.def.en : slot.def.zh;
        const reason = error instanceof Error && error.message ? `：${error.message}` : '';
        slot.ctx.notify(`${t('map.registry.failed', { name })}${reason}`);
      });
  }

  /**
   * One handler for every registry layer, so overlapping layers open one popup: the topmost point,
   * cluster or line within a few pixels, else the polygon under the pointer — unless a village or an
   * enterprise is right there (their own handlers answer).
   */
  private onClick(event: MapMouseEvent): void {
    const map = this.map;
    const near: string[] = [];
    const areas: string[] = [];
    for (const slot of this.slots.values()) {
      if (!slot.visible) continue;
      const [bottom, top] = styleLayerIdsOf(slot.def);
      if (slot.def.geometry === 'polygon') {
        if (bottom && map.getLayer(bottom)) areas.push(bottom);
      } else {
        for (const id of slot.def.geometry === 'point' ? [bottom, top] : [top])
          if (id && map.getLayer(id)) near.push(id);
      }
    }
    if (near.length === 0 && areas.length === 0) return;
    const foreign = FOREIGN_INTERACTIVE.filter((id) => map.getLayer(id));
    const under = map.queryRenderedFeatures(event.point, { layers: [...foreign, ...near, ...areas] });
    if (under[0] && foreign.includes(under[0].layer.id)) return;

    const { x, y } = event.point;
    const box: [[number, number], [number, number]] = [
      [x - 5, y - 5],
      [x + 5, y + 5],
    ];
    const hit =
      (near.length > 0 ? map.queryRenderedFeatures(box, { layers: near })[0] : undefined) ??
      under.find((f) => areas.includes(f.layer.id));
    if (hit) this.openFeature(hit, event);
  }

  private openFeature(feature: MapGeoJSONFeature, event: MapMouseEvent): void {
    const slot = [...this.slots.values()].find((s) => styleLayerIdsOf(s.def).includes(feature.layer.id));
    if (!slot) return;
    const props = feature.properties as Record<string, unknown> | null;
    const clusterId = props?.cluster_id;
    if (typeof clusterId === 'number') {
      if (feature.geometry.type !== 'Point') return;
      const [lon = 0, lat = 0] = feature.geometry.coordinates;
      void this.map
        .getSource<GeoJSONSource>(sourceIdOf(slot.def.key))
        ?.getClusterExpansionZoom(clusterId)
        .then((zoom) => this.map.easeTo({ center: [lon, lat], zoom }));
      return;
    }
    const index = props?.i;
    const full = typeof index === 'number' ? slot.current.features[index]?.properties : undefined;
    if (!full) return;
    const at: [number, number] =
      feature.geometry.type === 'Point'
        ? [
            feature.geometry.coordinates[0] ?? event.lngLat.lng,
            feature.geometry.coordinates[1] ?? event.lngLat.lat,
          ]
        : [event.lngLat.lng, event.lngLat.lat];
    const { ctx } = slot;
    new maplibregl.Popup({ offset: 8, maxWidth: '280px' })
      .setLngLat(at)
      .setDOMContent(popupBody(slot.def, full, ctx.data, ctx.translate(), ctx.lang(), ctx.navigate))
      .addTo(this.map);
  }
}

const controllers = new WeakMap<MaplibreMap, RegistryLayersController>();

/** The registry layers of a map (created on first use, by the layers or by the page). */
export function registryLayersOf(map: MaplibreMap): RegistryLayersController {
  let controller = controllers.get(map);
  if (!controller) {
    controller = new RegistryLayersController(map);
    controllers.set(map, controller);
  }
  return controller;
}

const NO_STATUSES: RegistryStatuses = {};
const noSubscription = () => () => undefined;
const noStatuses = () => NO_STATUSES;

/** Load state of every registry layer on `map`, re-rendering as layers load. */
export function useRegistryStatuses(map: MaplibreMap | null): RegistryStatuses {
  const controller = map ? registryLayersOf(map) : null;
  return useSyncExternalStore(
    controller ? controller.subscribe : noSubscription,
    controller ? controller.getStatuses : noStatuses,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Mount and register
// ---------------------------------------------------------------------------------------------------------

/** Adds a registry's source and style layers (hidden, empty); data comes when it is first shown. */
export function mountRegistryLayer(def: RegistryDef, ctx: MapLayerContext): MountedLayer {
  const { map } = ctx;
  const source = sourceIdOf(def.key);
  map.addSource(source, {
    type: 'geojson',
    data: EMPTY,
    ...(def.geometry === 'point' ? { cluster: true, clusterRadius: 44, clusterMaxZoom: 13 } : {}),
  });
  addStyleLayers(map, def);
  const ids = styleLayerIdsOf(def);
  const counts = def.geometry === 'point' ? clusterCounts(map, def) : null;
  const controller = registryLayersOf(map);
  controller.register(def, ctx);

  // Large areas get no pointer cursor: it would show over half the county.
  if (def.geometry !== 'polygon')
    for (const id of ids) {
      map.on('mouseenter', id, () => {
        map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', id, () => {
        map.getCanvas().style.cursor = '';
      });
    }

  return {
    setVisible: (visible) => {
      for (const id of ids)
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
      counts?.setVisible(visible);
      controller.setVisible(def.key, visible);
    },
    // Every registry layer forwards to the one controller, which acts on the first call per change.
    setRegion: (code) => controller.setRegion(code),
  };
}

/** Polygons under the rivers and villages, lines above the rivers, points above everything drawn. */
const DRAW_ORDER: Record<RegistryDef['geometry'], number> = { polygon: 25, line: 35, point: 56, none: 0 };

/** The map layer of every located registry, in registry order. */
export const REGISTRY_LAYERS: readonly MapLayerDefinition[] = MAPPED_REGISTRIES.map((def, index) => ({
  id: def.key,
  label: { zh: def.zh, en: def.en },
  group: def.group,
  defaultVisible: DEFAULT_VISIBLE.has(def.key),
  permission: 'ledger:read',
  drawOrder: DRAW_ORDER[def.geometry] + index / 100,
  mount: (ctx) => mountRegistryLayer(def, ctx),
}));
