/**
 * 大屏 (issue #6 part 10): the command hall's wall screen — the county map with the active incidents, open
 * alarms and warnings in force; the key counts; incidents by type over 30 days and tasks by state; a ticker of
 * the latest timeline entries; the Beijing clock. Dark, a 1920×1080 stage scaled to the wall, large type.
 *
 * Live: the command stream (incidents, tasks, timeline, nil reports) and the monitoring stream (alarms) mark
 * the queries stale; every query also refetches on an interval, the fallback while a stream is down.
 * Counts come from the list endpoints (no count endpoint exists): screen-model.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ConfigProvider, theme } from 'antd';
import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  TASK_STATE_LABELS,
  TASK_STATES,
  TIMELINE_KIND_LABELS,
  type IncidentView,
  type TaskState,
  type TimelineKind,
} from '@ningan/domain';
import { useLiveStream } from '../../api/live-stream.ts';
import { useBoundary, useCountyCode } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { EChart } from '../../charts/echart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { alarmKeys, alarmsApi } from '../alarms/alarms-api.ts';
import { LEVEL_COLORS } from '../alarms/alarms-model.ts';
import { ledgerApi } from '../registry/registry-api.ts';
import { warningsApi } from '../warnings/warnings-api.ts';
import { dutyApi } from '../duty/duty-api.ts';
import { useCommandStream, type CommandChangeEvent } from '../command/command-stream.ts';
import { incidentsByTypeOption, tasksByStateOption } from './screen-charts.ts';
import { screenApi, screenKeys, INCIDENT_PAGE_MAX } from './screen-api.ts';
import { ScreenMap, type ScreenWarning } from './screen-map.tsx';
import {
  beijingClock,
  GRADE_COLORS,
  GRADE_KEYS,
  incidentsByTypeAndDay,
  lastSeqs,
  mergeTicker,
  nilReportTally,
  rangeOfLastDays,
  stageFit,
  STAGE_HEIGHT,
  STAGE_WIDTH,
  tallyIncidents,
  tasksByState,
  tickerTime,
  type TickerEntry,
} from './screen-model.ts';
import './screen.css';

/** Fallback refetch while the streams are down (and to catch what no event announces). */
const REFRESH_MS = 30_000;
/** At most this many active incidents have their workspace (tasks, timeline) read. */
const WORKSPACE_LIMIT = 30;
const TICKER_LIMIT = 30;
const ALARM_LEVELS_DESC = ['red', 'orange', 'yellow', 'blue'] as const;

