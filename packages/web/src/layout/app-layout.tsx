import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { EnvironmentOutlined, KeyOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import type { SessionView } from '@ningan/domain';
import { FullPageSpin } from '../auth/guards.tsx';
import { useSession } from '../auth/session.tsx';
import { useOrgUnit, usePublicConfig, useRegionNames } from '../api/queries.ts';
import { AlarmBell } from '../features/alarms/alarm-bell.tsx';
import { GlobalSearch } from '../features/search/global-search.tsx';
import { WarningInbox } from '../features/warnings/warning-inbox.tsx';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { roleLabel, scopeLevelLabel } from '../i18n/labels.ts';
import { isNavGroup, navItemOf, navLinks, navMenuItems, visibleNavEntries } from './nav-items.tsx';
import { ChangePasswordModal } from './change-password.modal.tsx';

const { Header, Sider, Content } = Layout;

/** Pages that draw edge to edge (the map) get no padding and the full height. */
const FULL_BLEED = ['/map', '/network/map'];

export function AppLayout() {
  const { session, can, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const screens = Grid.useBreakpoint();
  // useBreakpoint is empty on the first render; treat "unknown" as desktop to avoid a flash of the drawer.
  const isPhone = screens.md === false;
  const navigate = useNavigate();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const config = usePublicConfig().data;

  const entries = useMemo(() => visibleNavEntries(can), [can]);
  const items: MenuProps['items'] = navMenuItems(entries, t, lang);
  const current = navItemOf(location.pathname, navLinks(entries));
  const selected = current ? [current.path] : [];
  const openGroups = entries
    .filter(isNavGroup)
    .filter((g) => navLinks([g]).some((c) => selected.includes(c.path)))
    .map((g) => g.key);

  if (!session) return null;
  // The search covers enterprises, ledger records and regions; anyone who may read one of them gets it.
  const canSearch = can('ledger:read') || can('enterprise:read') || can('region:read');
  // Below xl (1200 px) the top bar has no room for the box next to the user summary: an icon instead.
  const searchAsIcon = screens.xl === false;
  const fullBleed = FULL_BLEED.includes(location.pathname);

  const menu = (
    <nav data-testid="nav-menu" aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected}
        defaultOpenKeys={openGroups.length > 0 ? openGroups : ['ledger', 'admin']}
        onClick={({ key }) => {
          setDrawerOpen(false);
          void navigate(key);
        }}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );

  const logout = async () => {
    await signOut();
    await navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="app-header">
        <Space size={isPhone ? 4 : 12} align="center" style={{ minWidth: 0 }}>
          {isPhone && (
            <Button
              type="text"
              className="app-header__icon"
              icon={<MenuOutlined />}
              aria-label={t('nav.open')}
              data-testid="nav-toggle"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Typography.Text className="app-header__title" ellipsis>
            {isPhone ? t('app.shortTitle') : t('app.title')}
          </Typography.Text>
          {config?.demo && <Tag color="orange">{t('app.demoTag')}</Tag>}
        </Space>
        {canSearch && !searchAsIcon && <GlobalSearch compact={false} />}
        <Space size={isPhone ? 4 : 12} align="center" data-testid="user-menu" aria-label={t('user.menu')}>
          {canSearch && searchAsIcon && <GlobalSearch compact />}
          {can('monitoring:read') && <AlarmBell compact={searchAsIcon} />}
          {/* Warnings delivered in the app reach any signed-in user (an enterprise too). */}
          <WarningInbox compact={searchAsIcon} />
          {/* On a phone the top bar has no room; the navigation drawer shows the summary instead. */}
          {!isPhone && <UserSummary session={session} lang={lang} onDark />}
          <span data-testid="lang-switch">
            <Segmented<Lang>
              size="small"
              aria-label={t('lang.switch')}
              value={lang}
              onChange={setLang}
              options={[
                { label: t('lang.zh'), value: 'zh' },
                { label: t('lang.en'), value: 'en' },
              ]}
            />
          </span>
          <Tooltip title={isPhone ? t('user.changePassword') : undefined}>
            <Button
              type="text"
              className="app-header__icon"
              icon={<KeyOutlined />}
              aria-label={t('user.changePassword')}
              onClick={() => setPasswordOpen(true)}
            >
              {isPhone ? null : t('user.changePassword')}
            </Button>
          </Tooltip>
          <Tooltip title={isPhone ? t('user.logout') : undefined}>
            <Button
              type="text"
              className="app-header__icon"
              icon={<LogoutOutlined />}
              aria-label={t('user.logout')}
              onClick={() => void logout()}
            >
              {isPhone ? null : t('user.logout')}
            </Button>
          </Tooltip>
        </Space>
      </Header>
      <Layout>
        {isPhone ? (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={t('app.shortTitle')}
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: '12px 16px' }}>
              <UserSummary session={session} lang={lang} onDark={false} />
            </div>
            {menu}
          </Drawer>
        ) : (
          <Sider width={208} theme="light" breakpoint="lg" collapsible className="app-sider">
            {menu}
          </Sider>
        )}
        <Content className={fullBleed ? 'app-content app-content--full' : 'app-content'}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}

/** "张三 [乡镇应急办人员] 新宁镇": who is signed in, as what, over which jurisdiction. */
function UserSummary({ session, lang, onDark }: { session: SessionView; lang: Lang; onDark: boolean }) {
  const nameOf = useRegionNames();
  const { t } = useI18n();
  const { user } = session;
  const textClass = onDark ? 'app-header__user' : undefined;
  const unit = useOrgUnit(user.scope.orgUnitId, session.permissions.includes('org:read')).data;
  const scope =
    user.scope.level === 'department' || user.scope.level === 'enterprise'
      ? (unit?.name ?? scopeLevelLabel(user.scope.level, lang))
      : nameOf(user.scope.regionCode);
  return (
    <Space size={6} wrap>
      <Typography.Text strong className={textClass} data-testid="user-display-name">
        {user.displayName}
      </Typography.Text>
      {user.roles.map((role) => (
        <Tag key={role} color="blue" variant="filled">
          {roleLabel(role, lang)}
        </Tag>
      ))}
      <Typography.Text className={textClass} data-testid="user-scope" title={t('user.scope')}>
        <EnvironmentOutlined /> {scope}
      </Typography.Text>
    </Space>
  );
}
