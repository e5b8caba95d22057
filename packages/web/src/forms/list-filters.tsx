/** Filters a list page's filter bar shares: the text search and the region (county, township or village). */
import { Input } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { RegionSelect } from '../features/regions/region-select.tsx';

/** The text search, applied (trimmed) on Enter, the button, or clearing the box. */
export function SearchFilter({
  placeholder,
  onSearch,
  width = 240,
  testId,
}: {
  placeholder: string;
  onSearch: (q: string) => void;
  /** px, never wider than the bar. */
  width?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      aria-label={t('common.search')}
      onSearch={(value) => onSearch(value.trim())}
      style={{ width, maxWidth: '100%' }}
      data-testid={testId}
    />
  );
}

/** Any division of the county, or none (every record the user may see). */
export function RegionFilter({
  value,
  onChange,
  width = 320,
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  /** px, never wider than the bar. */
  width?: number;
}) {
  return (
    <div style={{ width, maxWidth: '100%' }}>
      <RegionSelect depth="any" allowEmpty value={value} onChange={onChange} />
    </div>
  );
}
