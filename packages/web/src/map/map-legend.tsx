import { useState } from 'react';
import { Button } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import type { RegistryDef } from '@ningan/domain';
import {
  INDUSTRY_GROUP_COLORS,
  INDUSTRY_GROUP_LABELS,
  INDUSTRY_GROUPS,
} from '../features/enterprises/enterprise-model.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { townshipColor } from './layers.ts';
import { registryAccent, registryGrades, UNGRADED_COLOR } from './registry-layers.ts';

/**
 * What the symbols mean, and — plainly — which geometry is schematic (示意). The symbol rows fold away
 * (on a phone they start folded); the schematic notes are always shown.
 */
export function MapLegend({
  schematicTownships,
  schematicVillages,
  showEnterprises = false,
  registries = [],
  defaultOpen,
}: {
  schematicTownships: boolean;
  schematicVillages: boolean;
  /** The 企业 layer is on: explain its colours and clusters. */
  showEnterprises?: boolean;
  /** The ledger registry layers that are on: their grade colours. */
  registries?: readonly RegistryDef[];
  defaultOpen: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className="map-panel map-legend" data-testid="map-legend" aria-label={t('map.legend')}>
      <Button
        type="text"
        size="small"
        className="map-legend__toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('map.legend')} {open ? <DownOutlined /> : <UpOutlined />}
      </Button>
      {open && registries.map((def) => <RegistryLegendRows key={def.key} def={def} />)}
      {open && registries.some((def) => def.geometry === 'point') && (
        <div className="map-legend__row">
          <span className="map-legend__cluster" style={{ borderColor: '#fff', background: '#595959' }} />
          {t('map.registry.cluster')}
        </div>
      )}
      {open && <LegendRows />}
      {open && showEnterprises && <EnterpriseLegendRows />}
      {schematicTownships && (
        <div className="map-legend__note" data-testid="schematic-note">
          {t('map.schematicTownships')}
        </div>
      )}
      {schematicVillages && (
        <div className="map-legend__note" data-testid="schematic-villages-note">
          {t('map.schematicVillages')}
        </div>
      )}
    </div>
  );
}

/** A symbol in the registry's geometry: ringed dot, line or outlined box. */
function Swatch({
  geometry,
  color,
  ring,
}: {
  geometry: RegistryDef['geometry'];
  color: string;
  ring: string;
}) {
  switch (geometry) {
    case 'point':
    case 'none':
      return (
        <span
          className="map-legend__swatch map-legend__swatch--point"
          style={{ background: color, borderColor: ring }}
        />
      );
    case 'line':
      return <span className="map-legend__swatch map-legend__swatch--line" style={{ background: color }} />;
    case 'polygon':
      return (
        <span
          className="map-legend__swatch map-legend__swatch--polygon"
          style={{ background: `${color}4d`, borderColor: color }}
        />
      );
  }
}

function RegistryLegendRows({ def }: { def: RegistryDef }) {
  const { t, lang } = useI18n();
  const accent = registryAccent(def);
  const grades = registryGrades(def);
  const name = lang === 'en' ? def.en : def.zh;
  return (
    <div className="map-legend__group" data-testid={`legend-registry-${def.key}`}>
      <div className="map-legend__title" style={{ color: accent }}>
        {name}
      </div>
      {grades.length === 0 ? (
        <div className="map-legend__row">
          <Swatch geometry={def.geometry} color={accent} ring="#fff" />
          {name}
        </div>
      ) : (
        <>
          {grades.map((grade) => (
            <div className="map-legend__row" key={grade.key}>
              <Swatch geometry={def.geometry} color={grade.color} ring={accent} />
              {lang === 'en' ? grade.en : grade.zh}
            </div>
          ))}
          <div className="map-legend__row">
            <Swatch geometry={def.geometry} color={UNGRADED_COLOR} ring={accent} />
            {t('map.registry.ungraded')}
          </div>
        </>
      )}
    </div>
  );
}

function LegendRows() {
  const { t } = useI18n();
  return (
    <>
      <div className="map-legend__row">
        <span className="map-legend__line" style={{ background: '#a61d24', height: 3 }} />
        {t('map.layer.county')}
      </div>
      <div className="map-legend__row">
        <span
          className="map-legend__box"
          style={{
            background: `linear-gradient(90deg, ${townshipColor(0)} 33%, ${townshipColor(3)} 33% 66%, ${townshipColor(4)} 66%)`,
          }}
        />
        {t('map.layer.townships')}
      </div>
      <div className="map-legend__row">
        <span className="map-legend__box" style={{ background: '#d0d0cc' }} />
        {t('map.layer.neighbours')}
      </div>
      <div className="map-legend__row">
        <span className="map-legend__dot" />
        {t('map.layer.villages')}
      </div>
      <div className="map-legend__row">
        <span className="map-legend__line" style={{ background: '#2f7ed8' }} />
        {t('map.layer.rivers')}
      </div>
    </>
  );
}

function EnterpriseLegendRows() {
  const { t } = useI18n();
  return (
    <div className="map-legend__group" data-testid="legend-enterprises">
      <div className="map-legend__title">{t('map.layer.enterprises')}</div>
      {INDUSTRY_GROUPS.map((group) => (
        <div className="map-legend__row" key={group}>
          <span
            className="map-legend__dot"
            style={{
              background: INDUSTRY_GROUP_COLORS[group],
              border: '1px solid #1f1f1f',
              boxShadow: 'none',
            }}
          />
          {t(INDUSTRY_GROUP_LABELS[group])}
        </div>
      ))}
      <div className="map-legend__row">
        <span className="map-legend__cluster" />
        {t('map.enterpriseCluster')}
      </div>
    </div>
  );
}
