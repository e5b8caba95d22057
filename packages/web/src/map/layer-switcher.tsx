import { useState } from 'react';
import { Button, Checkbox, Spin, Tooltip } from 'antd';
import {
  DownOutlined,
  ExclamationCircleOutlined,
  UnorderedListOutlined,
  UpOutlined,
} from '@ant-design/icons';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import {
  allowedLayers,
  layerLabel,
  MAP_LAYER_GROUP_LABELS,
  MAP_LAYER_GROUPS,
  type LayerVisibility,
  type MapLayerDefinition,
} from './layers.ts';
import type { RegistryLayerStatus, RegistryStatuses } from './registry-layers.ts';

/**
 * One checkbox per registered layer the user may see, grouped: 风险源, 自然灾害隐患, 应急资源 (the ledger
 * registries), then the base layers and 企业. A group of several layers has a title checkbox that turns
 * them all on or off. Registry layers show their load state (spinner, record count, failure).
 */
export function LayerSwitcher({
  visibility,
  onChange,
  defaultOpen,
  statuses = {},
}: {
  visibility: LayerVisibility;
  onChange: (next: LayerVisibility) => void;
  defaultOpen: boolean;
  statuses?: RegistryStatuses;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(defaultOpen);
  const layers = allowedLayers(can);
  const isOn = (layer: MapLayerDefinition) => visibility[layer.id] ?? layer.defaultVisible;

  return (
    <div className="map-panel layer-switcher" data-testid="layer-switcher">
      <Button
        type="text"
        size="small"
        icon={<UnorderedListOutlined />}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="layer-switcher__toggle"
      >
        {t('map.layers')} {open ? <UpOutlined /> : <DownOutlined />}
      </Button>
      {open && (
        <div className="layer-switcher__list" role="group" aria-label={t('map.layers')}>
          {MAP_LAYER_GROUPS.map((group) => {
            const members = layers.filter((layer) => layer.group === group);
            if (members.length === 0) return null;
            const title = t(MAP_LAYER_GROUP_LABELS[group]);
            const on = members.filter(isOn).length;
            const flat = members.length === 1;
            return (
              <div
                key={group}
                className={`layer-switcher__group${flat ? ' layer-switcher__group--flat' : ''}`}
                role="group"
                aria-label={title}
                data-testid={`layer-group-${group}`}
              >
                {!flat && (
                  <Checkbox
                    className="layer-switcher__group-title"
                    data-testid={`layer-group-toggle-${group}`}
                    checked={on === members.length}
                    indeterminate={on > 0 && on < members.length}
                    onChange={(event) =>
                      onChange({
                        ...visibility,
                        ...Object.fromEntries(members.map((layer) => [layer.id, event.target.checked])),
                      })
                    }
                  >
                    {title}
                  </Checkbox>
                )}
                <div className="layer-switcher__items">
                  {members.map((layer) => {
                    const status = statuses[layer.id];
                    return (
                      <Checkbox
                        key={layer.id}
                        data-testid={`layer-toggle-${layer.id}`}
                        data-state={status?.state}
                        data-count={status?.count ?? undefined}
                        checked={isOn(layer)}
                        onChange={(event) => onChange({ ...visibility, [layer.id]: event.target.checked })}
                      >
                        {layerLabel(layer, t, lang)}
                        {status && <LoadState status={status} />}
                      </Checkbox>
                    );
                  })}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function LoadState({ status }: { status: RegistryLayerStatus }) {
  const { t } = useI18n();
  switch (status.state) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <span className="layer-switcher__status" aria-label={t('map.registry.loading')}>
          <Spin size="small" />
        </span>
      );
    case 'ready':
      return (
        <span
          className="layer-switcher__status"
          title={t('map.registry.count', { count: status.count ?? 0 })}
        >
          {status.count ?? 0}
        </span>
      );
    case 'error':
      return (
        <Tooltip title={t('map.registry.retry')}>
          <span className="layer-switcher__status layer-switcher__status--error">
            <ExclamationCircleOutlined aria-label={t('map.registry.failedShort')} />
          </span>
        </Tooltip>
      );
  }
}
