import { Select, Space } from 'antd';
import { useCountyCode, useRegion } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export type RegionDepth = 'township' | 'village' | 'any';

interface RegionSelectProps {
  /** A 6-digit county, 9-digit township or 12-digit village code. */
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /**
   * township: answers a township code; village: a village code (pick the township first);
   * any: the county when nothing is picked, else the township or village.
   */
  depth: RegionDepth;
  /** For filters: clearing answers undefined instead of the county. */
  allowEmpty?: boolean;
  disabled?: boolean;
  id?: string;
}

/** Township and village pickers fed by GET /regions/<code>; the value is one division code. */
export function RegionSelect({
  value,
  onChange,
  depth,
  allowEmpty = false,
  disabled,
  id,
}: RegionSelectProps) {
  const { t } = useI18n();
  const countyCode = useCountyCode();
  const county = useRegion(countyCode);
  const townshipCode = value && value.length >= 9 ? value.slice(0, 9) : undefined;
  const villageCode = value && value.length === 12 ? value : undefined;
  const township = useRegion(depth === 'township' ? undefined : townshipCode);

  const cleared = () => onChange?.(allowEmpty || depth !== 'any' ? undefined : countyCode);

  return (
    <Space.Compact block>
      <Select<string>
        id={id}
        style={{ flex: 1, minWidth: 120 }}
        disabled={disabled}
        loading={county.isPending}
        placeholder={depth === 'any' && !allowEmpty ? t('region.wholeCounty') : t('region.pickTownship')}
        allowClear={depth === 'any' || allowEmpty}
        showSearch={{ optionFilterProp: 'label' }}
        value={townshipCode}
        onChange={(code: string | undefined) => (code ? onChange?.(code) : cleared())}
        options={(county.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))}
        // Inside a Form.Item the field's own label names it (via id); standalone (filters) it needs one.
        aria-label={id ? undefined : t('region.township')}
      />
      {depth !== 'township' && (
        <Select<string>
          style={{ flex: 1, minWidth: 120 }}
          disabled={disabled || !townshipCode}
          loading={Boolean(townshipCode) && township.isPending}
          placeholder={t('region.pickVillage')}
          allowClear={depth === 'any' || allowEmpty}
          showSearch={{ optionFilterProp: 'label' }}
          value={villageCode}
          onChange={(code: string | undefined) => onChange?.(code ?? townshipCode)}
          options={(township.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))}
          aria-label={t('region.village')}
        />
      )}
    </Space.Compact>
  );
}