function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/** The stage's scale and offsets for the current window. */
function useStageFit() {
  const [fit, setFit] = useState(() => stageFit(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setFit(stageFit(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return fit;
}

function useFullscreen(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const sync = () => setOn(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  return [on, toggle];
}

/**
 * The page font and a counter that moves each time the glyphs of `text` have loaded: the chart labels change
 * as incidents arrive (charts/use-font.ts answers once), and a canvas drawn before its glyphs keeps boxes.
 */
function useGlyphs(text: string): { family: string; loaded: number } {
  const family = getComputedStyle(document.body).fontFamily;
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    let live = true;
    const done = () => {
      if (live) setLoaded((n) => n + 1);
    };
    document.fonts.load(`24px ${family}`, text).then(done, done);
    return () => {
      live = false;
    };
  }, [family, text]);
  return { family, loaded };
}

/** Every incident of the last 30 days (occurred), paging through the list. */
async function fetchRecent(from: string): Promise<IncidentView[]> {
  const out: IncidentView[] = [];
  for (let page = 1; page <= 10; page += 1) {
    const res = await screenApi.incidents({ from, page, pageSize: INCIDENT_PAGE_MAX });
    out.push(...res.items);
    if (out.length >= res.total || res.items.length < INCIDENT_PAGE_MAX) break;
  }
  return out;
}

/** The state of a workspace task (the workspace types its tasks loosely: read defensively). */
function taskStateOf(task: unknown): TaskState | null {
  if (typeof task !== 'object' || task === null) return null;
  const state = (task as { state?: unknown }).state;
  return typeof state === 'string' && (TASK_STATES as readonly string[]).includes(state)
    ? (state as TaskState)
    : null;
}

export function ScreenPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const fit = useStageFit();
  const [fullscreen, toggleFullscreen] = useFullscreen();
  const now = useNow(1000);
  const clock = beijingClock(now, lang);
  const today = clock.date;
  const countyCode = useCountyCode();
  const boundary = useBoundary(countyCode).data;

  const canMonitor = can('monitoring:read');
  const canWarnings = can('warning:read');
  const canLedger = can('ledger:read');

  // ---- incidents
  const active = useQuery({
    queryKey: screenKeys.active,
    queryFn: () => screenApi.incidents({ status: 'reported,responding' }),
    refetchInterval: REFRESH_MS,
  });
  const activeIncidents = useMemo(() => active.data?.items ?? [], [active.data]);
  // The 30-day window moves once a day; the key keeps the day so the list refetches after midnight.
  const range = useMemo(() => rangeOfLastDays(new Date(`${today}T12:00:00+08:00`), 30), [today]);
  const recent = useQuery({
    queryKey: screenKeys.recent(range.from),
    queryFn: () => fetchRecent(range.from),
    refetchInterval: 5 * 60_000,
  });
  const workspaceIds = useMemo(
    () => activeIncidents.slice(0, WORKSPACE_LIMIT).map((i) => i.id),
    [activeIncidents],
  );
  const workspaces = useQueries({
    queries: workspaceIds.map((id) => ({
      queryKey: screenKeys.workspace(id),
      queryFn: () => screenApi.workspace(id),
      refetchInterval: 60_000,
    })),
  });

  // ---- alarms (the alarm keys: the monitoring stream patches and refreshes them by itself)
  useLiveStream({}, canMonitor);
  const alarmParams = { page: 1, pageSize: 200, sort: 'severity' as const };
  const alarms = useQuery({
    queryKey: alarmKeys.list(alarmParams),
    queryFn: () => alarmsApi.list(alarmParams),
    enabled: canMonitor,
    refetchInterval: REFRESH_MS,
  });
  const alarmSummary = useQuery({
    queryKey: alarmKeys.summary,
    queryFn: alarmsApi.summary,
    enabled: canMonitor,
    refetchInterval: REFRESH_MS,
  });

  // ---- warnings in force, with their areas
  const warnings = useQuery({
    queryKey: screenKeys.warnings,
    queryFn: () => warningsApi.list({ phase: 'active', page: 1, pageSize: 200 }),
    enabled: canWarnings,
    refetchInterval: REFRESH_MS,
  });
  const warningDetails = useQueries({
    queries: (warnings.data?.items ?? []).slice(0, 30).map((w) => ({
      queryKey: screenKeys.warningDetail(w.id),
      queryFn: () => warningsApi.get(w.id),
      staleTime: 5 * 60_000,
    })),
  });
  const warningAreas = useMemo<ScreenWarning[]>(
    () =>
      warningDetails.flatMap((q) =>
        q.data ? [{ id: q.data.id, level: q.data.level, area: q.data.area }] : [],
      ),
    // The data of each query, not the result array.
    [warningDetails.map((q) => q.dataUpdatedAt).join(',')],
  );

  // ---- teams on standby, nil reports
  const ledger = useQuery({
    queryKey: screenKeys.ledger,
    queryFn: ledgerApi.summary,
    enabled: canLedger,
    refetchInterval: 5 * 60_000,
  });
  const nilReports = useQuery({
    queryKey: screenKeys.nilReports(today),
    queryFn: () => dutyApi.nilReports(today),
    refetchInterval: 60_000,
    retry: false,
  });

  // ---- the ticker: the latest timeline entries of the active incidents, then whatever the stream announces
  const [ticker, setTicker] = useState<TickerEntry[]>([]);
  const tickerRef = useRef(ticker);
  useEffect(() => {
    tickerRef.current = ticker;
  }, [ticker]);
  const workspaceStamp = workspaces.map((w) => w.dataUpdatedAt).join(',');
  useEffect(() => {
    const entries = workspaces.flatMap((w) => (w.data ? w.data.timeline.slice(-TICKER_LIMIT) : []));
    if (entries.length > 0) setTicker((had) => mergeTicker(had, entries, TICKER_LIMIT));
    // Runs when a workspace answered.
  }, [workspaceStamp]);

  const pending = useRef<CommandChangeEvent[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useCallback(() => {
    flushTimer.current = null;
    const changes = pending.current;
    pending.current = [];
    void queryClient.invalidateQueries({ queryKey: screenKeys.active });
    if (changes.some((c) => c.topic === 'incident'))
      void queryClient.invalidateQueries({ queryKey: ['screen', 'incidents', 'recent'] });
    if (changes.some((c) => c.topic === 'nil_report'))
      void queryClient.invalidateQueries({ queryKey: ['screen', 'nil-reports'] });
    const seen = lastSeqs(tickerRef.current);
    const withSeq = new Map<string, number>();
    for (const c of changes) {
      if (!c.incidentId) continue;
      if (c.topic === 'task' || c.topic === 'allocation')
        void queryClient.invalidateQueries({ queryKey: screenKeys.workspace(c.incidentId) });
      if (c.seq !== undefined) {
        const after = seen.get(c.incidentId) ?? c.seq - 1;
        withSeq.set(c.incidentId, Math.min(withSeq.get(c.incidentId) ?? after, after));
      }
    }
    for (const [incidentId, afterSeq] of withSeq)
      screenApi.timelineAfter(incidentId, afterSeq).then(
        (res) => setTicker((had) => mergeTicker(had, res.items, TICKER_LIMIT)),
        () => undefined,
      );
  }, [queryClient]);
  const streamStatus = useCommandStream({
    onChange: (changes) => {
      pending.current.push(...changes);
      flushTimer.current ??= setTimeout(flush, 200);
    },
    onReconnect: () => void queryClient.invalidateQueries({ queryKey: screenKeys.all }),
  });
  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
    },
    [],
  );

  // ---- figures
  const tally = tallyIncidents(activeIncidents);
  const titles = useMemo(() => {
    const map = new Map<string, string>();
    for (const i of [...(recent.data ?? []), ...activeIncidents]) map.set(i.id, i.title);
    return map;
  }, [recent.data, activeIncidents]);
  const byType = useMemo(
    () =>
      incidentsByTypeAndDay(recent.data ?? [], new Date(`${today}T12:00:00+08:00`), {
        days: 30,
        maxTypes: 5,
        otherLabel: t('screen.otherTypes'),
        untypedLabel: t('screen.untyped'),
      }),
    [recent.data, today, t],
  );
  const taskCounts = useMemo(
    () =>
      tasksByState(
        workspaces.flatMap((w) =>
          (w.data?.tasks ?? []).flatMap((task) => {
            const state = taskStateOf(task);
            return state ? [{ state }] : [];
          }),
        ),
      ),
    // Recomputed when a workspace answered.
    [workspaceStamp],
  );
  const taskTotal = TASK_STATES.reduce((a, s) => a + taskCounts[s], 0);
  const nil = nilReportTally(nilReports.data?.items ?? []);
  const standby = ledger.data?.items.find((i) => i.registry === 'rescue-teams')?.byGrade['待命'];
  const openAlarms = (alarms.data?.items ?? []).filter((a) => a.status !== 'closed');
  // The canvas draws only glyphs the web font has loaded: ask for every label first, redraw once it has them.
  const chartText = [
    ...byType.series.map((x) => x.type),
    ...TASK_STATES.map((x) => TASK_STATE_LABELS[x]),
    t('screen.tasksTotal', { count: taskTotal }),
  ].join('');
  const { family, loaded: fontLoads } = useGlyphs(chartText);
  const typeOption = useMemo(
    () => incidentsByTypeOption(byType, family),
    // A new option object once more glyphs have loaded redraws the canvas with them.
    [byType, family, fontLoads],
  );
  const taskOption = useMemo(
    () =>
      tasksByStateOption(
        taskCounts,
        (s) => (lang === 'en' ? t(`screen.task.${s}`) : TASK_STATE_LABELS[s]),
        t('screen.tasksTotal', { count: taskTotal }),
        family,
      ),
    [taskCounts, taskTotal, lang, t, family, fontLoads],
  );
  const kindLabel = (kind: string) =>
    lang === 'en' ? kind : (TIMELINE_KIND_LABELS[kind as TimelineKind] ?? kind);

  const value = (n: number | undefined, loaded: boolean) => (loaded && n !== undefined ? n : '—');

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div className="screen-viewport" data-testid="screen-page">
        <div
          className="screen-stage"
          style={{
            width: STAGE_WIDTH,
            height: STAGE_HEIGHT,
            transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`,
          }}
        >
          <header className="screen-header">
            <div className="screen-header__side">
              <Link to="/command" className="screen-link" aria-label={t('screen.exit')}>
                {t('screen.exit')}
              </Link>
              <span
                className={`screen-live screen-live--${streamStatus}`}
                data-testid="screen-live"
                data-status={streamStatus}
                title={t(`screen.live.${streamStatus}`)}
              >
                {t(`screen.live.${streamStatus}`)}
              </span>
            </div>
            <h1 className="screen-title">{t('screen.title')}</h1>
            <div className="screen-header__side screen-header__side--right">
              <div className="screen-clock" data-testid="screen-clock" aria-label={t('screen.clock')}>
                <span className="screen-clock__time">{clock.time}</span>
                <span className="screen-clock__date">
                  {clock.date} {clock.weekday} · {t('screen.beijingTime')}
                </span>
              </div>
              <button
                type="button"
                className="screen-button"
                onClick={toggleFullscreen}
                aria-label={fullscreen ? t('screen.exitFullscreen') : t('screen.fullscreen')}
                data-testid="screen-fullscreen"
              >
                {fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
              </button>
            </div>
          </header>

          <section className="screen-left" aria-label={t('screen.counts')}>
            <div className="screen-panel">
              <h2 className="screen-panel__title">{t('screen.activeIncidents')}</h2>
              <div className="screen-big" data-testid="screen-count-active">
                {value(tally.active, active.isSuccess)}
              </div>
              <div className="screen-grades">
                {GRADE_KEYS.map((g) => (
                  <div key={g} className="screen-grade" data-testid={`screen-grade-${g}`}>
                    <span className="screen-grade__swatch" style={{ background: GRADE_COLORS[g] }} />
                    <span className="screen-grade__name">{g === 'none' ? t('screen.ungraded') : g}</span>
                    <span className="screen-grade__n">{value(tally.byGrade[g], active.isSuccess)}</span>
                  </div>
                ))}
              </div>
            </div>
            <div className="screen-tiles">
              <Tile
                label={t('screen.openTasks')}
                value={value(tally.openTasks, active.isSuccess)}
                testId="screen-count-tasks"
              />
              <Tile
                label={t('screen.overdueReports')}
                value={value(tally.overdueReports, active.isSuccess)}
                alert={tally.overdueReports > 0}
                testId="screen-count-overdue"
              />
              <Tile
                label={t('screen.warningsInForce')}
                value={canWarnings ? value(warnings.data?.items.length, warnings.isSuccess) : '—'}
                testId="screen-count-warnings"
              />
              <Tile
                label={t('screen.teamsStandby')}
                value={canLedger ? value(standby ?? 0, ledger.isSuccess) : '—'}
                testId="screen-count-teams"
              />
              <Tile
                label={t('screen.nilReports')}
                value={nilReports.isSuccess ? `${nil.submitted}/${nil.total}` : '—'}
                testId="screen-count-nil"
              />
            </div>
            <div className="screen-panel">
              <h2 className="screen-panel__title">{t('screen.alarmsByLevel')}</h2>
              <div className="screen-alarm-levels" data-testid="screen-alarm-levels">
                {ALARM_LEVELS_DESC.map((level) => (
                  <div
                    key={level}
                    className="screen-alarm-level"
                    style={{ background: LEVEL_COLORS[level].background, color: LEVEL_COLORS[level].color }}
                    data-testid={`screen-alarm-${level}`}
                  >
                    <span className="screen-alarm-level__n">
                      {canMonitor
                        ? value(alarmSummary.data?.openByLevel[level], alarmSummary.isSuccess)
                        : '—'}
                    </span>
                    <span className="screen-alarm-level__name">{t(`screen.alarm.${level}`)}</span>
                  </div>
                ))}
              </div>
            </div>
          </section>

          <section className="screen-centre">
            <div className="screen-map-frame">
              {boundary ? (
                <ScreenMap
                  boundary={boundary}
                  incidents={activeIncidents}
                  alarms={openAlarms}
                  warnings={warningAreas}
                  ariaLabel={t('screen.map')}
                />
              ) : (
                <div className="screen-map screen-map--loading">{t('app.loading')}</div>
              )}
              <div className="screen-map-legend" aria-hidden>
                {GRADE_KEYS.map((g) => (
                  <span key={g}>
                    <i style={{ background: GRADE_COLORS[g] }} />
                    {g === 'none' ? t('screen.ungraded') : g}
                  </span>
                ))}
                <span>
                  <i className="screen-map-legend__alarm" />
                  {t('screen.legendAlarm')}
                </span>
              </div>
            </div>
            <Ticker entries={ticker} titles={titles} today={today} kindLabel={kindLabel} />
          </section>

          <section className="screen-right">
            <div className="screen-panel">
              <h2 className="screen-panel__title">{t('screen.byType', { total: byType.total })}</h2>
              <EChart
                option={typeOption}
                height={300}
                ariaLabel={t('screen.byType', { total: byType.total })}
                testId="screen-chart-types"
              />
            </div>
            <div className="screen-panel">
              <h2 className="screen-panel__title">{t('screen.tasksByState')}</h2>
              <EChart
                option={taskOption}
                height={240}
                ariaLabel={t('screen.tasksByState')}
                testId="screen-chart-tasks"
              />
            </div>
            <div className="screen-panel screen-panel--list">
              <h2 className="screen-panel__title">{t('screen.incidentList')}</h2>
              <ol className="screen-incidents" data-testid="screen-incident-list">
                {activeIncidents.slice(0, 5).map((i) => (
                  <li key={i.id}>
                    <span
                      className="screen-incidents__grade"
                      style={{ background: GRADE_COLORS[i.grade ?? 'none'] }}
                    >
                      {i.grade ?? t('screen.ungraded')}
                    </span>
                    <span className="screen-incidents__title">{i.title}</span>
                    {i.reportingSummary.overdue > 0 && (
                      <span className="screen-incidents__overdue">{t('screen.overdue')}</span>
                    )}
                  </li>
                ))}
                {active.isSuccess && activeIncidents.length === 0 && (
                  <li className="screen-incidents__none">{t('screen.noIncidents')}</li>
                )}
              </ol>
            </div>
          </section>
        </div>
      </div>
    </ConfigProvider>
  );
}

function Tile({
  label,
  value,
  alert = false,
  testId,
}: {
  label: string;
  value: number | string;
  alert?: boolean;
  testId: string;
}) {
  return (
    <div className={`screen-tile${alert ? ' screen-tile--alert' : ''}`} data-testid={testId}>
      <span className="screen-tile__n">{value}</span>
      <span className="screen-tile__label">{label}</span>
    </div>
  );
}

function Ticker({
  entries,
  titles,
  today,
  kindLabel,
}: {
  entries: readonly TickerEntry[];
  titles: Map<string, string>;
  today: string;
  kindLabel: (kind: string) => string;
}) {
  const { t } = useI18n();
  const items = entries.map((e) => (
    <span key={`${e.incidentId}#${e.seq}`} className="screen-ticker__item">
      <b>{tickerTime(e.at, today)}</b> 【{kindLabel(e.kind)}】{titles.get(e.incidentId) ?? ''}：{e.summary}
    </span>
  ));
  // The row is drawn twice so the scroll loops without a gap; the copy is hidden from screen readers.
  const seconds = Math.max(30, entries.length * 8);
  return (
    <div className="screen-ticker" role="marquee" aria-label={t('screen.ticker')} data-testid="screen-ticker">
      <span className="screen-ticker__label">{t('screen.ticker')}</span>
      <div className="screen-ticker__window">
        {entries.length === 0 ? (
          <span className="screen-ticker__item">{t('screen.tickerEmpty')}</span>
        ) : (
          <div className="screen-ticker__track" style={{ animationDuration: `${seconds}s` }}>
            <div className="screen-ticker__row">{items}</div>
            <div className="screen-ticker__row" aria-hidden>
              {items}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
