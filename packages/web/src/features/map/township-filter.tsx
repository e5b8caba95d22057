import { Switch } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';

/** 只看本乡镇: with a township selected, limit the ledger registry layers and the enterprises to its records. */
export function TownshipFilter({
  name,
  checked,
  onChange,
}: {
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="map-panel township-filter" data-testid="township-filter">
      <label className="township-filter__row">
        <Switch size="small" checked={checked} onChange={onChange} data-testid="township-filter-switch" />
        <span>{t('map.townshipFilter')}</span>
      </label>
      <div className="township-filter__hint" aria-live="polite">
        {checked ? t('map.townshipFilterOn', { name }) : t('map.townshipFilterOff')}
      </div>
    </div>
  );
}
