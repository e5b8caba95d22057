/**
 * The incident's one record (时间线): every entry, paginated (it must stay quick with thousands), newest first
 * by default, filterable by kind; and the contact-note form (电话/电台/视频 联络记录).
 */
import { useMemo, useState } from 'react';
import { Button, Form, Input, List, Segmented, Select, Space, Switch, Tag, Typography, App } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { CONTACT_CHANNELS, type ContactNoteRequest, type TimelineEntryView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi } from './command-api.ts';
import { channelLabel, TIMELINE_KIND_COLORS, timelineKindLabel } from './command-labels.ts';

export function WorkspaceTimeline({
  incidentId,
  entries,
  onChanged,
  closed,
}: {
  incidentId: string;
  entries: readonly TimelineEntryView[];
  onChanged: () => void;
  closed: boolean;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [newestFirst, setNewestFirst] = useState(true);
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [noting, setNoting] = useState(false);

  const kinds = useMemo(() => [...new Set(entries.map((e) => e.kind))], [entries]);
  const shown = useMemo(() => {
    const list = kind ? entries.filter((e) => e.kind === kind) : [...entries];
    return newestFirst ? list.reverse() : list;
  }, [entries, kind, newestFirst]);

  return (
    <div className="cmd-timeline" data-testid="timeline">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('cmd.ws.timeline', { count: entries.length })}</Typography.Text>
        <Switch
          size="small"
          checked={newestFirst}
          onChange={(v) => {
            setNewestFirst(v);
            setPage(1);
          }}
          aria-label={t('cmd.ws.newestFirst')}
        />
        <span className="cmd-muted">{t('cmd.ws.newestFirst')}</span>
        <Select<string>
          allowClear
          size="small"
          style={{ minWidth: 120 }}
          placeholder={t('cmd.ws.kind')}
          aria-label={t('cmd.ws.kind')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={kinds.map((k) => ({ value: k, label: timelineKindLabel(k, lang) }))}
        />
        {can('incident:write') && !closed && (
          <Button size="small" onClick={() => setNoting((v) => !v)} data-testid="contact-note-open">
            {t('cmd.contact.add')}
          </Button>
        )}
      </Space>
      {noting && (
        <ContactNoteForm
          incidentId={incidentId}
          onDone={() => {
            setNoting(false);
            onChanged();
          }}
        />
      )}
      <List
        size="small"
        dataSource={shown}
        pagination={{
          current: page,
          pageSize: 30,
          size: 'small',
          showSizeChanger: false,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        renderItem={(e) => (
          <List.Item key={e.seq} className="cmd-timeline__item" data-kind={e.kind}>
            <div className="cmd-timeline__row">
              <span className="cmd-timeline__time">{dayjs(e.at).format('MM-DD HH:mm:ss')}</span>
              <Tag color={TIMELINE_KIND_COLORS[e.kind] ?? 'default'}>{timelineKindLabel(e.kind, lang)}</Tag>
              <span className="cmd-muted">{e.actorName}</span>
            </div>
            <div className="cmd-timeline__summary">{e.summary}</div>
          </List.Item>
        )}
      />
    </div>
  );
}

interface ContactValues {
  channel: ContactNoteRequest['channel'];
  party: string;
  summary: string;
}

function ContactNoteForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const save = useMutation({
    mutationFn: (v: ContactValues) => commandApi.contact(incidentId, v),
    onSuccess: () => {
      void message.success(t('cmd.saved'));
      form.resetFields();
      onDone();
    },
    onError: (error) => setProblem(applyFormError(form, error, ['channel', 'party', 'summary'], t)),
  });
  return (
    <div className="cmd-subform" data-testid="contact-note-form">
      <FormProblemAlert problem={problem} />
      <Form<ContactValues>
        name="contact"
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ channel: 'phone' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="channel" label={t('cmd.contact.channel')}>
          <Segmented options={CONTACT_CHANNELS.map((c) => ({ value: c, label: channelLabel(c, lang) }))} />
        </Form.Item>
        <Form.Item
          name="party"
          label={t('cmd.contact.party')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('cmd.contact.summary')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="contact-note-save">
          {t('cmd.contact.save')}
        </Button>
      </Form>
    </div>
  );
}
