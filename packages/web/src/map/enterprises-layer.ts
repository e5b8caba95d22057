/**
 * 企业 on the county map: vector tiles from GET /enterprises/tiles/{z}/{x}/{y} (the user's jurisdiction
 * only), clustered by the server (ENTERPRISE_TILES in the domain), points coloured by industry group.
 * Cluster counts are DOM markers (no glyph server). Tiles are fetched only while the layer is shown, so
 * the default map pays nothing.
 *
 * Fast with 50,000 enterprises (issue #3, ≤ 2 s): the server clusters the layer once per change and
 * sends only the tiles in view — at the county overview a few kilobytes of clusters instead of every
 * point — so neither the page nor MapLibre's worker parses or clusters tens of thousands of points.
 * Clusters carry `point_count`, `hazchem` (the red ring) and `expansion_zoom` (a click zooms there);
 * points carry `id` and `industry` (colours are style expressions); the popup loads the enterprise.
 *
 * With the page's township filter ({@link MountedLayer.setRegion}) the tiles are those of the township
 * (`regionCode`); the browser revalidates tiles it already holds (ETag → 304).
 *
 * Style layers `enterprises-clusters`, `enterprises-points`; source `enterprises`.
 */
import type {
  ExpressionSpecification,
  Map as MaplibreMap,
  MapLayerMouseEvent,
  VectorTileSource,
} from 'maplibre-gl';
import { ENTERPRISE_TILES, INDUSTRIES, type EnterpriseView, type Industry } from '@ningan/domain';
import { API_BASE, toQueryString } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import {
  enterpriseDetailPath,
  INDUSTRY_GROUP_COLORS,
  INDUSTRY_GROUPS,
  industryGroup,
  type IndustryGroup,
} from '../features/enterprises/enterprise-model.ts';
import type { Lang, Translate } from '../i18n/i18n.tsx';
import { industryLabel } from '../i18n/labels.ts';
import type { MapData, MapLayerContext, MountedLayer } from './layers.ts';
import { maplibregl } from './maplibre.ts';

const SOURCE = 'enterprises';
const CLUSTERS = 'enterprises-clusters';
const POINTS = 'enterprises-points';

const SOURCE_LAYER = ENTERPRISE_TILES.layer;

/**
 * The tiles' URL template for a region filter (null: the whole jurisdiction). Absolute: MapLibre's
 * worker fetches it, and a relative path would resolve against the worker's script.
 */
export function enterpriseTilesUrl(regionCode: string | null): string {
  return `${window.location.origin}${API_BASE}/enterprises/tiles/{z}/{x}/{y}${toQueryString({ regionCode })}`;
}

/** The industries of each group, from the same rule the enterprise list uses. */
const GROUP_INDUSTRIES = new Map<IndustryGroup, Industry[]>(
  INDUSTRY_GROUPS.map((group) => [group, INDUSTRIES.filter((i) => industryGroup(i) === group)]),
);

/** `['match', ['get', 'industry'], [industries of a group], value, …, fallback]` over the named groups. */
function byGroup(values: Partial<Record<IndustryGroup, string | number>>, fallback: string | number) {
  const arms = Object.entries(values).flatMap(([group, value]) => {
    const industries = GROUP_INDUSTRIES.get(group as IndustryGroup) ?? [];
    return industries.length > 0 ? [industries, value] : [];
  });
  return (arms.length > 0
    ? ['match', ['get', 'industry'], ...arms, fallback]
    : fallback) as unknown as ExpressionSpecification;
}

function townshipAndVillage(data: MapData, code: string): string {
  const township = data.county.children.find((c) => c.code === code.slice(0, 9))?.name ?? code;
  if (code.length !== 12) return township;
  const village = data.villages.features.find((f) => f.properties.code === code)?.properties.name;
  return village ? `${township} · ${village}` : township;
}

/** The detail link, followed inside the app (a plain click) or left to the browser (new tab…). */
function detailLink(id: string, t: Translate, navigate: (path: string) => void): HTMLElement {
  const link = document.createElement('a');
  const path = enterpriseDetailPath(id);
  link.href = path;
  link.textContent = t('enterprises.openDetail');
  link.dataset.testid = 'enterprise-popup-link';
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  });
  return link;
}

/** Popup body, built as DOM so names are never parsed as HTML. */
function popupBody(
  enterprise: EnterpriseView,
  data: MapData,
  t: Translate,
  lang: Lang,
  navigate: (path: string) => void,
): HTMLElement[] {
  const title = document.createElement('strong');
  title.textContent = enterprise.name;
  const parts: (HTMLElement | string)[] = [title];
  if (enterprise.isDemo) {
    const tag = document.createElement('span');
    tag.className = 'enterprise-popup__demo';
    tag.textContent = t('app.demoTag');
    parts.push(' ', tag);
  }
  const head = document.createElement('div');
  head.append(...parts);
  const lines: [string, string | null][] = [
    [t('enterprises.industry'), industryLabel(enterprise.industry, lang)],
    [t('enterprises.region'), townshipAndVillage(data, enterprise.regionCode)],
    [
      t('enterprises.safetyManager'),
      [enterprise.safetyManager, enterprise.safetyManagerPhone].filter(Boolean).join(' ') || null,
    ],
  ];
  return [
    head,
    ...lines.flatMap(([label, value]) => {
      if (value === null) return [];
      const line = document.createElement('div');
      line.textContent = `${label}：${value}`;
      return [line];
    }),
    detailLink(enterprise.id, t, navigate),
  ];
}

