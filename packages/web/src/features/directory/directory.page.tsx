/**
 * 应急通讯录: the 三委四部 (committees and headquarters) with their leadership and office, and every
 * member unit with its role, 责任清单 and people — searched as the user types, filtered by body, every
 * number a tap-to-call link. Made for the duty officer who must call a headquarters' members at 2 a.m.,
 * on a desktop or a phone.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { App, Button, Collapse, Empty, Input, Popconfirm, Select, Space, Spin, Tag, Typography } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  MobileOutlined,
  PhoneOutlined,
  PlusOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { filterDirectory, type ContactView, type DirectoryBody, type DirectoryMember } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { orgUnitKindLabel } from '../../i18n/labels.ts';
import { directoryApi, directoryKey } from './directory-api.ts';
import { positionText } from './directory-labels.ts';
import { AddMemberModal, MemberDutiesDrawer, type MemberTarget } from './member-duties.drawer.tsx';
import { PersonDrawer, type PersonTarget } from './person.drawer.tsx';
import './directory.css';

export function DirectoryPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const directory = useQuery({ queryKey: directoryKey, queryFn: directoryApi.get, staleTime: 30_000 });
  const [q, setQ] = useState('');
  const [bodyId, setBodyId] = useState<string>('');
  const [open, setOpen] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const [dutiesTarget, setDutiesTarget] = useState<MemberTarget | null>(null);
  const [addTarget, setAddTarget] = useState<DirectoryBody | null>(null);
  const [personTarget, setPersonTarget] = useState<PersonTarget | null>(null);
  const search = useDeferredValue(q);

  const bodies = useMemo(() => directory.data?.bodies ?? [], [directory.data]);
  const shown = useMemo(
    () =>
      filterDirectory(
        bodies.filter((b) => !bodyId || b.id === bodyId),
        search,
      ),
    [bodies, bodyId, search],
  );
  // Searching or choosing a body opens what is left; otherwise the user opens the bodies they want.
  const filtering = Boolean(search.trim() || bodyId);
  const activeKeys = filtering ? shown.map((b) => b.id) : open;

  const exportExcel = async () => {
    setExporting(true);
    try {
      const body = bodies.find((b) => b.id === bodyId);
      await directoryApi.export(
        { bodyId: bodyId || undefined, q: search.trim() || undefined },
        `${body ? body.shortName : ''}${t('directory.title')}-${dayjs().format('YYYYMMDD')}.xlsx`,
      );
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  const edit = {
    duties: can('contact:write'),
    people: can('contact:write'),
    onEditDuties: setDutiesTarget,
    onAddMember: setAddTarget,
    onPerson: setPersonTarget,
  };

  return (
    <div className="admin-page directory-page" data-testid="directory-page">
      <PageHeader
        title={t('directory.title')}
        actions={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportExcel()}>
            {t('directory.export')}
          </Button>
        }
      />
      <div className="filter-bar">
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('directory.search')}
          aria-label={t('directory.searchLabel')}
          data-testid="directory-search"
          className="directory-search"
        />
        <Select<string>
          value={bodyId}
          onChange={setBodyId}
          aria-label={t('directory.filterBody')}
          data-testid="directory-body-filter"
          className="directory-body-filter"
          options={[
            { value: '', label: t('directory.allBodies') },
            ...bodies.map((b) => ({ value: b.id, label: b.shortName })),
          ]}
        />
      </div>
      {directory.isPending ? (
        <Spin />
      ) : directory.isError ? (
        <Typography.Text type="danger">{errorMessage(directory.error, t)}</Typography.Text>
      ) : shown.length === 0 ? (
        <Empty description={filtering ? t('directory.noMatch') : t('directory.empty')} />
      ) : (
        <Collapse
          activeKey={activeKeys}
          onChange={(keys) => {
            if (!filtering) setOpen(Array.isArray(keys) ? keys : [keys]);
          }}
          items={shown.map((body) => ({
            key: body.id,
            label: (
              <BodyHeader
                body={body}
                total={bodies.find((b) => b.id === body.id)?.members.length ?? body.members.length}
                lang={lang}
              />
            ),
            children: <BodyView body={body} edit={edit} />,
          }))}
        />
      )}
      <MemberDutiesDrawer target={dutiesTarget} onClose={() => setDutiesTarget(null)} />
      <AddMemberModal body={addTarget} onClose={() => setAddTarget(null)} />
      <PersonDrawer target={personTarget} onClose={() => setPersonTarget(null)} />
    </div>
  );
}

/** The body's name and kind, its member count ("3 / 12" when a search leaves some), and its head. */
function BodyHeader({ body, total, lang }: { body: DirectoryBody; total: number; lang: Lang }) {
  const { t } = useI18n();
  const director = body.leadership.find((c) => c.duty === 'body_director');
  return (
    <div className="directory-body-header" data-testid="directory-body" data-body={body.shortName}>
      <Typography.Text strong>{body.name}</Typography.Text>
      <Tag>{orgUnitKindLabel(body.kind, lang)}</Tag>
      <Typography.Text type="secondary">
        {body.members.length === total
          ? t('directory.memberCount', { count: total })
          : t('directory.memberCountOf', { shown: body.members.length, count: total })}
        {director ? ` · ${positionText(director.duty, body.kind, lang)} ${director.name}` : ''}
      </Typography.Text>
    </div>
  );
}

