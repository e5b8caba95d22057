/**
 * The incident workspace (事件工作台, issue #6 part 10): the header (type, grade, response level, status and the
 * statutory reports counting down every second), the map over the timeline of everything, and the tabs of work —
 * 报送, 续报数字, 响应, 调度, 物资, 影响, 态势, 复盘, 结束. One GET …/workspace loads it all; the command stream
 * keeps it live for everyone on it: new timeline entries are fetched `afterSeq` and appended, any other change
 * refetches the workspace (at most once a second).
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Badge, Breadcrumb, Card, Col, Result, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { errorMessage } from '../../forms/form-errors.tsx';
import { MapLoading } from '../../forms/location-fields.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi, commandKeys, workspaceQuery, type Workspace } from './command-api.ts';
import { sourceLabel } from './command-labels.ts';
import { lastSeq, mergeTimeline } from './command-model.ts';
import { CountdownChips, GradeBadge, LevelTag, StatusTag } from './command-parts.tsx';
import { useCommandStream, type CommandChangeEvent } from './command-stream.ts';
import type { MapResource } from './incident-map.tsx';
import { CloseTab, ReviewTab, SitrepTab } from './workspace-closeout.tsx';
import { DispatchTab } from './workspace-dispatch.tsx';
import { ImpactTab } from './workspace-impact.tsx';
import { FollowUpTab, ReportsTab } from './workspace-reports.tsx';
import { ResponseTab } from './workspace-response.tsx';
import { SuppliesTab } from './workspace-supplies.tsx';
import { WorkspaceTimeline } from './workspace-timeline.tsx';
import './command.css';

const IncidentMap = lazy(() => import('./incident-map.tsx'));

const TABS = [
  'reports',
  'figures',
  'response',
  'dispatch',
  'supplies',
  'impact',
  'sitrep',
  'review',
  'close',
] as const;
const REFETCH_EVERY_MS = 1_000;

/** Keeps the workspace cache live from the command stream. */
function useLiveWorkspace(id: string, workspace: Workspace | undefined) {
  const queryClient = useQueryClient();
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fetchingTimeline = useRef(false);
  useEffect(
    () => () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );

  const appendTimeline = useCallback(async () => {
    if (fetchingTimeline.current) return;
    const key = commandKeys.workspace(id);
    const current = queryClient.getQueryData<Workspace>(key);
    if (!current) return;
    fetchingTimeline.current = true;
    try {
      const { items } = await commandApi.timeline(id, lastSeq(current.timeline));
      if (items.length > 0)
        queryClient.setQueryData<Workspace>(key, (ws) =>
          ws ? { ...ws, timeline: mergeTimeline(ws.timeline, items) } : ws,
        );
    } catch {
      // The next change or the full refetch catches up.
    } finally {
      fetchingTimeline.current = false;
    }
  }, [id, queryClient]);

  const scheduleRefetch = useCallback(() => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: commandKeys.incident(id) });
    }, REFETCH_EVERY_MS);
  }, [id, queryClient]);

  const status = useCommandStream(
    {
      onChange: (changes: CommandChangeEvent[]) => {
        const mine = changes.filter((c) => c.incidentId === id);
        if (mine.length === 0) return;
        const current = queryClient.getQueryData<Workspace>(commandKeys.workspace(id));
        const held = current ? lastSeq(current.timeline) : 0;
        if (mine.some((c) => c.seq === undefined || c.seq > held)) void appendTimeline();
        if (mine.some((c) => c.topic !== 'timeline')) scheduleRefetch();
      },
      onReconnect: scheduleRefetch,
    },
    workspace !== undefined,
  );
  return status;
}