/** Count labels over the cluster circles, kept in step with what the source shows. */
function clusterLabels(map: MaplibreMap) {
  const markers = new Map<number, maplibregl.Marker>();
  let visible = false;
  const update = () => {
    if (!visible || !map.getSource(SOURCE) || !map.isSourceLoaded(SOURCE)) return;
    const seen = new Set<number>();
    for (const feature of map.querySourceFeatures(SOURCE, {
      sourceLayer: SOURCE_LAYER,
      filter: ['has', 'point_count'],
    })) {
      const props = feature.properties as { cluster_id?: number; point_count?: number } | null;
      const id = props?.cluster_id;
      if (id === undefined || seen.has(id) || feature.geometry.type !== 'Point') continue;
      seen.add(id);
      if (markers.has(id)) continue;
      const element = document.createElement('div');
      element.className = 'map-cluster-count';
      element.dataset.testid = 'enterprise-cluster-count';
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
  map.on('render', update);
  return {
    setVisible: (next: boolean) => {
      visible = next;
      if (!next) {
        for (const marker of markers.values()) marker.remove();
        markers.clear();
      } else update();
    },
  };
}

export function mountEnterprisesLayer(ctx: MapLayerContext): MountedLayer {
  const { map, data, translate, navigate, notify } = ctx;
  map.addSource(SOURCE, {
    type: 'vector',
    tiles: [enterpriseTilesUrl(null)],
    maxzoom: ENTERPRISE_TILES.maxZoom,
  });
  map.addLayer({
    id: CLUSTERS,
    type: 'circle',
    source: SOURCE,
    'source-layer': SOURCE_LAYER,
    filter: ['has', 'point_count'],
    layout: { visibility: 'none' },
    paint: {
      'circle-color': '#1d5fbf',
      'circle-opacity': 0.78,
      'circle-radius': ['step', ['get', 'point_count'], 13, 20, 17, 100, 22, 500, 28],
      'circle-stroke-width': 2.5,
      'circle-stroke-color': ['case', ['>', ['get', 'hazchem'], 0], INDUSTRY_GROUP_COLORS.hazchem, '#ffffff'],
    },
  });
  map.addLayer({
    id: POINTS,
    type: 'circle',
    source: SOURCE,
    'source-layer': SOURCE_LAYER,
    filter: ['!', ['has', 'point_count']],
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 13, 6, 16, 8],
      'circle-color': byGroup(
        {
          hazchem: INDUSTRY_GROUP_COLORS.hazchem,
          mining: INDUSTRY_GROUP_COLORS.mining,
          oilgas: INDUSTRY_GROUP_COLORS.oilgas,
        },
        INDUSTRY_GROUP_COLORS.other,
      ),
      // A dark ring keeps them apart from the (white-ringed) village points.
      'circle-stroke-color': '#1f1f1f',
      'circle-stroke-width': 1.2,
    },
  });

  const labels = clusterLabels(map);
  /** The region filter the tiles are for ('' the whole jurisdiction). */
  let region = '';
  /** One message per failure, not one per tile; cleared when the layer is shown or filtered again. */
  let reported = false;
  map.on('error', (event: { sourceId?: string; error?: unknown }) => {
    // A listener stops MapLibre's own console report of every error: keep it for the others.
    if (event.sourceId !== SOURCE) {
      console.error(event.error);
      return;
    }
    if (reported) return;
    reported = true;
    const status = (event.error as { status?: unknown } | undefined)?.status;
    notify(
      `${translate()('map.enterprisesFailed')}${typeof status === 'number' && status > 0 ? `（HTTP ${status}）` : ''}`,
    );
  });

  const onPoint = (event: MapLayerMouseEvent) => {
    const feature = event.features?.[0];
    const id = (feature?.properties as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || feature?.geometry.type !== 'Point') return;
    const [lon = event.lngLat.lng, lat = event.lngLat.lat] = feature.geometry.coordinates;
    const root = document.createElement('div');
    root.className = 'enterprise-popup';
    root.dataset.testid = 'enterprise-popup';
    root.setAttribute('aria-busy', 'true');
    root.textContent = translate()('app.loading');
    new maplibregl.Popup({ offset: 8, maxWidth: '280px' })
      .setLngLat([lon, lat])
      .setDOMContent(root)
      .addTo(map);
    api
      .getEnterprise(id)
      .then((enterprise) => {
        root.replaceChildren(...popupBody(enterprise, data, translate(), ctx.lang(), navigate));
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error && error.message ? `：${error.message}` : '';
        root.textContent = `${translate()('map.enterpriseFailed')}${reason}`;
      })
      .finally(() => root.setAttribute('aria-busy', 'false'));
  };
  map.on('click', POINTS, onPoint);
  map.on('click', CLUSTERS, (event) => {
    const feature = event.features?.[0];
    const zoom = (feature?.properties as { expansion_zoom?: unknown } | undefined)?.expansion_zoom;
    if (typeof zoom !== 'number' || feature?.geometry.type !== 'Point') return;
    const [lon = 0, lat = 0] = feature.geometry.coordinates;
    map.easeTo({ center: [lon, lat], zoom: Math.max(zoom, map.getZoom() + 0.5) });
  });
  for (const id of [POINTS, CLUSTERS]) {
    map.on('mouseenter', id, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', id, () => {
      map.getCanvas().style.cursor = '';
    });
  }

  return {
    setVisible: (visible) => {
      // Hidden layers load no tiles: the data comes when the layer is first shown.
      for (const id of [CLUSTERS, POINTS])
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
      labels.setVisible(visible);
      if (visible) reported = false;
    },
    setRegion: (code) => {
      const next = code ?? '';
      if (next === region) return;
      region = next;
      reported = false;
      map.getSource<VectorTileSource>(SOURCE)?.setTiles([enterpriseTilesUrl(code)]);
    },
  };
}
