/** The side navigation: the six pillars (六大板块) in the order the bureau names them, then administration. */
import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CloudOutlined,
  ContactsOutlined,
  FieldTimeOutlined,
  GlobalOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '@ningan/domain';
import type { MessageKey } from '../i18n/messages.ts';

export type PillarKey = 'network' | 'command' | 'supervision' | 'relief';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Hidden without it; undefined: every signed-in user. */
  permission?: Permission;
}

export interface NavGroup {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  children: NavItem[];
}

export type NavEntry = NavItem | NavGroup;

export function isNavGroup(entry: NavEntry): entry is NavGroup {
  return 'children' in entry;
}

export const NAV_ENTRIES: NavEntry[] = [
  { path: '/map', label: 'nav.map', icon: <GlobalOutlined />, permission: 'region:read' },
  { path: '/network', label: 'nav.network', icon: <AlertOutlined />, permission: 'region:read' },
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
    ],
  },
  { path: '/command', label: 'nav.command', icon: <ApartmentOutlined />, permission: 'region:read' },
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
        path: '/admin/contacts',
        label: 'nav.contacts',
        icon: <ContactsOutlined />,
        permission: 'contact:read',
      },
      { path: '/admin/roles', label: 'nav.roles', icon: <KeyOutlined />, permission: 'user:read' },
    ],
  },
  { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit:read' },
];

/** The entries `can` allows, groups without visible children dropped. */
export function visibleNavEntries(can: (permission: Permission) => boolean): NavEntry[] {
  const allowed = (item: NavItem) => item.permission === undefined || can(item.permission);
  return NAV_ENTRIES.flatMap((entry): NavEntry[] => {
    if (!isNavGroup(entry)) return allowed(entry) ? [entry] : [];
    const children = entry.children.filter(allowed);
    return children.length > 0 ? [{ ...entry, children }] : [];
  });
}

/** Where to land after login: the map when allowed, else the first page the user may open. */
export function homePath(can: (permission: Permission) => boolean): string {
  const first = visibleNavEntries(can).flatMap((e) => (isNavGroup(e) ? e.children : [e]))[0];
  return first?.path ?? '/no-access';
}

/** The menu item `path` belongs to: the one with the longest matching path (`/ledger/enterprises` over `/ledger`). */
export function navItemOf(path: string, items: readonly NavItem[]): NavItem | undefined {
  return items
    .filter((i) => path === i.path || path.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** False when `path` belongs to a menu entry the user may not open (e.g. the previous user's page). */
export function isPathAllowed(path: string, can: (permission: Permission) => boolean): boolean {
  const item = navItemOf(
    path,
    NAV_ENTRIES.flatMap((e) => (isNavGroup(e) ? e.children : [e])),
  );
  return item?.permission === undefined || can(item.permission);
}
