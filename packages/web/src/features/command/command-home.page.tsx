/**
 * 一盘棋 home: the active incidents (接报 and 响应中) as cards — grade, response level, the next statutory report
 * counting down, open tasks — and the ways in: 接报, 事件, 值班, 大屏. Live on the command stream.
 */
import { useNavigate } from 'react-router';
import { Button, Card, Col, Empty, Row, Space, Spin, Typography } from 'antd';
import { DesktopOutlined, PhoneOutlined, ScheduleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSession } from '../../auth/session.tsx';
import { DemoScenarioButton } from './demo-scenario-button.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi, commandKeys } from './command-api.ts';
import { GradeBadge, IncidentLink, LevelTag, NextReportChip, StatusTag } from './command-parts.tsx';
import { useCommandStream, useThrottledInvalidate } from './command-stream.ts';
import './command.css';

const ACTIVE = { status: 'reported,responding', page: 1, pageSize: 50 };

export function CommandHomePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const refreshLists = useThrottledInvalidate(commandKeys.lists);
  const active = useQuery({
    queryKey: commandKeys.list(ACTIVE),
    queryFn: () => commandApi.list(ACTIVE),
    enabled: can('incident:read'),
  });
  useCommandStream(
    {
      onChange: refreshLists,
      onReconnect: refreshLists,
    },
    can('incident:read'),
  );

  return (
    <div className="admin-page" data-testid="command-home">
      <PageHeader
        title={t('nav.command')}
        actions={
          <Space wrap>
            {can('incident:write') && (
              <Button
                type="primary"
                icon={<PhoneOutlined />}
                onClick={() => void navigate('/command/incidents?intake=1')}
                data-testid="home-intake"
              >
                {t('cmd.intake.button')}
              </Button>
            )}
            <Button icon={<UnorderedListOutlined />} onClick={() => void navigate('/command/incidents')}>
              {t('cmd.incidents.title')}
            </Button>
            <Button icon={<ScheduleOutlined />} onClick={() => void navigate('/command/duty')}>
              {t('cmd.home.duty')}
            </Button>
            <Button icon={<DesktopOutlined />} href="/screen" target="_blank">
              {t('cmd.home.screen')}
            </Button>
            <DemoScenarioButton />
          </Space>
        }
      />
      <Typography.Title level={5}>
        {t('cmd.home.active', { count: active.data?.total ?? 0 })}
      </Typography.Title>
      {active.isPending && can('incident:read') && <Spin />}
      {active.isError && <Typography.Text type="danger">{errorMessage(active.error, t)}</Typography.Text>}
      {active.data && active.data.items.length === 0 && <Empty description={t('cmd.home.none')} />}
      <Row gutter={[16, 16]}>
        {(active.data?.items ?? []).map((i) => (
          <Col key={i.id} xs={24} md={12} xl={8}>
            <Card
              size="small"
              className="cmd-card"
              title={<IncidentLink id={i.id}>{i.title}</IncidentLink>}
              extra={<StatusTag status={i.status} />}
              data-testid="incident-card"
            >
              <Space wrap size={4} style={{ marginBottom: 8 }}>
                <GradeBadge grade={i.grade} />
                <LevelTag level={i.responseLevel} />
              </Space>
              <div className="cmd-muted">
                {i.eventTypeLabel ?? t('cmd.type.unclassified')} · {i.townshipName ?? i.regionName} ·{' '}
                {dayjs(i.occurredAt).format('MM-DD HH:mm')}
              </div>
              <div style={{ margin: '8px 0' }}>
                <NextReportChip summary={i.reportingSummary} />
              </div>
              <Space size={16} className="cmd-muted">
                <span>{t('cmd.home.openTasks', { count: i.openTasks })}</span>
                {i.reportingSummary.overdue > 0 && (
                  <span className="cmd-text-late">
                    {t('cmd.home.overdue', { count: i.reportingSummary.overdue })}
                  </span>
                )}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
