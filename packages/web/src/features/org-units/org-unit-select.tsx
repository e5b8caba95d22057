import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { OrgUnitKind, OrgUnitView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { orgUnitKindLabel } from '../../i18n/labels.ts';

interface BaseProps {
  /** Offer only these kinds. */
  kinds?: readonly OrgUnitKind[];
  /** Never offer this unit (a unit is not its own parent). */
  excludeId?: string;
  disabled?: boolean;
  id?: string;
  placeholder?: string;
}

type OrgUnitSelectProps =
  | (BaseProps & { multiple?: false; value?: string | null; onChange?: (id: string | null) => void })
  | (BaseProps & { multiple: true; value?: string[]; onChange?: (ids: string[]) => void });

/** Org units the user may see, searched on the server (q), up to 200 at a time. */
export function OrgUnitSelect(props: OrgUnitSelectProps) {
  const { lang } = useI18n();
  const [q, setQ] = useState('');
  const units = useQuery({
    queryKey: ['org-units', 'options', q],
    queryFn: () => api.listOrgUnits({ q: q || undefined, pageSize: 200 }),
    staleTime: 60_000,
  });
  const selectedIds = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const loaded = units.data?.items ?? [];
  // A chosen unit outside the current search still needs its name.
  const missing = selectedIds.find((id) => !loaded.some((u) => u.id === id));
  const missingUnit = useQuery({
    queryKey: ['org-unit', missing],
    queryFn: () => api.getOrgUnit(missing ?? ''),
    enabled: Boolean(missing),
    staleTime: 60_000,
  });
  const all: OrgUnitView[] = missingUnit.data ? [...loaded, missingUnit.data] : loaded;
  const options = all
    .filter((u) => u.id !== props.excludeId)
    .filter((u) => !props.kinds || props.kinds.includes(u.kind) || selectedIds.includes(u.id))
    .map((u) => ({ value: u.id, label: `${u.name}（${orgUnitKindLabel(u.kind, lang)}）` }));

  const common = {
    id: props.id,
    disabled: props.disabled,
    placeholder: props.placeholder,
    loading: units.isFetching,
    options,
    allowClear: true,
    showSearch: { filterOption: false, onSearch: setQ },
    style: { width: '100%' },
  } as const;

  if (props.multiple) {
    const { onChange } = props;
    return (
      <Select<string[]>
        {...common}
        mode="multiple"
        value={props.value ?? []}
        onChange={(ids) => onChange?.(ids)}
      />
    );
  }
  const { onChange } = props;
  return (
    <Select<string>
      {...common}
      value={props.value ?? undefined}
      onChange={(id: string | undefined) => onChange?.(id ?? null)}
    />
  );
}
