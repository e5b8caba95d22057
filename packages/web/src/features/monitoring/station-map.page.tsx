/**
 * 监测一张图: the county map with every monitoring station the user may see, coloured by alarm level or
 * device status (online / offline / never reported), filtered by kind and township, with the legend and
 * counts; a click opens the station's detail drawer (`?station=<id>`), which shows the station's open
 * alarms with links to the 告警中心. The picture stays current through {@link useStationFeed} (the live
 * stream, with a poll as the fallback).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Grid, Select, Typography } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { STATION_KINDS, type AlarmLevel, type StationKind, type StationView } from '@ningan/domain';
import { LevelChip } from '../alarms/level-chip.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CountyMap } from '../../map/county-map.tsx';
import { CountyMapPending, useCountyMapData } from '../../map/county-map-data.tsx';
import { MapSidePanel } from '../../map/map-side-panel.tsx';
import { bboxOf } from '../../map/geometry.ts';
import { MAP_LAYERS, type LayerVisibility } from '../../map/layers.ts';
import { markerLabel, sensorName, stationKindLabel } from './monitoring-labels.ts';
import { countMarkers, inRegion, MARKER_KEYS, markerStyleOf, stationMarker } from './monitoring-model.ts';
import { formatValue } from './series-chart-model.ts';
import { useStationEditing } from './station-actions.tsx';
import { StationDetailDrawer } from './station-detail.tsx';
import { FeedFreshness, MarkerDot } from './station-status.tsx';
import { mountStationsLayer, stationFeatures, type StationsLayer } from './stations-layer.ts';
import { useStationFeed } from './use-station-feed.ts';
import '../map/map-page.css';
import './monitoring.css';

/** The base map only: county, neighbours, township zones and names, rivers (no ledger, no villages). */
const BASE_ONLY: LayerVisibility = Object.fromEntries(
  MAP_LAYERS.map((layer) => [layer.id, layer.group === 'base' && layer.id !== 'villages']),
);

