/** The side navigation: the six pillars (六大板块) in the order the bureau names them, then administration. */
import type { ReactNode } from 'react';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  ApiOutlined,
  BellOutlined,
  ControlOutlined,
  DashboardOutlined,
  StopOutlined,
  WifiOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  AimOutlined,
  CloudOutlined,
  ContactsOutlined,
  NotificationOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  GlobalOutlined,
  KeyOutlined,
  PhoneOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TableOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Label, Permission } from '@ningan/domain';
import type { Lang, Translate } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { registryIcon } from '../features/registry/registry-icons.tsx';
import {
  GROUP_LABELS,
  labelOf,
  REGISTRY_GROUPS,
  registriesOf,
  registryPath,
} from '../features/registry/registry-model.ts';

export type PillarKey = 'network' | 'command' | 'supervision' | 'relief';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Hidden without it; undefined: every signed-in user. */
  permission?: Permission;
}

/** A menu link named by a domain label (a ledger registry: 救援队伍 / Rescue teams). */
export interface NavLabelledItem {
  path: string;
  title: Label;
  icon: ReactNode;
  permission?: Permission;
}

/** A titled sub-group of a menu group (一张表 › 风险源 / 自然灾害隐患 / 应急资源): an antd Menu item group. */
export interface NavSection {
  key: string;
  label: MessageKey;
  items: NavLabelledItem[];
}

export interface NavGroup {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  children: NavItem[];
  /** Shown after `children`, each under its title. */
  sections?: NavSection[];
}

export type NavEntry = NavItem | NavGroup;

export function isNavGroup(entry: NavEntry): entry is NavGroup {
  return 'children' in entry;
}

