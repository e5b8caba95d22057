import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Grid,
  Popconfirm,
  Skeleton,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { DescriptionsProps } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { LedgerRecordView, RegistryDef, RowsField } from '@ningan/domain';
import { useOrgUnit, useRegionNames } from '../../api/queries.ts';
import { WarehouseStock } from '../stock/warehouse-stock.tsx';
import { FailurePredictionSection, useFailurePrediction } from '../hazards/failure-prediction.section.tsx';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldValue, GradeTag } from './field-value.tsx';
import { asLedgerGeometry, lineLengthKm, polygonAreaHa } from './geometry-text.ts';
import { RecordAttachments } from './record-attachments.tsx';
import { RecordHistory } from './record-history.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';
import {
  fieldText,
  formatNumber,
  gradeEnumField,
  isEmptyValue,
  isRowsField,
  labelOf,
  plainText,
} from './registry-model.ts';
import { RegistryWorking } from './registry-working.tsx';

const LocationPicker = lazy(() => import('../enterprises/location-picker.tsx'));

/** Detail of one ledger record: every field, the location, the working of derived results, 变更记录. */
export function RegistryDetailDrawer({
  def,
  id,
  onClose,
  onEdit,
}: {
  def: RegistryDef;
  id: string | null;
  onClose: () => void;
  onEdit: (record: LedgerRecordView) => void;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const record = useQuery({
    queryKey: ledgerKeys.detail(def.key, id),
    queryFn: () => ledgerApi.get(def.key, id ?? ''),
    enabled: Boolean(id),
  });
  const remove = useMutation({
    mutationFn: (recordId: string) => ledgerApi.remove(def.key, recordId),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ledgerKeys.registry(def.key) });
      await queryClient.invalidateQueries({ queryKey: ledgerKeys.summary });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  // Plans and drills keep files: their count goes into the tab and the delete confirmation.
  const attachments = useQuery({
    queryKey: ledgerKeys.attachments(def.key, id ?? ''),
    queryFn: () => ledgerApi.attachments(def.key, id ?? ''),
    enabled: Boolean(id) && def.attachments === true,
  });
  const fileCount = attachments.data?.items.length ?? 0;
  const r = record.data;
  const canWrite = can(def.writePermission);
  // A geological hazard point with linked monitoring stations gets 监测与预测 (issue #4 part 5).
  const monitored = useFailurePrediction(
    def.key === 'geo-hazards' && can('monitoring:read') && id ? id : null,
  ).data;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={
        r ? (
          <Space size={6} wrap data-testid="registry-detail-title">
            {r.name}
            {r.isDemo && <Tag color="orange">{t('app.demoTag')}</Tag>}
            <GradeTag def={def} grade={r.grade} />
          </Space>
        ) : (
          t('registry.detailTitle', { name: labelOf(def, lang) })
        )
      }
      size={isPhone ? '100%' : 760}
      destroyOnHidden
      extra={
        r &&
        canWrite && (
          <Space size={8}>
            <Button icon={<EditOutlined />} onClick={() => onEdit(r)} data-testid="registry-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('registry.confirmDelete', { name: r.name })}
              description={
                fileCount > 0 ? t('attachments.deleteWithRecord', { count: fileCount }) : undefined
              }
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(r.id)}
            >
              <Button
                danger
                icon={<DeleteOutlined />}
                loading={remove.isPending}
                data-testid="registry-delete"
              >
                {isPhone ? null : t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <div data-testid="registry-detail">
        {record.isPending && id && <Skeleton active />}
        {record.isError && <Alert type="error" showIcon title={errorMessage(record.error, t)} />}
        {r && (
          <Tabs
            items={[
              { key: 'info', label: t('registry.tabInfo'), children: <RecordInfo def={def} record={r} /> },
              // A warehouse's stock (lots, movements, minimums) sits beside its record.
              ...(def.key === 'warehouses'
                ? [
                    {
                      key: 'stock',
                      label: t('stock.tab'),
                      children: <WarehouseStock warehouseId={r.id} canWrite={can('ledger:write')} />,
                    },
                  ]
                : []),
              ...(monitored && monitored.stations > 0
                ? [
                    {
                      key: 'monitoring',
                      label: t('hazard.failure.tab'),
                      children: <FailurePredictionSection recordId={monitored.recordId} />,
                    },
                  ]
                : []),
              ...(def.attachments
                ? [
                    {
                      key: 'attachments',
                      label: fileCount > 0 ? `${t('attachments.tab')} (${fileCount})` : t('attachments.tab'),
                      children: <RecordAttachments def={def} recordId={r.id} canWrite={canWrite} />,
                    },
                  ]
                : []),
              {
                key: 'history',
                label: t('registry.tabHistory'),
                children: <RegistryHistory def={def} id={r.id} />,
              },
            ]}
          />
        )}
      </div>
    </Drawer>
  );
}

function RecordInfo({ def, record: r }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const nameOf = useRegionNames();
  const isPhone = Grid.useBreakpoint().md === false;
  const department = useOrgUnit(r.supervisingDepartmentId, def.supervised === true);
  const gradeField = gradeEnumField(def);
  const f = (x: number, digits: number) => formatNumber(Math.round(x * 10 ** digits) / 10 ** digits, lang);

  const location = (): DescriptionsProps['items'] => {
    if (def.geometry === 'point')
      return [
        {
          key: 'location',
          label: t('registry.location'),
          children:
            r.lon !== null && r.lat !== null ? (
              <span className="tabular" data-testid="registry-location">
                {r.lon.toFixed(6)}, {r.lat.toFixed(6)}
              </span>
            ) : (
              '—'
            ),
        },
      ];
    if (def.geometry === 'none') return [];
    const geometry = asLedgerGeometry(r.geometry);
    let measure = '—';
    if (geometry?.type === 'LineString') {
      const km =
        typeof r.derived?.lengthKm === 'number' ? r.derived.lengthKm : lineLengthKm(geometry.coordinates);
      measure = t('registry.lineLength', { km: f(km, 3), points: geometry.coordinates.length });
    } else if (geometry?.type === 'Polygon') {
      const ha =
        typeof r.derived?.areaHa === 'number' ? r.derived.areaHa : polygonAreaHa(geometry.coordinates);
      measure = t('registry.polygonArea', { ha: f(ha, 1), km2: f(ha / 100, 3) });
    }
    return [
      {
        key: 'location',
        label: def.geometry === 'line' ? t('registry.lineGeometry') : t('registry.polygonGeometry'),
        children: <span data-testid="registry-location">{measure}</span>,
      },
    ];
  };

  const items: DescriptionsProps['items'] = [
    { key: 'region', label: t('registry.region'), children: nameOf(r.regionCode) },
    ...(def.enterprise !== 'none'
      ? [
          {
            key: 'enterprise',
            label: t('registry.enterprise'),
            children:
              r.enterpriseId && can('enterprise:read') ? (
                <Link to={`/ledger/enterprises?detail=${encodeURIComponent(r.enterpriseId)}`}>
                  {r.enterpriseName ?? r.enterpriseId}
                </Link>
              ) : (
                (r.enterpriseName ?? '—')
              ),
          },
        ]
      : []),
    ...(def.supervised
      ? [
          {
            key: 'department',
            label: t('registry.supervisingDepartment'),
            children: r.supervisingDepartmentId ? (department.data?.name ?? r.supervisingDepartmentId) : '—',
          },
        ]
      : []),
    ...(location() ?? []),
    ...((def.grades?.length ?? 0) > 0 && !gradeField
      ? [{ key: 'grade', label: t('registry.grade'), children: <GradeTag def={def} grade={r.grade} dash /> }]
      : []),
    ...def.fields.flatMap((field) =>
      isRowsField(field)
        ? []
        : [
            {
              key: `attrs.${field.key}`,
              label: labelOf(field, lang),
              span: field.type === 'textarea' && !isPhone ? 2 : 1,
              children: (
                <FieldValue
                  def={def}
                  field={field}
                  value={r.attrs[field.key]}
                  asGrade={field === gradeField}
                />
              ),
            },
          ],
    ),
    {
      key: 'updated',
      label: t('registry.updatedAt'),
      children: <span className="tabular">{dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      key: 'created',
      label: t('registry.createdAt'),
      children: <span className="tabular">{dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}</span>,
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={isPhone ? 1 : 2} items={items} />
      {def.fields.filter(isRowsField).map((field) => (
        <RowsTable key={field.key} def={def} field={field} value={r.attrs[field.key]} />
      ))}
      <RegistryWorking def={def} record={r} />
      {def.geometry === 'point' && r.lon !== null && r.lat !== null && (
        <Suspense fallback={<Spin />}>
          <LocationPicker lon={r.lon} lat={r.lat} height={220} />
        </Suspense>
      )}
    </Space>
  );
}

/** A rows field (危险化学品, 响应分级, 整改事项) as a small table. */
function RowsTable({ def, field, value }: { def: RegistryDef; field: RowsField; value: unknown }) {
  const { t, lang } = useI18n();
  const rows = (Array.isArray(value) ? (value as unknown[]) : []).map((row, index) => ({
    index,
    ...(typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {}),
  }));
  return (
    <div data-testid={`rows-${field.key}`}>
      <Table<Record<string, unknown> & { index: number }>
        size="small"
        title={() => <strong>{labelOf(field, lang)}</strong>}
        rowKey="index"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registry.noRows') }}
        columns={field.fields.map((sub) => ({
          key: sub.key,
          title: labelOf(sub, lang),
          render: (_: unknown, row: Record<string, unknown>) =>
            sub.type === 'textarea' ? (
              <span style={{ whiteSpace: 'pre-wrap' }}>{fieldText(sub, row[sub.key], t, lang)}</span>
            ) : (
              <FieldValue def={def} field={sub} value={row[sub.key]} />
            ),
        }))}
      />
    </div>
  );
}

/** 变更记录 of a ledger record, with the registry's own field labels. */
function RegistryHistory({ def, id }: { def: RegistryDef; id: string }) {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const TOP: Record<string, string> = {
    name: labelOf(def.nameLabel, lang),
    regionCode: t('registry.region'),
    lon: t('registry.lon'),
    lat: t('registry.lat'),
    geometry: t('registry.geometry'),
    enterpriseId: t('registry.enterprise'),
    supervisingDepartmentId: t('registry.supervisingDepartment'),
    orgUnitId: t('registry.orgUnit'),
    grade: t('registry.grade'),
    attachments: t('attachments.title'),
  };
  // `attrs.headcount` (or a bare field key that is not one of the common parts) → the field.
  const fieldOf = (path: string) => {
    const key = path.startsWith('attrs.') ? path.slice('attrs.'.length) : path in TOP ? null : path;
    return key === null ? undefined : def.fields.find((f) => f.key === key);
  };
  const asObject = (x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
  return (
    <RecordHistory
      queryKey={ledgerKeys.history(def.key, id)}
      load={() => ledgerApi.history(def.key, id, { pageSize: 100 })}
      testId="registry-history"
      // A change of `attrs` as a whole is shown field by field, only the fields that differ.
      expand={(field, before, after) => {
        const b = asObject(before);
        const a = asObject(after);
        if (field !== 'attrs' || (!a && !b)) return [[field, before, after]];
        const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
        return keys
          .filter((k) => JSON.stringify(b?.[k] ?? null) !== JSON.stringify(a?.[k] ?? null))
          .map((k) => [`attrs.${k}`, b?.[k], a?.[k]]);
      }}
      fieldLabel={(field) => {
        const spec = fieldOf(field);
        return spec ? labelOf(spec, lang) : (TOP[field] ?? field);
      }}
      formatValue={(field, value) => {
        if (field === 'regionCode' && typeof value === 'string') return nameOf(value);
        if (field === 'grade' && typeof value === 'string') {
          const g = def.grades?.find((x) => x.key === value);
          return g ? labelOf(g, lang) : value;
        }
        const spec = fieldOf(field);
        if (!spec) return plainText(value);
        if (!isRowsField(spec)) return fieldText(spec, value, t, lang);
        const rows = Array.isArray(value) ? (value as unknown[]) : [];
        return rows
          .map((row) => {
            const o = asObject(row) ?? {};
            return spec.fields
              .flatMap((sub) => {
                const v = o[sub.key];
                if (sub.type === 'bool') return v === true ? [labelOf(sub, lang)] : [];
                return isEmptyValue(v) ? [] : [fieldText(sub, v, t, lang)];
              })
              .join(' ');
          })
          .join('；');
      }}
    />
  );
}