export function IncidentWorkspacePage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const tab = (TABS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as (typeof TABS)[number])
    : 'reports';
  const [impactRadius, setImpactRadius] = useState<number | null>(null);
  const [impactDots, setImpactDots] = useState<MapResource[]>([]);
  const [recommendDots, setRecommendDots] = useState<MapResource[]>([]);

  const ws = useQuery(workspaceQuery(id));
  const live = useLiveWorkspace(id, ws.data);
  // The map (WebGL, the heaviest part of the page) starts once the rest has been painted.
  const [mapNow, setMapNow] = useState(false);
  const hasData = ws.data !== undefined;
  useEffect(() => {
    if (!hasData) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setMapNow(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [hasData]);
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: commandKeys.incident(id) }),
    [id, queryClient],
  );

  // The dots of the open tab: what the impact analysis or the recommendation found (both elsewhere).
  const mapResources = useMemo(
    () =>
      tab === 'impact' ? impactDots : tab === 'supplies' ? recommendDots : [...impactDots, ...recommendDots],
    [tab, impactDots, recommendDots],
  );

  if (ws.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  if (ws.isError)
    return <Result status="warning" title={t('cmd.ws.loadFailed')} subTitle={errorMessage(ws.error, t)} />;

  const { incident, timeline } = ws.data;
  const closed = incident.status === 'closed' || incident.status === 'merged';
  const hasLocation = incident.lon !== null && incident.lat !== null;
  const openTasks = ws.data.tasks.filter((x) =>
    ['pending_read', 'read', 'feedback'].includes(x.state),
  ).length;

  return (
    <div className="admin-page cmd-workspace" data-testid="incident-workspace">
      <Breadcrumb
        items={[
          { title: <Link to="/command">{t('nav.command')}</Link> },
          { title: <Link to="/command/incidents">{t('cmd.incidents.title')}</Link> },
          { title: incident.title },
        ]}
      />
      <div className="cmd-ws-head">
        <div>
          <Typography.Title level={3} style={{ margin: '8px 0 4px' }} data-testid="incident-title">
            {incident.title}
          </Typography.Title>
          <Space wrap size={6}>
            <StatusTag status={incident.status} />
            <GradeBadge grade={incident.grade} />
            <LevelTag level={incident.responseLevel} />
            <Tag>{incident.eventTypeLabel ?? t('cmd.type.unclassified')}</Tag>
            <span className="cmd-muted">
              {sourceLabel(incident.source, lang)} · {incident.townshipName ?? incident.regionName}
              {incident.place && ` · ${incident.place}`} · {t('cmd.occurredAt')}{' '}
              {dayjs(incident.occurredAt).format('YYYY-MM-DD HH:mm')}
            </span>
            <Badge
              status={live === 'open' ? 'success' : live === 'connecting' ? 'processing' : 'default'}
              text={<span className="cmd-muted">{t(`cmd.live.${live}`)}</span>}
            />
          </Space>
        </div>
        {!closed && (
          <div className="cmd-ws-countdowns" aria-label={t('cmd.nextReport')}>
            <CountdownChips reporting={incident.reporting} />
          </div>
        )}
      </div>
      {incident.status === 'merged' && incident.mergedIntoId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={
            <>
              {t('cmd.ws.mergedInto')}{' '}
              <Link to={`/command/incidents/${incident.mergedIntoId}`}>{t('cmd.ws.open')}</Link>
            </>
          }
        />
      )}
      {/* Map over the timeline on the left, the tabs of work on the right (all nine tabs fit from xl up). */}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={9} className="cmd-ws-left">
          <Card size="small" title={t('cmd.ws.map')}>
            {!hasLocation ? (
              <Typography.Text type="secondary">{t('cmd.ws.noLocation')}</Typography.Text>
            ) : mapNow ? (
              <Suspense fallback={<MapLoading height={280} />}>
                <IncidentMap
                  lon={incident.lon}
                  lat={incident.lat}
                  radiusKm={impactRadius}
                  resources={mapResources}
                  height={280}
                />
              </Suspense>
            ) : (
              <MapLoading height={280} />
            )}
            <div className="cmd-facts">
              <div>
                {t('cmd.fig.deaths')} {incident.figures.deaths ?? 0} · {t('cmd.fig.missing')}{' '}
                {incident.figures.missing ?? 0} · {t('cmd.fig.seriousInjuries')}{' '}
                {incident.figures.seriousInjuries ?? 0}
                {incident.figures.injuries !== undefined &&
                  ` · ${t('cmd.fig.injuries')} ${incident.figures.injuries}`}
              </div>
              {incident.figures.directLossWanYuan !== undefined && (
                <div>
                  {t('cmd.fig.directLoss')} {incident.figures.directLossWanYuan} {t('cmd.unit.wanYuan')}
                </div>
              )}
              {incident.figures.burnedAreaHa !== undefined && (
                <div>
                  {t('cmd.fig.burnedArea')} {incident.figures.burnedAreaHa} {t('cmd.unit.ha')}
                </div>
              )}
              {incident.intake.caller && (
                <div className="cmd-muted">
                  {t('cmd.intake.caller')}：{incident.intake.caller.name}
                  {incident.intake.caller.unit && `（${incident.intake.caller.unit}）`}
                  {incident.intake.caller.phone && ` ${incident.intake.caller.phone}`}
                </div>
              )}
              {incident.description && <div className="cmd-pre cmd-muted">{incident.description}</div>}
              <div className="cmd-muted">{t('cmd.home.openTasks', { count: openTasks })}</div>
            </div>
          </Card>
          <Card size="small">
            <WorkspaceTimeline incidentId={id} entries={timeline} onChanged={refresh} closed={closed} />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Tabs
              size="small"
              activeKey={tab}
              onChange={(key) => setSearchParams({ tab: key }, { replace: true })}
              data-testid="workspace-tabs"
              items={[
                {
                  key: 'reports',
                  label: t('cmd.tab.reports'),
                  children: <ReportsTab incident={incident} filed={ws.data.reports} onChanged={refresh} />,
                },
                {
                  key: 'figures',
                  label: t('cmd.tab.figures'),
                  children: <FollowUpTab incident={incident} onChanged={refresh} />,
                },
                {
                  key: 'response',
                  label: t('cmd.tab.response'),
                  children: (
                    <ResponseTab incident={incident} activations={ws.data.activations} onChanged={refresh} />
                  ),
                },
                {
                  key: 'dispatch',
                  label: t('cmd.tab.dispatch', { count: openTasks }),
                  children: (
                    <DispatchTab incidentId={id} tasks={ws.data.tasks} closed={closed} onChanged={refresh} />
                  ),
                },
                {
                  key: 'supplies',
                  label: t('cmd.tab.supplies'),
                  children: (
                    <SuppliesTab
                      incidentId={id}
                      hasLocation={hasLocation}
                      allocations={ws.data.allocations}
                      tasks={ws.data.tasks}
                      closed={closed}
                      onResources={setRecommendDots}
                      onChanged={refresh}
                    />
                  ),
                },
                {
                  key: 'impact',
                  label: t('cmd.tab.impact'),
                  children: (
                    <ImpactTab
                      incidentId={id}
                      hasLocation={hasLocation}
                      onImpact={(r, dots) => {
                        setImpactRadius(r);
                        setImpactDots(dots);
                      }}
                    />
                  ),
                },
                {
                  key: 'sitrep',
                  label: t('cmd.tab.sitrep'),
                  children: (
                    <SitrepTab
                      incidentId={id}
                      sitreps={ws.data.sitreps}
                      closed={closed}
                      onChanged={refresh}
                    />
                  ),
                },
                {
                  key: 'review',
                  label: t('cmd.tab.review'),
                  children: <ReviewTab incidentId={id} findings={ws.data.findings} onChanged={refresh} />,
                },
                {
                  key: 'close',
                  label: t('cmd.tab.close'),
                  children: <CloseTab incident={incident} onChanged={refresh} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
