import { useState } from 'react';
import { Button } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import {
  INDUSTRY_GROUP_COLORS,
  INDUSTRY_GROUP_LABELS,
  INDUSTRY_GROUPS,
} from '../features/enterprises/enterprise-model.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { townshipColor } from './layers.ts';

/**
 * What the symbols mean, and — plainly — which geometry is schematic (示意). The symbol rows fold away
 * (on a phone they start folded); the schematic notes are always shown.
 */
export function MapLegend({
  schematicTownships,
  schematicVillages,
  showEnterprises = false,
  defaultOpen,
}: {
  schematicTownships: boolean;
  schematicVillages: boolean;
  /** The 企业 layer is on: explain its colours and clusters. */
  showEnterprises?: boolean;
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
