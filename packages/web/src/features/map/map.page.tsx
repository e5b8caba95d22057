import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { Grid } from 'antd';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { RegionSummary } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CountyMap } from '../../map/county-map.tsx';
import { CountyMapPending, useCountyMapData } from '../../map/county-map-data.tsx';
import { bboxOf } from '../../map/geometry.ts';
import { LayerSwitcher } from '../../map/layer-switcher.tsx';
import { defaultVisibility, openVillagePopup } from '../../map/layers.ts';
import { MapLegend } from '../../map/map-legend.tsx';
import { MapSidePanel } from '../../map/map-side-panel.tsx';
import { MAPPED_REGISTRIES, useRegistryStatuses } from '../../map/registry-layers.ts';
import { parseMapTarget } from './map-target.ts';
import { TownshipFilter } from './township-filter.tsx';
import { TownshipPanel } from './township-panel.tsx';
import './map-page.css';

/** A place to show: a township's code, or a village with its position. */
type VillageTarget = Pick<RegionSummary, 'code' | 'lon' | 'lat'>;

/**
 * 一张图: the county, its townships and villages, rivers and neighbours, the ledger registries and the
 * enterprises, all from our own API. `?township=<code>` selects a township (and zooms to it),
 * `&village=<code>` flies to a village, `&focus=<lon>,<lat>` flies to a point (links from the search).
 */
export function MapPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const isPhone = Grid.useBreakpoint().md === false;
  const mapData = useCountyMapData();
  const { data } = mapData;

  const [visibility, setVisibility] = useState(defaultVisibility);
  const [selected, setSelected] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [onlyTownship, setOnlyTownship] = useState(false);
  const statuses = useRegistryStatuses(map);
  const canLedger = can('ledger:read');
  const canEnterprises = can('enterprise:read');

  const villageCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const f of data?.villages.features ?? [])
      counts.set(f.properties.townshipCode, (counts.get(f.properties.townshipCode) ?? 0) + 1);
    return counts;
  }, [data]);

  const selectTownship = useCallback(
    (code: string | null, fit = true) => {
      setSelected(code);
      if (!code || !map || !data || !fit) return;
      const zone = data.boundary.features.find(
        (f) => f.properties.role === 'township' && f.properties.code === code,
      );
      const box = zone ? bboxOf([zone.geometry]) : null;
      const seat = data.county.children.find((c) => c.code === code);
      if (box) map.fitBounds(box, { padding: 48, maxZoom: 12.5 });
      else if (seat && seat.lon !== null && seat.lat !== null)
        map.flyTo({ center: [seat.lon, seat.lat], zoom: 11.5 });
    },
    [map, data],
  );

  const selectVillage = useCallback(
    (village: VillageTarget) => {
      if (!map || !data) return;
      const feature = data.villages.features.find((f) => f.properties.code === village.code);
      const center: [number, number] | null = feature
        ? [feature.geometry.coordinates[0] ?? 0, feature.geometry.coordinates[1] ?? 0]
        : village.lon !== null && village.lat !== null
          ? [village.lon, village.lat]
          : null;
      if (!center) return;
      setPanelOpen(false);
      map.flyTo({ center, zoom: Math.max(map.getZoom(), 13) });
      if (feature) map.once('moveend', () => openVillagePopup(map, feature, t));
    },
    [map, data, t],
  );

  // The registry and enterprise layers follow the township filter: refetched for the selected township,
  // or all again (CountyMap hands it to every layer).
  const filterRegion = onlyTownship && selected ? selected : null;

  // Links into the map (?township=, &village=, &focus=): applied once per navigation, after the layers
  // are up (the map fits the county on load, which would undo an earlier move).
  const appliedNavigation = useRef<string | null>(null);
  useEffect(() => {
    if (!map || !data || appliedNavigation.current === location.key) return;
    appliedNavigation.current = location.key;
    const target = parseMapTarget(searchParams, data);
    if (!target) return;
    const apply = () => {
      const focus = target.focus;
      if (target.village) {
        selectTownship(target.township, false);
        selectVillage(target.village);
      } else if (focus) {
        if (target.township) selectTownship(target.township, false);
        map.flyTo({ center: focus, zoom: Math.max(map.getZoom(), 14) });
      } else if (target.township) {
        selectTownship(target.township);
      }
    };
    if (map.getSource('townships')) apply();
    else map.once('load', apply);
  }, [map, data, location.key, searchParams, selectTownship, selectVillage]);

  if (mapData.error || !data) return <CountyMapPending error={mapData.error} retry={mapData.retry} />;

  const schematicTownships = data.boundary.features.some(
    (f) => f.properties.role === 'township' && f.properties.schematic,
  );
  const schematicVillages = data.villages.features.some((f) => f.properties.schematic);
  const panel = (
    <TownshipPanel
      townships={data.county.children}
      villageCounts={villageCounts}
      selected={selected}
      onSelectTownship={(code) => {
        selectTownship(code);
      }}
      onSelectVillage={selectVillage}
    />
  );

  return (
    <div className="map-page">
      <div className="map-page__map">
        <CountyMap
          data={data}
          tileUrl={mapData.tileUrl}
          visibility={visibility}
          region={filterRegion}
          onSelectTownship={(code) => {
            selectTownship(code);
            if (isPhone) setPanelOpen(true);
          }}
          onMap={setMap}
          padding={isPhone ? 16 : 40}
        />
        {/* One column on the right: filter and layers from the top, the legend at the bottom; both
            scroll inside when the map is short, so they never overlap. */}
        <div className="map-page__right">
          {(canLedger || canEnterprises) && selected && (
            <TownshipFilter
              name={data.county.children.find((c) => c.code === selected)?.name ?? selected}
              checked={onlyTownship}
              onChange={setOnlyTownship}
            />
          )}
          <LayerSwitcher
            visibility={visibility}
            onChange={setVisibility}
            defaultOpen={!isPhone}
            statuses={statuses}
          />
          <MapLegend
            schematicTownships={schematicTownships}
            schematicVillages={schematicVillages}
            showEnterprises={visibility.enterprises === true && canEnterprises}
            registries={canLedger ? MAPPED_REGISTRIES.filter((def) => visibility[def.key] === true) : []}
            defaultOpen={!isPhone}
          />
        </div>
      </div>
      <MapSidePanel title={t('map.townshipList')} open={panelOpen} onOpenChange={setPanelOpen}>
        {panel}
      </MapSidePanel>
    </div>
  );
}
