/**
 * 风险与台账 of one enterprise: its overall risk colour (the worst of its risk points, 风险分级管控) and
 * its records in every registry — major hazard units, risk points, special equipment, wells… — each
 * linking to the record, and to the registry list filtered to this enterprise.
 */
import { Link } from 'react-router';
import { Alert, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { findRegistry, type RegistryDef } from '@ningan/domain';
import { request } from '../../api/client.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { GradeSpecTag, GradeTag } from '../registry/field-value.tsx';
import { ledgerApi, ledgerKeys, type LedgerSummaryItem } from '../registry/registry-api.ts';
import { gradeSpec, labelOf, registryPath } from '../registry/registry-model.ts';

/** GET /enterprises/{id}/ledger. */
interface EnterpriseLedger {
  enterpriseId: string;
  riskColor: string | null;
  registries: LedgerSummaryItem[];
}

/** Records shown per registry before "all N" links to the filtered registry list. */
const SHOWN = 10;

const RISK_POINTS = findRegistry('risk-points');

export function EnterpriseLedgerTab({ enterpriseId }: { enterpriseId: string }) {
  const { t } = useI18n();
  const ledger = useQuery({
    queryKey: [...ledgerKeys.all, 'enterprise', enterpriseId],
    queryFn: () => request<EnterpriseLedger>(`/enterprises/${encodeURIComponent(enterpriseId)}/ledger`),
  });
  if (ledger.isPending) return <Skeleton active />;
  if (ledger.isError) return <Alert type="error" showIcon title={errorMessage(ledger.error, t)} />;
  const colour = RISK_POINTS ? gradeSpec(RISK_POINTS, ledger.data.riskColor) : undefined;
  const sections = ledger.data.registries
    .map((item) => ({ item, def: findRegistry(item.registry) }))
    .filter((s): s is { item: LedgerSummaryItem; def: RegistryDef } => Boolean(s.def) && s.item.total > 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="enterprise-ledger">
      <Space wrap>
        <Typography.Text strong>{t('enterprises.riskColor')}</Typography.Text>
        {colour ? (
          <span data-testid="enterprise-risk-color">
            <GradeSpecTag spec={colour} />
          </span>
        ) : (
          <Typography.Text type="secondary" data-testid="enterprise-risk-color">
            {t('enterprises.riskColorNone')}
          </Typography.Text>
        )}
      </Space>
      {sections.length === 0 && <Empty description={t('enterprises.ledgerEmpty')} />}
      {sections.map(({ item, def }) => (
        <RegistrySection key={def.key} def={def} item={item} enterpriseId={enterpriseId} />
      ))}
    </Space>
  );
}

function RegistrySection({
  def,
  item,
  enterpriseId,
}: {
  def: RegistryDef;
  item: LedgerSummaryItem;
  enterpriseId: string;
}) {
  const { t, lang } = useI18n();
  const params = { enterpriseId, page: 1, pageSize: SHOWN };
  const records = useQuery({
    queryKey: ledgerKeys.list(def.key, params),
    queryFn: () => ledgerApi.list(def.key, params),
  });
  const filtered = `${registryPath(def.key)}?enterprise=${encodeURIComponent(enterpriseId)}`;
  return (
    <List
      size="small"
      bordered
      data-testid={`enterprise-ledger-${def.key}`}
      header={
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap size={4}>
            <Typography.Text strong>{labelOf(def, lang)}</Typography.Text>
            <Tag>{item.total}</Tag>
            {(def.grades ?? [])
              .filter((g) => item.byGrade[g.key])
              .map((g) => (
                <Tag key={g.key} color={g.color}>
                  {labelOf(g, lang)} {item.byGrade[g.key]}
                </Tag>
              ))}
          </Space>
          <Link to={filtered}>{t('enterprises.ledgerAll', { count: item.total })}</Link>
        </Space>
      }
      loading={records.isPending}
      dataSource={records.data?.items ?? []}
      renderItem={(r) => (
        <List.Item>
          <Link to={`${registryPath(def.key)}?open=${encodeURIComponent(r.id)}`}>{r.name}</Link>
          <GradeTag def={def} grade={r.grade} />
        </List.Item>
      )}
    />
  );
}
