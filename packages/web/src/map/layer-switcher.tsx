import { useState } from 'react';
import { Button, Checkbox } from 'antd';
import { DownOutlined, UnorderedListOutlined, UpOutlined } from '@ant-design/icons';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { allowedLayers, type LayerVisibility } from './layers.ts';

/** One checkbox per registered layer the user may see, in registry order. */
export function LayerSwitcher({
  visibility,
  onChange,
  defaultOpen,
}: {
  visibility: LayerVisibility;
  onChange: (next: LayerVisibility) => void;
  defaultOpen: boolean;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(defaultOpen);
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
          {allowedLayers(can).map((layer) => (
            <Checkbox
              key={layer.id}
              data-testid={`layer-toggle-${layer.id}`}
              checked={visibility[layer.id] ?? layer.defaultVisible}
              onChange={(event) => onChange({ ...visibility, [layer.id]: event.target.checked })}
            >
              {t(layer.label)}
            </Checkbox>
          ))}
        </div>
      )}
    </div>
  );
}
