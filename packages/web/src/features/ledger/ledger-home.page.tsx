import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { RegistryDef } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { EXPIRY_LIST_DAYS } from '../enterprises/enterprise-model.ts';
import { ExpiringTable, useExpiring } from '../enterprises/expiring.page.tsx';
import { GradeSpecTag } from '../registry/field-value.tsx';
import { ledgerApi, ledgerKeys, type LedgerSummaryItem } from '../registry/registry-api.ts';
import { registryIcon } from '../registry/registry-icons.tsx';
import {
  GROUP_LABELS,
  labelOf,
  REGISTRY_GROUPS,
  registriesOf,
  registryPath,
} from '../registry/registry-model.ts';
import '../registry/registry.css';

function LedgerCard({
  testId,
  icon,
  title,
  path,
  extra,
  children,
}: {
  testId: string;
  icon: ReactNode;
  title: string;
  path: string;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      className="registry-card"
      data-testid={testId}
      hoverable
      onClick={() => void navigate(path)}
      title={
        <Space size={8}>
          {icon}
          <Typography.Link
            onClick={(event) => {
              event.stopPropagation();
              void navigate(path);
            }}
          >
            {title}
          </Typography.Link>
        </Space>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}

function EnterpriseCounts() {
  const { t } = useI18n();
  const total = useQuery({
    queryKey: ['enterprises', 'list', { page: 1, pageSize: 1 }],
    queryFn: () => api.listEnterprises({ page: 1, pageSize: 1 }),
  });
  const expiring = useExpiring(EXPIRY_LIST_DAYS);
  const expired = expiring.data?.filter((i) => i.daysLeft < 0).length;
  return (
    <Space size={24} wrap>
      <Statistic title={t('ledger.enterpriseCount')} value={total.data?.total ?? '—'} />
      <Statistic
        title={t('ledger.expiringCount', { days: EXPIRY_LIST_DAYS })}
        value={expiring.data?.length ?? '—'}
        styles={{ content: { color: expired ? '#cf1322' : undefined } }}
      />
    </Space>
  );
}

/** A registry's card: its record count and, per grade, how many records fall in it. */
function RegistryCard({ def, summary }: { def: RegistryDef; summary: LedgerSummaryItem | undefined }) {
  const { t, lang } = useI18n();
  const graded = (def.grades ?? []).filter((g) => (summary?.byGrade[g.key] ?? 0) > 0);
  return (
    <LedgerCard
      testId={`registry-${def.key}`}
      icon={registryIcon(def.key)}
      title={labelOf(def, lang)}
      path={registryPath(def.key)}
      extra={
        <span className="tabular" data-testid="registry-count">
          {t('ledger.recordCount', { count: summary?.total ?? '—' })}
        </span>
      }
    >
      {graded.length > 0 ? (
        <div className="registry-card__grades" data-testid="registry-grades">
          {graded.map((g) => (
            <span key={g.key} data-grade={g.key}>
              <GradeSpecTag spec={g} />
              <span className="registry-card__grade-count">{summary?.byGrade[g.key]}</span>
            </span>
          ))}
        </div>
      ) : (
        <Typography.Text type="secondary">
          {summary && summary.total === 0 ? t('ledger.noRecords') : t('ledger.openList')}
        </Typography.Text>
      )}
    </LedgerCard>
  );
}

/** 一张表: the county ledger, a card per registry grouped as in the menu, with counts by grade. */
export function LedgerHomePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const canEnterprises = can('enterprise:read');
  const canLedger = can('ledger:read');
  const expiring = useExpiring(EXPIRY_LIST_DAYS, canEnterprises);
  const summary = useQuery({
    queryKey: ledgerKeys.summary,
    queryFn: ledgerApi.summary,
    enabled: canLedger,
  });
  const byRegistry = new Map((summary.data?.items ?? []).map((i) => [i.registry, i]));

  return (
    <div className="admin-page" data-testid="ledger-home">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.ledger')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('ledger.introRegistries')}</Typography.Paragraph>
      {canEnterprises && (
        <Card
          size="small"
          title={t('expiry.title')}
          data-testid="expiring-card"
          style={{ marginBottom: 16 }}
          extra={
            <Button type="link" onClick={() => void navigate('/ledger/enterprises/expiring')}>
              {t('ledger.viewAll')}
            </Button>
          }
        >
          <ExpiringTable items={(expiring.data ?? []).slice(0, 5)} loading={expiring.isFetching} compact />
          {(expiring.data?.length ?? 0) > 5 && (
            <Typography.Text type="secondary">
              {t('ledger.moreExpiring', { count: (expiring.data?.length ?? 0) - 5 })}
            </Typography.Text>
          )}
        </Card>
      )}
      {summary.isError && (
        <Typography.Paragraph type="danger">{errorMessage(summary.error, t)}</Typography.Paragraph>
      )}
      {REGISTRY_GROUPS.map((group, index) => {
        const defs = canLedger ? registriesOf(group) : [];
        const withEnterprises = group === 'risk' && canEnterprises;
        if (defs.length === 0 && !withEnterprises) return null;
        return (
          <section key={group} data-testid={`ledger-group-${group}`}>
            <Typography.Title level={5} style={{ marginTop: index === 0 ? 0 : 20 }}>
              {t(GROUP_LABELS[group])}
            </Typography.Title>
            <Row gutter={[12, 12]}>
              {withEnterprises && (
                <Col xs={24} sm={12} xl={8}>
                  <LedgerCard
                    testId="registry-enterprises"
                    icon={<ShopOutlined />}
                    title={t('ledger.enterprises')}
                    path="/ledger/enterprises"
                  >
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {t('ledger.enterprises.desc')}
                    </Typography.Paragraph>
                    <EnterpriseCounts />
                  </LedgerCard>
                </Col>
              )}
              {defs.map((def) => (
                <Col key={def.key} xs={24} sm={12} xl={8}>
                  <RegistryCard def={def} summary={byRegistry.get(def.key)} />
                </Col>
              ))}
            </Row>
          </section>
        );
      })}
    </div>
  );
}
