import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Result } from 'antd';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { baseStyle } from './base-style.ts';
import { bboxOf } from './geometry.ts';
import { mountLayers, type LayerVisibility, type MapData, type MountedLayer } from './layers.ts';
import { maplibregl } from './maplibre.ts';

interface CountyMapProps {
  data: MapData;
  /** Raster tiles from the installation's own tile server, drawn beneath everything; null for none. */
  tileUrl: string | null;
  visibility: LayerVisibility;
  /** The township filter (只看本乡镇) for the layers that hold records; null: the whole jurisdiction. */
  region?: string | null;
  onSelectTownship: (code: string) => void;
  /** The live map once created (null after it is removed), for flying to places. */
  onMap: (map: MaplibreMap | null) => void;
  /** Extra room (px) kept clear when fitting the county, e.g. for overlay panels. */
  padding?: number;
}

/**
 * The county map. `data-map-ready="true"` appears on the container once every registered layer is
 * added and the map has gone idle; browser tests wait for it (not for network idle).
 */
export function CountyMap({
  data,
  tileUrl,
  visibility,
  region = null,
  onSelectTownship,
  onMap,
  padding = 32,
}: CountyMapProps) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const containerRef = useRef<HTMLDivElement>(null);
  const layersRef = useRef<Map<string, MountedLayer>>(new Map());
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // Callbacks and the translator change identity; the map reads them through refs instead of being rebuilt.
  const live = useRef({
    t,
    lang,
    can,
    navigate,
    message,
    onSelectTownship,
    onMap,
    visibility,
    region,
    padding,
  });
  useLayoutEffect(() => {
    live.current = { t, lang, can, navigate, message, onSelectTownship, onMap, visibility, region, padding };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let map: MaplibreMap;
    try {
      map = new maplibregl.Map({
        container,
        style: baseStyle(tileUrl),
        attributionControl: tileUrl ? { compact: true } : false,
        dragRotate: false,
        pitchWithRotate: false,
        maxZoom: 17,
        minZoom: 5,
      });
    } catch {
      setFailure(live.current.t('map.noWebgl'));
      return;
    }
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    window.__ninganMap = map;
    live.current.onMap(map);

    map.on('load', () => {
      const county = data.boundary.features.filter((f) => f.properties.role === 'county');
      const box = bboxOf(county.map((f) => f.geometry));
      if (box) map.fitBounds(box, { padding: live.current.padding, duration: 0 });
      layersRef.current = mountLayers(
        {
          map,
          data,
          translate: () => live.current.t,
          lang: () => live.current.lang,
          selectTownship: (code) => live.current.onSelectTownship(code),
          navigate: (path) => void live.current.navigate(path),
          notify: (text) => void live.current.message.error(text),
        },
        live.current.can,
      );
      // The filter first, so a layer that is on from the start fetches the filtered records only.
      for (const layer of layersRef.current.values()) layer.setRegion?.(live.current.region);
      for (const [id, layer] of layersRef.current) layer.setVisible(live.current.visibility[id] ?? true);
      map.once('idle', () => setReady(true));
    });

    return () => {
      setReady(false);
      layersRef.current = new Map();
      live.current.onMap(null);
      if (window.__ninganMap === map) delete window.__ninganMap;
      map.remove();
    };
  }, [data, tileUrl]);

  useEffect(() => {
    for (const layer of layersRef.current.values()) layer.setRegion?.(region);
  }, [region, ready]);
  useEffect(() => {
    for (const [id, layer] of layersRef.current) layer.setVisible(visibility[id] ?? true);
  }, [visibility, ready]);

  if (failure) return <Result status="warning" title={failure} />;
  return (
    <div
      ref={containerRef}
      className="county-map"
      // Inline: maplibre-gl.css sets .maplibregl-map { position: relative } on the same element.
      style={{ position: 'absolute', inset: 0 }}
      data-testid="county-map"
      data-map-ready={ready ? 'true' : 'false'}
      role="region"
      aria-label={t('map.title')}
    />
  );
}
