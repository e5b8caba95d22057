/**
 * The county map with one badge per station, coloured by the highest weather signal observed there (grey:
 * none). Badges are DOM markers (the offline base style has no glyphs). Loaded lazily with MapLibre.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import type { Map as MaplibreMap, Marker } from 'maplibre-gl';
import type { StationSignalsView } from '@ningan/domain';
import { useBoundary, useCountyCode, usePublicConfig } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { maplibregl } from '../../map/maplibre.ts';
import { createPickerMap } from '../../map/picker-map.ts';
import { LEVEL_NAMES, SIGNAL_COLORS, SIGNAL_TEXT } from './weather-labels.ts';

export default function SignalMap({ items, height = 360 }: { items: StationSignalsView[]; height?: number }) {
  const { t, lang } = useI18n();
  const boundary = useBoundary(useCountyCode()).data;
  const tileUrl = usePublicConfig().data?.mapTileUrl ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failure, setFailure] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !boundary) return;
    let created: MaplibreMap;
    try {
      created = createPickerMap(container, boundary, tileUrl, (m) => setMap(m)).map;
    } catch {
      setFailure(true);
      return;
    }
    return () => {
      setMap(null);
      created.remove();
    };
  }, [boundary, tileUrl]);

  useEffect(() => {
    if (!map) return;
    const markers: Marker[] = items.map((item) => {
      const el = document.createElement('div');
      const level = item.level;
      el.className = 'weather-badge';
      el.style.background = level ? SIGNAL_COLORS[level] : '#8c8c8c';
      el.style.color = level ? SIGNAL_TEXT[level] : '#fff';
      el.textContent = item.station.name;
      el.title = level
        ? `${item.station.name}：${item.signals
            .filter((s) => s.level)
            .map((s) => s.signal)
            .join('、')}`
        : `${item.station.name}：${t('weather.signals.none')}`;
      el.dataset.level = level ?? 'none';
      el.setAttribute(
        'aria-label',
        `${item.station.name} ${level ? LEVEL_NAMES[level][lang] : t('weather.signals.none')}`,
      );
      return new maplibregl.Marker({ element: el })
        .setLngLat([item.station.lon, item.station.lat])
        .addTo(map);
    });
    return () => {
      for (const m of markers) m.remove();
    };
  }, [map, items, t, lang]);

  if (failure) return <Alert type="warning" showIcon title={t('map.noWebgl')} />;
  return (
    <div style={{ position: 'relative', height }} data-testid="weather-signal-map">
      {!boundary && <Spin style={{ position: 'absolute', inset: 0, margin: 'auto' }} />}
      <div
        ref={containerRef}
        style={{ position: 'absolute', inset: 0 }}
        role="region"
        aria-label={t('weather.signals.map')}
      />
    </div>
  );
}
