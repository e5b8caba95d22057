import { useState } from 'react';
import { App, Button, Input, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { UserView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useOrgUnitOptions, useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { roleLabel, scopeLevelLabel } from '../../i18n/labels.ts';
import { ResetPasswordModal } from './reset-password.modal.tsx';
import { UserFormDrawer, type UserFormTarget } from './user-form.drawer.tsx';

export function UsersPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nameOf = useRegionNames();
  const units = useOrgUnitOptions(can('org:read'));
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);

  const users = useQuery({
    queryKey: ['users', { ...paging, q }],
    queryFn: () => api.listUsers({ ...paging, q: q || undefined }),
    placeholderData: keepPreviousData,
  });

  const act = useMutation({
    mutationFn: async (action: { kind: 'disable' | 'enable' | 'unlock'; user: UserView }) => {
      switch (action.kind) {
        case 'disable':
        case 'enable':
          await api.updateUser(action.user.id, { disabled: action.kind === 'disable' });
          return t('common.saved');
        case 'unlock':
          await api.unlockUser(action.user.id);
          return t('users.unlocked');
      }
    },
    onSuccess: async (text) => {
      void message.success(text);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const canEdit = can('user:write') || can('user:grant');
  const columns: TableColumnsType<UserView> = [
    { title: t('users.username'), dataIndex: 'username', fixed: 'left' },
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      render: (name: string, user) => (
        <>
          {name} {user.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        </>
      ),
    },
    { title: t('users.phone'), dataIndex: 'phone', render: (phone: string | null) => phone ?? '—' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: UserView['roles']) => roles.map((r) => <Tag key={r}>{roleLabel(r, lang)}</Tag>),
    },
    {
      title: t('users.scope'),
      key: 'scope',
      render: (_, { scope }) => {
        if (scope.level === 'township' || scope.level === 'village') return nameOf(scope.regionCode);
        const unit = scope.orgUnitId ? units.data?.items.find((u) => u.id === scope.orgUnitId) : undefined;
        return unit
          ? `${scopeLevelLabel(scope.level, lang)} · ${unit.name}`
          : scopeLevelLabel(scope.level, lang);
      },
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, user) => (
        <Space size={4}>
          {user.disabled ? (
            <Tag color="default">{t('users.disabled')}</Tag>
          ) : (
            <Tag color="green">{t('users.active')}</Tag>
          )}
          {user.locked && <Tag color="red">{t('users.locked')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, user) => (
        <Space size={0} wrap>
          {canEdit && (
            <Button type="link" size="small" onClick={() => setFormTarget({ mode: 'edit', user })}>
              {t('common.edit')}
            </Button>
          )}
          {can('user:write') &&
            (user.disabled ? (
              <Button type="link" size="small" onClick={() => act.mutate({ kind: 'enable', user })}>
                {t('users.enable')}
              </Button>
            ) : (
              <Popconfirm
                title={t('users.confirmDisable')}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={() => act.mutate({ kind: 'disable', user })}
              >
                <Button type="link" size="small" danger>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            ))}
          {can('user:write') && (
            <Button type="link" size="small" onClick={() => setResetting(user)}>
              {t('users.resetPassword')}
            </Button>
          )}
          {can('user:unlock') && user.locked && (
            <Button type="link" size="small" onClick={() => act.mutate({ kind: 'unlock', user })}>
              {t('users.unlock')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('users.title')}
        actions={
          <>
            <Input.Search
              allowClear
              placeholder={t('users.search')}
              aria-label={t('common.search')}
              enterButton={t('common.search')}
              onSearch={(value) => {
                setQ(value.trim());
                setPaging({ ...paging, page: 1 });
              }}
              style={{ width: 300, maxWidth: '100%' }}
            />
            {can('user:write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setFormTarget({ mode: 'create' })}
              >
                {t('users.create')}
              </Button>
            )}
          </>
        }
      />
      <div data-testid="users-table">
        <Table<UserView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(paging, users.data?.total, setPaging, t)}
          locale={users.isError ? { emptyText: errorMessage(users.error, t) } : undefined}
        />
      </div>
      <UserFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
