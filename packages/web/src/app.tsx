import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { App as AntApp, ConfigProvider, Result, Button } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Permission } from '@ningan/domain';
import { isApiError, mayBeSignedIn } from './api/client.ts';
import { workspaceQuery } from './features/command/command-api.ts';
import { FullPageSpin, RequirePermission, RequireSession } from './auth/guards.tsx';
import { SessionProvider, useSession } from './auth/session.tsx';
import { LoginPage } from './features/login/login.page.tsx';
import { PillarPlaceholderPage } from './features/pillars/pillar-placeholder.page.tsx';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { homePath } from './layout/nav-items.tsx';

/** The bundled font first: these machines (and many intranet PCs) have no CJK font of their own. */
export const FONT_FAMILY =
  "'Noto Sans SC', system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Segoe UI', sans-serif";

const MapPage = lazy(() => import('./features/map/map.page.tsx').then((m) => ({ default: m.MapPage })));
const UsersPage = lazy(() =>
  import('./features/users/users.page.tsx').then((m) => ({ default: m.UsersPage })),
);
const OrgUnitsPage = lazy(() =>
  import('./features/org-units/org-units.page.tsx').then((m) => ({ default: m.OrgUnitsPage })),
);
const ContactsPage = lazy(() =>
  import('./features/contacts/contacts.page.tsx').then((m) => ({ default: m.ContactsPage })),
);
const DirectoryPage = lazy(() =>
  import('./features/directory/directory.page.tsx').then((m) => ({ default: m.DirectoryPage })),
);
const RolesPage = lazy(() =>
  import('./features/roles/roles.page.tsx').then((m) => ({ default: m.RolesPage })),
);
const LedgerHomePage = lazy(() =>
  import('./features/ledger/ledger-home.page.tsx').then((m) => ({ default: m.LedgerHomePage })),
);
const EnterprisesPage = lazy(() =>
  import('./features/enterprises/enterprises.page.tsx').then((m) => ({ default: m.EnterprisesPage })),
);
const StockAlertsPage = lazy(() =>
  import('./features/stock/stock-alerts.page.tsx').then((m) => ({ default: m.StockAlertsPage })),
);
const ExpiringPage = lazy(() =>
  import('./features/enterprises/expiring.page.tsx').then((m) => ({ default: m.ExpiringPage })),
);
const RegistryPage = lazy(() =>
  import('./features/registry/registry.page.tsx').then((m) => ({ default: m.RegistryPage })),
);
const WeatherPage = lazy(() =>
  import('./features/weather/weather.page.tsx').then((m) => ({ default: m.WeatherPage })),
);
const EarthquakePage = lazy(() =>
  import('./features/hazards/earthquake.page.tsx').then((m) => ({ default: m.EarthquakePage })),
);
const RegionPopulationPage = lazy(() =>
  import('./features/hazards/region-population.page.tsx').then((m) => ({ default: m.RegionPopulationPage })),
);
// 一张网 (monitoring): one chunk per screen, like the others.
const StationMapPage = lazy(() =>
  import('./features/monitoring/station-map.page.tsx').then((m) => ({ default: m.StationMapPage })),
);
const StationsPage = lazy(() =>
  import('./features/monitoring/stations.page.tsx').then((m) => ({ default: m.StationsPage })),
);
const StationDetailPage = lazy(() =>
  import('./features/monitoring/station-detail.tsx').then((m) => ({ default: m.StationDetailPage })),
);
const HealthPage = lazy(() =>
  import('./features/monitoring/health.page.tsx').then((m) => ({ default: m.HealthPage })),
);
const QuarantinePage = lazy(() =>
  import('./features/monitoring/quarantine.page.tsx').then((m) => ({ default: m.QuarantinePage })),
);
const IntegrationsPage = lazy(() =>
  import('./features/monitoring/integrations.page.tsx').then((m) => ({ default: m.IntegrationsPage })),
);
const AlarmsPage = lazy(() =>
  import('./features/alarms/alarms.page.tsx').then((m) => ({ default: m.AlarmsPage })),
);
const RulesPage = lazy(() =>
  import('./features/rules/rules.page.tsx').then((m) => ({ default: m.RulesPage })),
);
const RuleEditorPage = lazy(() =>
  import('./features/rules/rule-editor.page.tsx').then((m) => ({ default: m.RuleEditorPage })),
);
// 预警发布 (issue #5), and the public pages that need no login.
const WarningsPage = lazy(() =>
  import('./features/warnings/warnings.page.tsx').then((m) => ({ default: m.WarningsPage })),
);
const WarningComposerPage = lazy(() =>
  import('./features/warnings/warning-composer.page.tsx').then((m) => ({ default: m.WarningComposerPage })),
);
const WarningDetailPage = lazy(() =>
  import('./features/warnings/warning-detail.page.tsx').then((m) => ({ default: m.WarningDetailPage })),
);
const PublicWarningsPage = lazy(() =>
  import('./features/public/public-warnings.page.tsx').then((m) => ({ default: m.PublicWarningsPage })),
);
const AckPage = lazy(() => import('./features/public/ack.page.tsx').then((m) => ({ default: m.AckPage })));
const AuditPage = lazy(() =>
  import('./features/audit/audit.page.tsx').then((m) => ({ default: m.AuditPage })),
);
// 值班值守 and the 大屏 (issue #6).
const DutyPage = lazy(() => import('./features/duty/duty.page.tsx').then((m) => ({ default: m.DutyPage })));
const NilReportPage = lazy(() =>
  import('./features/duty/duty.page.tsx').then((m) => ({ default: m.NilReportPage })),
);
const RosterPage = lazy(() =>
  import('./features/duty/roster.page.tsx').then((m) => ({ default: m.RosterPage })),
);
const ScreenPage = lazy(() =>
  import('./features/screen/screen.page.tsx').then((m) => ({ default: m.ScreenPage })),
);
// 一盘棋 incidents (issue #6): home, list, workspace; the phone views and the HQ 叫应 answer page.
const CommandHomePage = lazy(() =>
  import('./features/command/command-home.page.tsx').then((m) => ({ default: m.CommandHomePage })),
);
const IncidentsPage = lazy(() =>
  import('./features/command/incidents.page.tsx').then((m) => ({ default: m.IncidentsPage })),
);
const loadIncidentWorkspace = () => import('./features/command/incident-workspace.page.tsx');
const IncidentWorkspacePage = lazy(() =>
  loadIncidentWorkspace().then((m) => ({
    default: m.IncidentWorkspacePage,
  })),
);
const PhoneTasksPage = lazy(() =>
  import('./features/command/phone-tasks.page.tsx').then((m) => ({ default: m.PhoneTasksPage })),
);
const PhoneTaskPage = lazy(() =>
  import('./features/command/phone-tasks.page.tsx').then((m) => ({ default: m.PhoneTaskPage })),
);
const FieldReportPage = lazy(() =>
  import('./features/command/field-report.page.tsx').then((m) => ({ default: m.FieldReportPage })),
);
const HqAckPage = lazy(() =>
  import('./features/command/hq-ack.page.tsx').then((m) => ({ default: m.HqAckPage })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry only what may pass next time: network trouble and 5xx, not 4xx answers.
      retry: (failures, error) =>
        failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

/**
 * An incident workspace opened by its URL (a bookmark, a link in a message, a reload): its code and its data
 * are asked for while the session is checked and the layout drawn, rather than after (the page's query takes
 * the data from the cache). Only when a session cookie is there (otherwise the login page comes first).
 */
function prefetchWorkspaceOfUrl(): void {
  const id = /^\/command\/incidents\/([0-9a-f-]{36})\/?$/i.exec(window.location.pathname)?.[1];
  if (!id || !mayBeSignedIn()) return;
  // A failure here is the lazy page's to show when it asks again.
  loadIncidentWorkspace().catch(() => undefined);
  void queryClient.prefetchQuery(workspaceQuery(id));
}
prefetchWorkspaceOfUrl();

function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

function Home() {
  const { can } = useSession();
  return <Navigate to={homePath(can)} replace />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Button type="primary" href="/">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** A page outside the console layout (no login): its own Suspense boundary. */
function standalone(page: ReactNode) {
  return <Suspense fallback={<FullPageSpin />}>{page}</Suspense>;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/public/warnings', element: standalone(<PublicWarningsPage />) },
  { path: '/ack/:token', element: standalone(<AckPage />) },
  { path: '/hq-ack/:token', element: standalone(<HqAckPage />) },
  // Phone views: no console layout, still signed in.
  {
    path: '/m/tasks',
    element: <RequireSession>{standalone(guarded('task:feedback', <PhoneTasksPage />))}</RequireSession>,
  },
  {
    path: '/m/tasks/:id',
    element: <RequireSession>{standalone(guarded('task:feedback', <PhoneTaskPage />))}</RequireSession>,
  },
  {
    path: '/m/report',
    element: (
      <RequireSession>{standalone(guarded('incident:field_report', <FieldReportPage />))}</RequireSession>
    ),
  },
  {
    // 大屏: full screen, outside the console layout, signed in.
    path: '/screen',
    element: <RequireSession>{standalone(guarded('incident:read', <ScreenPage />))}</RequireSession>,
  },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'map', element: guarded('region:read', <MapPage />) },
      { path: 'network', element: <Navigate to="/network/map" replace /> },
      { path: 'network/map', element: guarded('monitoring:read', <StationMapPage />) },
      { path: 'network/stations', element: guarded('monitoring:read', <StationsPage />) },
      { path: 'network/stations/:id', element: guarded('monitoring:read', <StationDetailPage />) },
      { path: 'network/alarms', element: guarded('monitoring:read', <AlarmsPage />) },
      { path: 'network/rules', element: guarded('monitoring:read', <RulesPage />) },
      { path: 'network/rules/new', element: guarded('monitoring:write', <RuleEditorPage />) },
      { path: 'network/rules/:id', element: guarded('monitoring:read', <RuleEditorPage />) },
      { path: 'network/health', element: guarded('monitoring:read', <HealthPage />) },
      { path: 'network/quarantine', element: guarded('monitoring:read', <QuarantinePage />) },
      { path: 'network/integrations', element: guarded('monitoring:write', <IntegrationsPage />) },
      { path: 'network/weather', element: guarded('monitoring:read', <WeatherPage />) },
      { path: 'network/earthquake', element: guarded('monitoring:read', <EarthquakePage />) },
      { path: 'warnings', element: guarded('warning:read', <WarningsPage />) },
      { path: 'warnings/new', element: guarded('warning:draft', <WarningComposerPage />) },
      { path: 'warnings/:id', element: guarded('warning:read', <WarningDetailPage />) },
      { path: 'warnings/:id/edit', element: guarded('warning:draft', <WarningComposerPage />) },
      { path: 'ledger', element: guarded('region:read', <LedgerHomePage />) },
      { path: 'ledger/enterprises', element: guarded('enterprise:read', <EnterprisesPage />) },
      { path: 'ledger/enterprises/expiring', element: guarded('enterprise:read', <ExpiringPage />) },
      { path: 'ledger/stock', element: guarded('ledger:read', <StockAlertsPage />) },
      { path: 'ledger/:registry', element: guarded('ledger:read', <RegistryPage />) },
      { path: 'command', element: guarded('region:read', <CommandHomePage />) },
      { path: 'command/incidents', element: guarded('incident:read', <IncidentsPage />) },
      { path: 'command/incidents/:id', element: guarded('incident:read', <IncidentWorkspacePage />) },
      { path: 'command/duty', element: guarded('incident:read', <DutyPage />) },
      { path: 'command/duty/roster', element: guarded('duty:write', <RosterPage />) },
      { path: 'command/duty/nil-report', element: guarded('duty:nil_report', <NilReportPage />) },
      { path: 'supervision', element: <PillarPlaceholderPage pillar="supervision" /> },
      { path: 'relief', element: <PillarPlaceholderPage pillar="relief" /> },
      { path: 'admin/users', element: guarded('user:read', <UsersPage />) },
      { path: 'admin/org-units', element: guarded('org:read', <OrgUnitsPage />) },
      { path: 'admin/directory', element: guarded('directory:read', <DirectoryPage />) },
      { path: 'admin/contacts', element: guarded('contact:read', <ContactsPage />) },
      { path: 'admin/roles', element: guarded('user:read', <RolesPage />) },
      { path: 'admin/regions', element: guarded('region:read', <RegionPopulationPage />) },
      { path: 'admin/audit', element: guarded('audit:read', <AuditPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

function ThemedApp() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      // antd would render 登录 as "登 录", which also changes the button's accessible name.
      button={{ autoInsertSpace: false }}
      theme={{
        token: { fontFamily: FONT_FAMILY, colorPrimary: '#1d5fbf', borderRadius: 6 },
        components: { Layout: { headerBg: '#0f2a4a', headerHeight: 56, headerPadding: '0 16px' } },
      }}
    >
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ThemedApp />
      </I18nProvider>
    </QueryClientProvider>
  );
}
