/** Form controls the registry form needs beyond antd's own: numbers with a unit, record and enterprise pickers. */
import { useState } from 'react';
import { InputNumber, Select, Space } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';

interface ControlProps<T> {
  id?: string;
  value?: T | null;
  onChange?: (value: T | null) => void;
  disabled?: boolean;
}

/** InputNumber with its unit after it (t, MPa, 人…); `integer` allows whole numbers only. */
export function NumberInput({
  id,
  value,
  onChange,
  min,
  max,
  unit,
  integer,
}: ControlProps<number> & { min?: number; max?: number; unit?: string; integer?: boolean }) {
  const input = (
    <InputNumber<number>
      id={id}
      value={value ?? null}
      onChange={(v) => onChange?.(typeof v === 'number' ? v : null)}
      min={min}
      max={max}
      precision={integer ? 0 : undefined}
      style={{ width: '100%' }}
      inputMode={integer ? 'numeric' : 'decimal'}
    />
  );
  if (!unit) return input;
  return (
    <Space.Compact block>
      {input}
      <Space.Addon>{unit}</Space.Addon>
    </Space.Compact>
  );
}

/** Searching Select over the server's answers; keeps the chosen item's name when it is not in the answer. */
function useSearchOptions<T extends { id: string; name: string }>(
  key: readonly unknown[],
  search: (q: string) => Promise<{ items: T[] }>,
  selected: string | null | undefined,
  loadOne: ((id: string) => Promise<T>) | null,
  knownName: string | null | undefined,
) {
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: [...key, 'options', q],
    queryFn: () => search(q),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const missing = selected && !items.some((i) => i.id === selected) ? selected : null;
  const one = useQuery({
    queryKey: [...key, 'one', missing],
    queryFn: () => (loadOne && missing ? loadOne(missing) : Promise.reject(new Error('no loader'))),
    enabled: Boolean(missing && loadOne && !knownName),
    staleTime: 60_000,
    retry: false,
  });
  const options = items.map((i) => ({ value: i.id, label: i.name }));
  if (missing) options.unshift({ value: missing, label: knownName ?? one.data?.name ?? missing });
  return { options, loading: list.isFetching, setQ };
}

/** A record of registry `to` (e.g. the assigned shelter), searched by name on the server. */
export function RefSelect({ id, value, onChange, to }: ControlProps<string> & { to: string }) {
  const { t } = useI18n();
  const { options, loading, setQ } = useSearchOptions(
    ledgerKeys.registry(to),
    (q) => ledgerApi.list(to, { q: q || undefined, pageSize: 20 }),
    value,
    (one) => ledgerApi.get(to, one),
    null,
  );
  return (
    <Select<string>
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      placeholder={t('registry.searchToPick')}
      notFoundContent={loading ? t('app.loading') : t('registry.noMatch')}
    />
  );
}

/** The enterprise a record belongs to, searched on the server (GET /enterprises?q=). */
export function EnterpriseSelect({
  id,
  value,
  onChange,
  knownName,
}: ControlProps<string> & { knownName?: string | null }) {
  const { t } = useI18n();
  const { options, loading, setQ } = useSearchOptions(
    ['enterprises'],
    (q) => api.listEnterprises({ q: q || undefined, pageSize: 20 }),
    value,
    (one) => api.getEnterprise(one),
    knownName,
  );
  return (
    <Select<string>
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      placeholder={t('registry.searchEnterprise')}
      notFoundContent={loading ? t('app.loading') : t('registry.noMatch')}
    />
  );
}