export function StationMapPage() {
  const { t, lang } = useI18n();
  const isPhone = Grid.useBreakpoint().md === false;
  const [searchParams, setSearchParams] = useSearchParams();
  const detailId = searchParams.get('station');
  const mapData = useCountyMapData();
  const { data } = mapData;
  const feed = useStationFeed();
  const editing = useStationEditing();
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [kind, setKind] = useState<StationKind | undefined>();
  const [township, setTownship] = useState<string | undefined>();
  const [listOpen, setListOpen] = useState(false);
  /** Null until the user toggles it: open on a desktop, folded on a phone. */
  const [legendToggled, setLegendOpen] = useState<boolean | null>(null);
  const legendOpen = legendToggled ?? !isPhone;
  const layerRef = useRef<StationsLayer | null>(null);
  const [layerReady, setLayerReady] = useState(false);

  const open = (id: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (id) next.set('station', id);
    else next.delete('station');
    setSearchParams(next);
  };
  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  });

  const shown = useMemo(
    () =>
      feed.stations
        .filter((s) => (!kind || s.kind === kind) && inRegion(s.regionCode, township))
        .sort(
          (a, b) =>
            stationMarker(b.health.status, feed.alarms.get(b.id)).urgency -
              stationMarker(a.health.status, feed.alarms.get(a.id)).urgency || a.name.localeCompare(b.name),
        ),
    [feed.stations, feed.alarms, kind, township],
  );
  const counts = countMarkers(shown.map((s) => stationMarker(s.health.status, feed.alarms.get(s.id)).key));

  // The stations layer, above the base layers (CountyMap mounts those on load first).
  useEffect(() => {
    if (!map) return;
    let layer: StationsLayer | null = null;
    const mount = () => {
      layer = mountStationsLayer(map, (id) => openRef.current(id));
      layerRef.current = layer;
      setLayerReady(true);
    };
    if (map.getSource('townships')) mount();
    else map.once('load', mount);
    return () => {
      map.off('load', mount);
      layerRef.current = null;
      setLayerReady(false);
      // The map itself may already be gone (CountyMap removes it on unmount).
      try {
        layer?.remove();
      } catch {
        // removed with the map
      }
    };
  }, [map]);

  useEffect(() => {
    if (!layerReady) return;
    layerRef.current?.setData(stationFeatures(shown, feed.alarms, (key) => markerLabel(key, lang)));
  }, [shown, feed.alarms, layerReady, lang]);

  if (mapData.error || !data) return <CountyMapPending error={mapData.error} retry={mapData.retry} />;

  /** Filter to a township and bring it into view (the whole county again when cleared). */
  function selectTownship(code: string | undefined) {
    setTownship(code);
    if (!map || !data) return;
    const zones = data.boundary.features.filter((f) =>
      code ? f.properties.role === 'township' && f.properties.code === code : f.properties.role === 'county',
    );
    const box = bboxOf(zones.map((f) => f.geometry));
    if (box) map.fitBounds(box, { padding: isPhone ? 24 : 48, maxZoom: 12.5 });
  }

  const list = (
    <StationList
      stations={shown}
      alarmOf={(id) => feed.alarms.get(id)}
      onOpen={(id) => {
        setListOpen(false);
        open(id);
        const s = feed.stations.find((x) => x.id === id);
        if (s && map) map.easeTo({ center: [s.lon, s.lat], zoom: Math.max(map.getZoom(), 11) });
      }}
    />
  );

  return (
    <div className="map-page" data-testid="monitoring-map-page">
      <div
        className="map-page__map"
        data-testid="monitoring-map"
        data-stations={layerReady ? shown.length : -1}
      >
        <CountyMap
          data={data}
          tileUrl={mapData.tileUrl}
          visibility={BASE_ONLY}
          onSelectTownship={selectTownship}
          onMap={setMap}
          padding={isPhone ? 16 : 40}
        />
        <div className="monitoring-map__filters">
          <Select<StationKind>
            allowClear
            placeholder={t('monitoring.map.kind')}
            aria-label={t('monitoring.map.kind')}
            value={kind}
            onChange={setKind}
            options={STATION_KINDS.map((k) => ({ value: k, label: stationKindLabel(k, lang) }))}
            popupMatchSelectWidth={false}
            style={{ width: isPhone ? 130 : 170 }}
            data-testid="monitoring-map-kind"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('monitoring.map.township')}
            aria-label={t('monitoring.map.township')}
            value={township}
            onChange={selectTownship}
            options={data.county.children.map((c) => ({ value: c.code, label: c.name }))}
            popupMatchSelectWidth={false}
            style={{ width: isPhone ? 120 : 150 }}
            data-testid="monitoring-map-township"
          />
          <div className="map-panel monitoring-map__summary" data-testid="monitoring-map-summary">
            {shown.length === feed.stations.length
              ? t('monitoring.map.total', { count: feed.stations.length })
              : t('monitoring.map.shown', { shown: shown.length, total: feed.stations.length })}
            {feed.updatedAt > 0 && !isPhone && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                {t('monitoring.updatedAt', { time: dayjs(feed.updatedAt).format('HH:mm:ss') })}
              </Typography.Text>
            )}
          </div>
        </div>
        <div className="map-panel monitoring-map__legend" data-testid="monitoring-map-legend">
          <Button
            type="text"
            size="small"
            className="map-legend__toggle"
            aria-expanded={legendOpen}
            onClick={() => setLegendOpen(!legendOpen)}
          >
            {t('monitoring.map.legend')} {legendOpen ? <DownOutlined /> : <UpOutlined />}
          </Button>
          {legendOpen && (
            <>
              {MARKER_KEYS.map((key) => (
                <div className="monitoring-map__legend-row" key={key} data-marker={key}>
                  <MarkerDot style={markerStyleOf(key)} />
                  {markerLabel(key, lang)}
                  <span className="tabular" data-testid={`legend-count-${key}`}>
                    {counts[key]}
                  </span>
                </div>
              ))}
              <div className="monitoring-map__legend-note">
                <FeedFreshness live={feed.live} />
              </div>
            </>
          )}
        </div>
      </div>
      <MapSidePanel title={t('monitoring.map.list')} showTitle open={listOpen} onOpenChange={setListOpen}>
        {list}
      </MapSidePanel>
      <StationDetailDrawer id={detailId} onClose={() => open(null)} editing={editing} />
      {editing.elements}
    </div>
  );
}

/** The shown stations, most urgent first: dot, name, the standing alarm's level, first reading. */
function StationList({
  stations,
  alarmOf,
  onOpen,
}: {
  stations: StationView[];
  alarmOf: (id: string) => AlarmLevel | undefined;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  if (stations.length === 0)
    return <Typography.Text type="secondary">{t('monitoring.map.noStations')}</Typography.Text>;
  return (
    <div data-testid="monitoring-station-list">
      {stations.map((s) => {
        const alarm = alarmOf(s.id);
        const style = stationMarker(s.health.status, alarm);
        const first = s.sensors.find((x) => x.latest);
        return (
          <div
            key={s.id}
            className="station-list-item"
            role="button"
            tabIndex={0}
            data-testid="monitoring-station-item"
            data-status={style.key}
            data-alarm={alarm ?? ''}
            onClick={() => onOpen(s.id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') onOpen(s.id);
            }}
            title={markerLabel(style.key, lang)}
          >
            <MarkerDot style={style} />
            <span className="station-list-item__name">{s.name}</span>
            {alarm && <LevelChip level={alarm} />}
            {first?.latest && (
              <span className="station-list-item__value tabular">
                {sensorName(first, lang)} {formatValue(first.latest.value)} {first.unit}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