export const NAV_ENTRIES: NavEntry[] = [
  { path: '/map', label: 'nav.map', icon: <GlobalOutlined />, permission: 'region:read' },
  {
    // 一张网: monitoring stations, their data and health, alarms (issue #4).
    key: 'network',
    label: 'nav.network',
    icon: <AlertOutlined />,
    children: [
      {
        path: '/network/map',
        label: 'nav.monitoringMap',
        icon: <GlobalOutlined />,
        permission: 'monitoring:read',
      },
      {
        path: '/network/stations',
        label: 'nav.stations',
        icon: <WifiOutlined />,
        permission: 'monitoring:read',
      },
      { path: '/network/alarms', label: 'nav.alarms', icon: <BellOutlined />, permission: 'monitoring:read' },
      {
        path: '/network/rules',
        label: 'nav.alarmRules',
        icon: <ControlOutlined />,
        permission: 'monitoring:read',
      },
      {
        // 预警发布 (issue #5): issue warnings and follow their delivery and 叫应.
        path: '/warnings',
        label: 'nav.warnings',
        icon: <NotificationOutlined />,
        permission: 'warning:read',
      },
      {
        path: '/network/weather',
        label: 'nav.weather',
        icon: <ThunderboltOutlined />,
        permission: 'monitoring:read',
      },
      {
        path: '/network/earthquake',
        label: 'nav.earthquake',
        icon: <AimOutlined />,
        permission: 'monitoring:read',
      },
      {
        path: '/network/health',
        label: 'nav.deviceHealth',
        icon: <DashboardOutlined />,
        permission: 'monitoring:read',
      },
      {
        path: '/network/quarantine',
        label: 'nav.quarantine',
        icon: <StopOutlined />,
        permission: 'monitoring:read',
      },
      {
        path: '/network/integrations',
        label: 'nav.integrations',
        icon: <ApiOutlined />,
        permission: 'monitoring:write',
      },
    ],
  },
  {
    key: 'ledger',
    label: 'nav.ledger',
    icon: <TableOutlined />,
    children: [
      { path: '/ledger', label: 'nav.ledgerHome', icon: <AppstoreOutlined />, permission: 'region:read' },
      {
        path: '/ledger/enterprises',
        label: 'nav.enterprises',
        icon: <ShopOutlined />,
        permission: 'enterprise:read',
      },
      {
        path: '/ledger/enterprises/expiring',
        label: 'nav.expiring',
        icon: <FieldTimeOutlined />,
        permission: 'enterprise:read',
      },
      {
        path: '/ledger/stock',
        label: 'stock.alerts.title',
        icon: <InboxOutlined />,
        permission: 'ledger:read',
      },
    ],
    // The registries of the county ledger, declared in @ningan/domain, grouped as the plan groups them.
    sections: REGISTRY_GROUPS.map((group) => ({
      key: `ledger-${group}`,
      label: GROUP_LABELS[group],
      items: registriesOf(group).map((def) => ({
        path: registryPath(def.key),
        title: { zh: def.zh, en: def.en },
        icon: registryIcon(def.key),
        permission: 'ledger:read' as const,
      })),
    })),
  },
  {
    // 一盘棋 (issue #6): the command home, the duty watch (值班台, 排班, 报平安).
    key: 'command',
    label: 'nav.command',
    icon: <ApartmentOutlined />,
    children: [
      { path: '/command', label: 'nav.commandHome', icon: <ApartmentOutlined />, permission: 'region:read' },
      {
        path: '/command/incidents',
        label: 'nav.incidents',
        icon: <AlertOutlined />,
        permission: 'incident:read',
      },
      { path: '/command/duty', label: 'nav.duty', icon: <ScheduleOutlined />, permission: 'incident:read' },
      {
        path: '/command/duty/nil-report',
        label: 'duty.nil.card',
        icon: <SafetyOutlined />,
        permission: 'duty:nil_report',
      },
    ],
  },
  {
    path: '/supervision',
    label: 'nav.supervision',
    icon: <SafetyCertificateOutlined />,
    permission: 'region:read',
  },
  { path: '/relief', label: 'nav.relief', icon: <CloudOutlined />, permission: 'region:read' },
  {
    key: 'admin',
    label: 'nav.admin',
    icon: <TeamOutlined />,
    children: [
      { path: '/admin/users', label: 'nav.users', icon: <UserOutlined />, permission: 'user:read' },
      {
        path: '/admin/org-units',
        label: 'nav.orgUnits',
        icon: <ApartmentOutlined />,
        permission: 'org:read',
      },
      {
        path: '/admin/directory',
        label: 'nav.directory',
        icon: <PhoneOutlined />,
        permission: 'directory:read',
      },
      {
        path: '/admin/contacts',
        label: 'nav.contacts',
        icon: <ContactsOutlined />,
        permission: 'contact:read',
      },
      { path: '/admin/roles', label: 'nav.roles', icon: <KeyOutlined />, permission: 'user:read' },
      {
        path: '/admin/regions',
        label: 'nav.regionPopulation',
        icon: <EnvironmentOutlined />,
        permission: 'region:read',
      },
    ],
  },
  { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit:read' },
];

/** The entries `can` allows, sections and groups without visible items dropped. */
export function visibleNavEntries(can: (permission: Permission) => boolean): NavEntry[] {
  const allowed = (item: { permission?: Permission }) =>
    item.permission === undefined || can(item.permission);
  return NAV_ENTRIES.flatMap((entry): NavEntry[] => {
    if (!isNavGroup(entry)) return allowed(entry) ? [entry] : [];
    const children = entry.children.filter(allowed);
    const sections = (entry.sections ?? [])
      .map((section) => ({ ...section, items: section.items.filter(allowed) }))
      .filter((section) => section.items.length > 0);
    return children.length + sections.length > 0 ? [{ ...entry, children, sections }] : [];
  });
}

/** Every link of `entries` (group children and section items), e.g. to find the selected one. */
export function navLinks(entries: readonly NavEntry[]): { path: string; permission?: Permission }[] {
  return entries.flatMap((e) =>
    isNavGroup(e) ? [...e.children, ...(e.sections ?? []).flatMap((s) => s.items)] : [e],
  );
}

/** The antd Menu items of `entries`: groups as sub-menus, their sections as titled item groups. */
export function navMenuItems(entries: readonly NavEntry[], t: Translate, lang: Lang): MenuProps['items'] {
  return entries.map((entry) =>
    isNavGroup(entry)
      ? {
          key: entry.key,
          icon: entry.icon,
          label: t(entry.label),
          children: [
            ...entry.children.map((c) => ({ key: c.path, icon: c.icon, label: t(c.label) })),
            ...(entry.sections ?? []).map((section) => ({
              type: 'group' as const,
              key: section.key,
              label: t(section.label),
              children: section.items.map((item) => ({
                key: item.path,
                icon: item.icon,
                label: labelOf(item.title, lang),
              })),
            })),
          ],
        }
      : { key: entry.path, icon: entry.icon, label: t(entry.label) },
  );
}

/** Where to land after login: the map when allowed, else the first page the user may open. */
export function homePath(can: (permission: Permission) => boolean): string {
  const first = visibleNavEntries(can).flatMap((e) => (isNavGroup(e) ? e.children : [e]))[0];
  return first?.path ?? '/no-access';
}

/** The menu item `path` belongs to: the one with the longest matching path (`/ledger/enterprises` over `/ledger`). */
export function navItemOf<T extends { path: string }>(path: string, items: readonly T[]): T | undefined {
  return items
    .filter((i) => path === i.path || path.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** False when `path` belongs to a menu entry the user may not open (e.g. the previous user's page). */
export function isPathAllowed(path: string, can: (permission: Permission) => boolean): boolean {
  const item = navItemOf(path, navLinks(NAV_ENTRIES));
  return item?.permission === undefined || can(item.permission);
}
