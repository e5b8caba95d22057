import { Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  AUDIT_ACTION_LABELS,
  INDUSTRIES,
  STANDARDIZATION_GRADES,
  type AuditAction,
  type AuditView,
  type Industry,
  type Licence,
} from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useRegionNames } from '../../api/queries.ts';
import type { StandardizationGrade } from '../../api/types.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import { industryLabel, scaleLabel, standardizationGradeLabel } from '../../i18n/labels.ts';
import type { MessageKey } from '../../i18n/messages.ts';

/** Labels of the fields that `details.changes` may name. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'enterprises.name',
  creditCode: 'enterprises.creditCode',
  industry: 'enterprises.industry',
  scale: 'enterprises.scale',
  regionCode: 'enterprises.region',
  lon: 'enterprises.lon',
  lat: 'enterprises.lat',
  address: 'enterprises.address',
  legalRepresentative: 'enterprises.legalRepresentative',
  safetyManager: 'enterprises.safetyManager',
  safetyManagerPhone: 'enterprises.safetyManagerPhone',
  standardizationGrade: 'enterprises.standardizationGrade',
  insured: 'enterprises.insured',
  insuranceExpiresOn: 'enterprises.insuranceExpiresOn',
  licences: 'enterprises.licences',
  supervisingDepartmentId: 'enterprises.supervisingDepartment',
  orgUnitId: 'enterprises.orgUnit',
};

const ACTION_LABELS: Record<string, MessageKey> = {
  'enterprise.create': 'history.action.create',
  'enterprise.update': 'history.action.update',
  'enterprise.delete': 'history.action.delete',
  'enterprise.import': 'history.action.import',
};

type Changes = Record<string, [unknown, unknown]>;

/** `details.changes` when the row has it in the agreed shape `{ field: [before, after] }`. */
export function changesOf(details: unknown): Changes | null {
  if (typeof details !== 'object' || details === null || !('changes' in details)) return null;
  const changes = details.changes;
  if (typeof changes !== 'object' || changes === null) return null;
  const out: Changes = {};
  for (const [field, pair] of Object.entries(changes as Record<string, unknown>))
    if (Array.isArray(pair) && pair.length === 2) out[field] = [pair[0], pair[1]];
  return out;
}

function isLicence(x: unknown): x is Licence {
  return typeof x === 'object' && x !== null && 'name' in x && 'expiresOn' in x;
}

function formatValue(
  field: string,
  value: unknown,
  t: Translate,
  lang: Lang,
  nameOf: (code: string) => string,
): string {
  if (value === null || value === undefined || value === '') return t('history.empty');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'regionCode' && typeof value === 'string') return nameOf(value);
  if (field === 'industry' && typeof value === 'string' && (INDUSTRIES as readonly string[]).includes(value))
    return industryLabel(value as Industry, lang);
  if (field === 'scale' && (value === '规上' || value === '规下')) return scaleLabel(value, lang);
  if (
    field === 'standardizationGrade' &&
    typeof value === 'string' &&
    (STANDARDIZATION_GRADES as readonly string[]).includes(value)
  )
    return standardizationGradeLabel(value as StandardizationGrade, lang);
  if (Array.isArray(value)) {
    if (value.length === 0) return t('history.empty');
    return value
      .map((item) =>
        isLicence(item) ? `${item.name}（${item.number}，${item.expiresOn}）` : JSON.stringify(item),
      )
      .join('；');
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export function actionLabel(action: string, t: Translate, lang: Lang): string {
  const key = ACTION_LABELS[action];
  if (key) return t(key);
  if (lang === 'zh' && action in AUDIT_ACTION_LABELS) return AUDIT_ACTION_LABELS[action as AuditAction];
  return action;
}

/** 变更记录: who changed what when, from the audit trail of this enterprise. */
export function EnterpriseHistory({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const history = useQuery({
    queryKey: ['enterprises', 'history', id],
    queryFn: () => api.enterpriseHistory(id, { pageSize: 100 }),
  });
  if (history.isPending) return <Skeleton active />;
  if (history.isError)
    return <Typography.Text type="danger">{errorMessage(history.error, t)}</Typography.Text>;
  // Newest first, whatever order the server chose.
  const rows = [...history.data.items].sort((a, b) => b.seq - a.seq);
  if (rows.length === 0) return <Empty description={t('history.none')} />;
  return (
    <div data-testid="enterprise-history">
      <List<AuditView>
        dataSource={rows}
        rowKey="seq"
        renderItem={(row) => {
          const changes = changesOf(row.details);
          return (
            <List.Item className="history-row" data-testid="history-row">
              <div style={{ width: '100%' }}>
                <div className="history-row__head">
                  <span className="tabular">{dayjs(row.at).format('YYYY-MM-DD HH:mm:ss')}</span>
                  <Typography.Text strong>{row.actorName}</Typography.Text>
                  <Tag color={row.action.endsWith('.create') ? 'green' : 'blue'}>
                    {actionLabel(row.action, t, lang)}
                  </Tag>
                  {row.outcome === 'failure' && <Tag color="red">{t('audit.failure')}</Tag>}
                </div>
                {changes && Object.keys(changes).length > 0 && (
                  <ul className="history-changes">
                    {Object.entries(changes).map(([field, [before, after]]) => (
                      <li key={field}>
                        <span className="history-changes__field">
                          {FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field}
                        </span>
                        ：<del>{formatValue(field, before, t, lang, nameOf)}</del>
                        {' → '}
                        <ins>{formatValue(field, after, t, lang, nameOf)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </List.Item>
          );
        }}
      />
      {history.data.total > rows.length && (
        <Typography.Text type="secondary">
          {t('history.more', { shown: rows.length, total: history.data.total })}
        </Typography.Text>
      )}
    </div>
  );
}
