import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CONTACT_DUTIES, type ContactDuty, type ContactView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useOrgUnitOptions, useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { RegionFilter, SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { contactDutyLabel } from '../../i18n/labels.ts';
import { ContactFormDrawer, type ContactFormTarget } from './contact-form.drawer.tsx';

/** 责任人/联系人: who answers for each township, village and hazard point. */
export function ContactsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nameOf = useRegionNames();
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [duty, setDuty] = useState<ContactDuty | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [target, setTarget] = useState<ContactFormTarget | null>(null);

  const filters = { q: q || undefined, duty, regionCode };
  const contacts = useQuery({
    queryKey: ['contacts', { ...paging, ...filters }],
    queryFn: () => api.listContacts({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
  });
  const units = useOrgUnitOptions();
  const remove = useMutation({
    mutationFn: (contact: ContactView) => api.deleteContact(contact.id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const refilter = () => setPaging({ ...paging, page: 1 });

  const columns: TableColumnsType<ContactView> = [
    {
      title: t('contacts.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, contact) => (
        <>
          {name} {contact.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        </>
      ),
    },
    { title: t('contacts.duty'), dataIndex: 'duty', render: (d: ContactDuty) => contactDutyLabel(d, lang) },
    {
      title: t('contacts.phone'),
      dataIndex: 'phone',
      render: (phone: string) => <a href={`tel:${phone}`}>{phone}</a>,
    },
    { title: t('contacts.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    {
      title: t('contacts.orgUnit'),
      dataIndex: 'orgUnitId',
      render: (id: string | null) => (id ? (units.data?.items.find((u) => u.id === id)?.name ?? id) : '—'),
    },
    { title: t('contacts.note'), dataIndex: 'note', render: (note: string | null) => note ?? '—' },
    ...(can('contact:write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, contact: ContactView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', contact })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('contacts.confirmDelete', { name: contact.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutate(contact)}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('contacts.title')}
        actions={
          can('contact:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
              {t('contacts.create')}
            </Button>
          )
        }
      />
      <div className="filter-bar">
        <SearchFilter
          placeholder={t('contacts.search')}
          onSearch={(value) => {
            setQ(value);
            refilter();
          }}
          width={220}
        />
        <RegionFilter
          value={regionCode}
          onChange={(code) => {
            setRegionCode(code);
            refilter();
          }}
        />
        <Select<ContactDuty>
          allowClear
          placeholder={t('contacts.duty')}
          aria-label={t('contacts.filterDuty')}
          value={duty}
          onChange={(value) => {
            setDuty(value);
            refilter();
          }}
          options={CONTACT_DUTIES.map((d) => ({ value: d, label: contactDutyLabel(d, lang) }))}
          style={{ width: 200 }}
        />
      </div>
      <div data-testid="contacts-table">
        <Table<ContactView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={contacts.data?.items ?? []}
          loading={contacts.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(paging, contacts.data?.total, setPaging, t)}
          locale={contacts.isError ? { emptyText: errorMessage(contacts.error, t) } : undefined}
        />
      </div>
      <ContactFormDrawer target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
