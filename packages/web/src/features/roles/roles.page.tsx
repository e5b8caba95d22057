import { Alert, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { PERMISSIONS } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import type { RoleInfo } from '../../api/types.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { permissionLabel } from '../../i18n/labels.ts';

/** Read-only matrix role × permission, as the server grants them (GET /roles). */
export function RolesPage() {
  const { t, lang } = useI18n();
  const roles = useQuery({ queryKey: ['roles'], queryFn: api.listRoles, staleTime: 10 * 60_000 });
  // Our known permissions in their canonical order, then any the server adds later.
  const extra = (roles.data ?? [])
    .flatMap((r) => r.permissions)
    .filter((p) => !PERMISSIONS.some((k) => k === p));
  const permissions = [...PERMISSIONS, ...new Set(extra)];

  const columns: TableColumnsType<RoleInfo> = [
    {
      title: t('roles.role'),
      key: 'role',
      fixed: 'left',
      render: (_, role) => (
        <>
          <Typography.Text strong>{lang === 'en' ? role.en : role.zh}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {role.role}
          </Typography.Text>
        </>
      ),
    },
    ...permissions.map((permission) => ({
      title: (
        <span className="roles-matrix__head">
          {permissionLabel(permission, t)}
          <br />
          <code>{permission}</code>
        </span>
      ),
      key: permission,
      align: 'center' as const,
      render: (_: unknown, role: RoleInfo) =>
        role.permissions.includes(permission) ? (
          <CheckOutlined style={{ color: '#389e0d' }} aria-label={t('common.yes')} />
        ) : (
          <span aria-label={t('common.no')} className="roles-matrix__none">
            ·
          </span>
        ),
    })),
  ];

  return (
    <div className="admin-page">
      <PageHeader title={t('roles.title')} />
      <Alert type="info" showIcon title={t('roles.note')} style={{ marginBottom: 16 }} />
      {roles.isError && (
        <Alert type="error" showIcon title={errorMessage(roles.error, t)} style={{ marginBottom: 16 }} />
      )}
      <div data-testid="roles-matrix">
        <Table<RoleInfo>
          rowKey="role"
          size="small"
          bordered
          columns={columns}
          dataSource={roles.data ?? []}
          loading={roles.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </div>
  );
}
