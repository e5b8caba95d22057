import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  BankOutlined,
  BuildOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FireOutlined,
  HomeOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints.ts';
import { useSession } from '../../auth/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { EXPIRY_LIST_DAYS } from '../enterprises/enterprise-model.ts';
import { ExpiringTable, useExpiring } from '../enterprises/expiring.page.tsx';

/** The registries of issue #3; only the built ones have a path. */
interface Registry {
  key: string;
  label: MessageKey;
  desc: MessageKey;
  icon: ReactNode;
  path?: string;
}

const RISK_SOURCES: Registry[] = [
  {
    key: 'enterprises',
    label: 'ledger.enterprises',
    desc: 'ledger.enterprises.desc',
    icon: <ShopOutlined />,
    path: '/ledger/enterprises',
  },
  {
    key: 'major-hazards',
    label: 'ledger.majorHazards',
    desc: 'ledger.majorHazards.desc',
    icon: <ExperimentOutlined />,
  },
  {
    key: 'risk-points',
    label: 'ledger.riskPoints',
    desc: 'ledger.riskPoints.desc',
    icon: <WarningOutlined />,
  },
  { key: 'wells-pipelines', label: 'ledger.wells', desc: 'ledger.wells.desc', icon: <DatabaseOutlined /> },
  {
    key: 'special-equipment',
    label: 'ledger.equipment',
    desc: 'ledger.equipment.desc',
    icon: <ToolOutlined />,
  },
  { key: 'crowded-places', label: 'ledger.places', desc: 'ledger.places.desc', icon: <BankOutlined /> },
  {
    key: 'natural-hazards',
    label: 'ledger.naturalHazards',
    desc: 'ledger.naturalHazards.desc',
    icon: <AlertOutlined />,
  },
];

const RESOURCES: Registry[] = [
  { key: 'teams', label: 'ledger.teams', desc: 'ledger.teams.desc', icon: <TeamOutlined /> },
  { key: 'experts', label: 'ledger.experts', desc: 'ledger.experts.desc', icon: <ApartmentOutlined /> },
  { key: 'warehouses', label: 'ledger.warehouses', desc: 'ledger.warehouses.desc', icon: <BuildOutlined /> },
  { key: 'shelters', label: 'ledger.shelters', desc: 'ledger.shelters.desc', icon: <HomeOutlined /> },
  { key: 'plans', label: 'ledger.plans', desc: 'ledger.plans.desc', icon: <FileProtectOutlined /> },
  { key: 'fire-units', label: 'ledger.fireUnits', desc: 'ledger.fireUnits.desc', icon: <FireOutlined /> },
];

function RegistryCard({ registry, extra }: { registry: Registry; extra?: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const built = Boolean(registry.path);
  return (
    <Card
      size="small"
      className={built ? 'registry-card' : 'registry-card registry-card--todo'}
      data-testid={`registry-${registry.key}`}
      hoverable={built}
      onClick={registry.path ? () => void navigate(registry.path ?? '/ledger') : undefined}
      title={
        <Space size={8}>
          {registry.icon}
          {t(registry.label)}
        </Space>
      }
      extra={built ? null : <Tag data-testid="registry-status">{t('ledger.notBuilt')}</Tag>}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: extra ? 8 : 0 }}>
        {t(registry.desc)}
      </Typography.Paragraph>
      {extra}
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

/** 一张表: the county ledger. Built registries open; the rest say plainly that they are not built yet. */
export function LedgerHomePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const canEnterprises = can('enterprise:read');
  const expiring = useExpiring(EXPIRY_LIST_DAYS, canEnterprises);

  const grid = (registries: Registry[]) => (
    <Row gutter={[12, 12]}>
      {registries
        .filter((r) => r.key !== 'enterprises' || canEnterprises)
        .map((registry) => (
          <Col key={registry.key} xs={24} sm={12} xl={8}>
            <RegistryCard
              registry={registry}
              extra={registry.key === 'enterprises' ? <EnterpriseCounts /> : undefined}
            />
          </Col>
        ))}
    </Row>
  );

  return (
    <div className="admin-page" data-testid="ledger-home">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.ledger')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('ledger.intro')}</Typography.Paragraph>
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
      <Typography.Title level={5}>{t('ledger.riskSources')}</Typography.Title>
      {grid(RISK_SOURCES)}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('ledger.resources')}
      </Typography.Title>
      {grid(RESOURCES)}
    </div>
  );
}
