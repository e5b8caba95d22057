/**
 * 企业 on the county map: points from GET /enterprises/geojson (the user's jurisdiction only), coloured
 * by industry group, clustered because the county has thousands. Cluster counts are DOM markers (no glyph
 * server). The data is fetched the first time the layer is switched on, so the default map pays nothing.
 *
 * Style layers `enterprises-clusters`, `enterprises-points`; source `enterprises`.
 */
import type { Feature, Point } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap, MapGeoJSONFeature, MapLayerMouseEvent } from 'maplibre-gl';
import { api } from '../api/endpoints.ts';
import type { EnterpriseCollection, EnterpriseFeatureProps } from '../api/types.ts';
import {
  enterpriseDetailPath,
  INDUSTRY_GROUP_COLORS,
  industryGroup,
} from '../features/enterprises/enterprise-model.ts';
import type { Lang, Translate } from '../i18n/i18n.tsx';
import { industryLabel } from '../i18n/labels.ts';
import type { MapData, MapLayerContext, MountedLayer } from './layers.ts';
import { maplibregl } from './maplibre.ts';

const SOURCE = 'enterprises';
const CLUSTERS = 'enterprises-clusters';
const POINTS = 'enterprises-points';

type PointProps = EnterpriseFeatureProps & { group: string };

function townshipAndVillage(data: MapData, code: string): string {
  const township = data.county.children.find((c) => c.code === code.slice(0, 9))?.name ?? code;
  if (code.length !== 12) return township;
  const village = data.villages.features.find((f) => f.properties.code === code)?.properties.name;
  return village ? `${township} · ${village}` : township;
}

function isPointProps(value: unknown): value is PointProps {
  return typeof value === 'object' && value !== null && 'id' in value && 'industry' in value;
}

/** Popup body, built as DOM so names are never parsed as HTML. */
function popupBody(
  props: PointProps,
  data: MapData,
  t: Translate,
  lang: Lang,
  navigate: (path: string) => void,
): HTMLElement {
  const root = document.createElement('div');
  root.className = 'enterprise-popup';
  root.dataset.testid = 'enterprise-popup';
  const title = document.createElement('strong');
  title.textContent = props.name;
  root.append(title);
  if (props.isDemo) {
    const tag = document.createElement('span');
    tag.className = 'enterprise-popup__demo';
    tag.textContent = t('app.demoTag');
    root.append(' ', tag);
  }
  const industry = props.industry;
  for (const [label, value] of [
    [t('enterprises.industry'), industryLabel(industry, lang)],
    [t('enterprises.region'), townshipAndVillage(data, props.regionCode)],
  ] as const) {
    const line = document.createElement('div');
    line.textContent = `${label}：${value}`;
    root.append(line);
  }
  const link = document.createElement('a');
  const path = enterpriseDetailPath(props.id);
  link.href = path;
  link.textContent = t('enterprises.openDetail');
  link.dataset.testid = 'enterprise-popup-link';
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  });
  root.append(link);
  return root;
}

function withGroups(collection: EnterpriseCollection): EnterpriseCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f): Feature<Point, PointProps> => ({
      ...f,
      properties: { ...f.properties, group: industryGroup(f.properties.industry) },
    })),
  };
}

/** Count labels over the cluster circles, kept in step with what the source shows. */
function clusterLabels(map: MaplibreMap) {
  const markers = new Map<number, maplibregl.Marker>();
  let visible = false;
  const update = () => {
    if (!visible || !map.getSource(SOURCE) || !map.isSourceLoaded(SOURCE)) return;
    const seen = new Set<number>();
    for (const feature of map.querySourceFeatures(SOURCE, { filter: ['has', 'point_count'] })) {
      const props = feature.properties as { cluster_id?: number; point_count?: number } | null;
      const id = props?.cluster_id;
      if (id === undefined || seen.has(id) || feature.geometry.type !== 'Point') continue;
      seen.add(id);
      if (markers.has(id)) continue;
      const element = document.createElement('div');
      element.className = 'map-cluster-count';
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
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 48,
    clusterMaxZoom: 13,
    // Clusters that hold hazardous-chemical firms get a red ring.
    clusterProperties: { hazchem: ['+', ['case', ['==', ['get', 'group'], 'hazchem'], 1, 0]] },
  });
  map.addLayer({
    id: CLUSTERS,
    type: 'circle',
    source: SOURCE,
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
    filter: ['!', ['has', 'point_count']],
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 13, 6, 16, 8],
      'circle-color': [
        'match',
        ['get', 'group'],
        'hazchem',
        INDUSTRY_GROUP_COLORS.hazchem,
        'mining',
        INDUSTRY_GROUP_COLORS.mining,
        'oilgas',
        INDUSTRY_GROUP_COLORS.oilgas,
        INDUSTRY_GROUP_COLORS.other,
      ],
      // A dark ring keeps them apart from the (white-ringed) village points.
      'circle-stroke-color': '#1f1f1f',
      'circle-stroke-width': 1.2,
    },
  });

  const labels = clusterLabels(map);
  let requested = false;
  const load = () => {
    requested = true;
    api
      .enterprisesGeojson()
      .then((collection) => {
        const source = map.getSource<GeoJSONSource>(SOURCE);
        void source?.setData(withGroups(collection));
      })
      .catch((error: unknown) => {
        requested = false;
        notify(
          `${translate()('map.enterprisesFailed')}${error instanceof Error && error.message ? `：${error.message}` : ''}`,
        );
      });
  };

  const propsAt = (event: MapLayerMouseEvent): PointProps | null => {
    const feature: MapGeoJSONFeature | undefined = event.features?.[0];
    return feature && isPointProps(feature.properties) ? feature.properties : null;
  };
  map.on('click', POINTS, (event) => {
    const props = propsAt(event);
    if (!props) return;
    const { t, lang } = { t: translate(), lang: ctx.lang() };
    new maplibregl.Popup({ offset: 8, maxWidth: '280px' })
      .setLngLat(event.lngLat)
      .setDOMContent(popupBody(props, data, t, lang, navigate))
      .addTo(map);
  });
  map.on('click', CLUSTERS, (event) => {
    const feature = event.features?.[0];
    const clusterId = (feature?.properties as { cluster_id?: number } | undefined)?.cluster_id;
    if (clusterId === undefined || feature?.geometry.type !== 'Point') return;
    const [lon = 0, lat = 0] = feature.geometry.coordinates;
    void map
      .getSource<GeoJSONSource>(SOURCE)
      ?.getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center: [lon, lat], zoom }));
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
      for (const id of [CLUSTERS, POINTS])
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
      labels.setVisible(visible);
      if (visible && !requested) load();
    },
  };
}