interface EditProps {
  duties: boolean;
  people: boolean;
  onEditDuties: (target: MemberTarget) => void;
  onAddMember: (body: DirectoryBody) => void;
  onPerson: (target: PersonTarget) => void;
}

function BodyView({ body, edit }: { body: DirectoryBody; edit: EditProps }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (member: DirectoryMember) => directoryApi.removeMember(body.id, member.unitId),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: directoryKey });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <div className="directory-body">
      <section aria-label={t('directory.leadership')}>
        <div className="directory-section-title">
          <Typography.Title level={5}>{t('directory.leadership')}</Typography.Title>
          {edit.people && (
            <Button
              size="small"
              icon={<UserAddOutlined />}
              onClick={() => edit.onPerson({ mode: 'create', body, member: null })}
            >
              {t('directory.addPerson')}
            </Button>
          )}
        </div>
        {body.leadership.length === 0 ? (
          <Typography.Text type="secondary">{t('directory.noLeadership')}</Typography.Text>
        ) : (
          body.leadership.map((c) => (
            <PersonLine key={c.id} body={body} member={null} contact={c} edit={edit} />
          ))
        )}
      </section>
      <section aria-label={t('directory.members')}>
        <div className="directory-section-title">
          <Typography.Title level={5}>
            {t('directory.members')}（{body.members.length}）
          </Typography.Title>
          {edit.duties && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => edit.onAddMember(body)}>
              {t('directory.addMember')}
            </Button>
          )}
        </div>
        <div className="directory-members">
          {body.members.map((m) => (
            <MemberCard key={m.unitId} body={body} member={m} edit={edit} onRemove={() => remove.mutate(m)} />
          ))}
        </div>
      </section>
    </div>
  );
}

function MemberCard({
  body,
  member,
  edit,
  onRemove,
}: {
  body: DirectoryBody;
  member: DirectoryMember;
  edit: EditProps;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  return (
    <article className="directory-member" data-testid="directory-member" data-unit={member.unitName}>
      <header className="directory-member__header">
        <Typography.Text strong>{member.unitName}</Typography.Text>
        {member.role === 'lead' && <Tag color="red">{t('directory.lead')}</Tag>}
        {member.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
      </header>
      {member.duties.length > 0 ? (
        <ol className="directory-duties" aria-label={t('directory.duties')}>
          {member.duties.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      ) : (
        <Typography.Text type="secondary">{t('directory.noDuties')}</Typography.Text>
      )}
      <div className="directory-member__people">
        {member.contacts.map((c) => (
          <PersonLine key={c.id} body={body} member={member} contact={c} edit={edit} />
        ))}
      </div>
      {(edit.duties || edit.people) && (
        <Space size={0} wrap className="directory-member__actions">
          {edit.duties && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => edit.onEditDuties({ body, member })}
            >
              {t('directory.editDuties')}
            </Button>
          )}
          {edit.people && (
            <Button
              type="link"
              size="small"
              icon={<UserAddOutlined />}
              onClick={() => edit.onPerson({ mode: 'create', body, member })}
            >
              {t('directory.addPerson')}
            </Button>
          )}
          {edit.duties && (
            <Popconfirm
              title={t('directory.confirmRemove', { unit: member.unitName, body: body.name })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={onRemove}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('directory.removeMember')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </article>
  );
}

/** One person (or duty line): position, name, title, and each number as a tap-to-call link. */
function PersonLine({
  body,
  member,
  contact,
  edit,
}: {
  body: DirectoryBody;
  member: DirectoryMember | null;
  contact: ContactView;
  edit: EditProps;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.deleteContact(contact.id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: directoryKey });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const office = contact.officePhone && contact.officePhone !== contact.phone ? contact.officePhone : null;
  return (
    <div className="directory-person" data-testid="directory-person">
      <span className="directory-person__position">{positionText(contact.duty, body.kind, lang)}</span>
      <span className="directory-person__name">
        {contact.name}
        {contact.bodyId && (
          <Tag className="directory-person__tag" color="blue">
            {t('directory.thisBodyOnly')}
          </Tag>
        )}
      </span>
      {contact.title && <span className="directory-person__title">{contact.title}</span>}
      <span className="directory-person__phones">
        <a
          className="directory-tel"
          href={`tel:${contact.phone}`}
          aria-label={t('directory.call', { name: contact.name, phone: contact.phone })}
        >
          {/^1\d{10}$/.test(contact.phone) ? <MobileOutlined /> : <PhoneOutlined />} {contact.phone}
        </a>
        {office && (
          <a
            className="directory-tel"
            href={`tel:${office}`}
            aria-label={t('directory.call', { name: contact.name, phone: office })}
          >
            <PhoneOutlined /> {office}
          </a>
        )}
      </span>
      {edit.people && (
        <span className="directory-person__actions">
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            onClick={() => edit.onPerson({ mode: 'edit', body, member, contact })}
          />
          <Popconfirm
            title={t('contacts.confirmDelete', { name: contact.name })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate()}
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
            />
          </Popconfirm>
        </span>
      )}
    </div>
  );
}
