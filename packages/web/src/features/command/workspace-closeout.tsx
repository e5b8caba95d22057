/**
 * The later stages of an incident: 态势 (situation reports compiled from the record, edited while a draft,
 * approved by a commander other than the compiler, published to the HQ, .docx), 复盘 (findings with the
 * responsible unit and deadline, rectified, verified or sent back) and 结束 (close with a summary; refused while
 * work is open, listing it, unless forced).
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Popover,
  Result,
  Space,
  Table,
  Tag,
  Typography,
  App,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { FindingView, IncidentDetail, SitrepView } from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi } from './command-api.ts';
import { placeOn } from './command-form.ts';
import { findingStateLabel, sitrepStateLabel } from './command-labels.ts';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');

// ---------------------------------------------------------------------------------------------------------
// 态势

export function SitrepTab({
  incidentId,
  sitreps,
  closed,
  onChanged,
}: {
  incidentId: string;
  sitreps: readonly SitrepView[];
  closed: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const compile = useMutation({
    mutationFn: () => commandApi.compileSitrep(incidentId, text.trim() || undefined),
    onSuccess: () => {
      setText('');
      onChanged();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <div data-testid="sitrep-tab">
      {can('incident:write') && !closed && (
        <div className="cmd-subform">
          <Input.TextArea
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('cmd.sitrep.textPlaceholder')}
            aria-label={t('cmd.sitrep.text')}
            maxLength={5000}
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            loading={compile.isPending}
            onClick={() => compile.mutate()}
            data-testid="sitrep-compile"
          >
            {t('cmd.sitrep.compile')}
          </Button>
        </div>
      )}
      {sitreps.length === 0 && <Typography.Text type="secondary">{t('cmd.sitrep.none')}</Typography.Text>}
      {[...sitreps].reverse().map((s) => (
        <SitrepCard key={s.id} sitrep={s} onChanged={onChanged} />
      ))}
    </div>
  );
}

function SitrepCard({ sitrep, onChanged }: { sitrep: SitrepView; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { can, session } = useSession();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(sitrep.content.body);
  const [nextSteps, setNextSteps] = useState(sitrep.content.nextSteps);
  const update = useMutation({
    mutationFn: () => commandApi.updateSitrep(sitrep.id, { ...sitrep.content, body, nextSteps }),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const step = useMutation({
    mutationFn: (s: 'approve' | 'publish') => commandApi.sitrepStep(sitrep.id, s),
    onSuccess: onChanged,
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const isCompiler = session?.user.displayName === sitrep.compiledByName;
  return (
    <Card
      size="small"
      style={{ marginTop: 8 }}
      title={
        <Space wrap>
          {t('cmd.sitrep.n', { n: sitrep.n })}
          <Tag
            color={sitrep.state === 'published' ? 'green' : sitrep.state === 'approved' ? 'blue' : 'default'}
          >
            {sitrepStateLabel(sitrep.state, lang)}
          </Tag>
        </Space>
      }
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={commandApi.sitrepDocumentUrl(sitrep.id)}
          aria-label={t('cmd.sitrep.docx', { n: sitrep.n })}
        >
          .docx
        </Button>
      }
      data-testid="sitrep-card"
    >
      <Typography.Text strong>{sitrep.content.title}</Typography.Text>
      {editing ? (
        <>
          <Input.TextArea
            rows={10}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-label={t('cmd.sitrep.body')}
          />
          <Input.TextArea
            rows={3}
            value={nextSteps}
            onChange={(e) => setNextSteps(e.target.value)}
            aria-label={t('cmd.report.nextSteps')}
            style={{ marginTop: 8 }}
          />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" size="small" loading={update.isPending} onClick={() => update.mutate()}>
              {t('common.save')}
            </Button>
            <Button size="small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </>
      ) : (
        <>
          <div className="cmd-pre cmd-sitrep-body">{sitrep.content.body}</div>
          {sitrep.content.nextSteps && (
            <div className="cmd-pre">
              <b>{t('cmd.report.nextSteps')}：</b>
              {sitrep.content.nextSteps}
            </div>
          )}
        </>
      )}
      <div className="cmd-muted" style={{ marginTop: 8 }}>
        {t('cmd.sitrep.compiled', { name: sitrep.compiledByName, time: time(sitrep.compiledAt) })}
        {sitrep.approvedByName &&
          ` · ${t('cmd.sitrep.approved', { name: sitrep.approvedByName, time: time(sitrep.approvedAt) })}`}
        {sitrep.publishedAt && ` · ${t('cmd.sitrep.published', { time: time(sitrep.publishedAt) })}`}
      </div>
      <Space style={{ marginTop: 8 }} wrap>
        {sitrep.state === 'draft' && can('incident:write') && !editing && (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )}
        {sitrep.state === 'draft' && can('incident:command') && (
          <Button
            size="small"
            type="primary"
            disabled={isCompiler}
            title={isCompiler ? t('cmd.sitrep.notCompiler') : undefined}
            loading={step.isPending && step.variables === 'approve'}
            onClick={() => step.mutate('approve')}
          >
            {t('cmd.sitrep.approve')}
          </Button>
        )}
        {sitrep.state === 'approved' && can('incident:command') && (
          <Button
            size="small"
            type="primary"
            danger
            loading={step.isPending && step.variables === 'publish'}
            onClick={() => step.mutate('publish')}
          >
            {t('cmd.sitrep.publish')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------------
// 复盘

interface FindingValues {
  finding: string;
  responsibleUnit: string;
  dueOn?: Dayjs | null;
}

export function ReviewTab({
  incidentId,
  findings,
  onChanged,
}: {
  incidentId: string;
  findings: readonly FindingView[];
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<FindingValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const create = useMutation({
    mutationFn: (v: FindingValues) =>
      commandApi.createFinding(incidentId, {
        finding: v.finding.trim(),
        responsibleUnit: v.responsibleUnit.trim(),
        dueOn: v.dueOn?.format('YYYY-MM-DD') ?? '',
      }),
    onSuccess: () => {
      form.resetFields();
      setProblem(null);
      onChanged();
    },
    onError: (error) =>
      setProblem(
        placeOn(form, error, { finding: 'finding', responsibleUnit: 'responsibleUnit', dueOn: 'dueOn' }, t),
      ),
  });
  const columns: TableColumnsType<FindingView> = [
    {
      title: t('cmd.finding.finding'),
      dataIndex: 'finding',
      render: (v: string) => <span className="cmd-pre">{v}</span>,
    },
    { title: t('cmd.finding.unit'), dataIndex: 'responsibleUnit', width: 120 },
    {
      title: t('cmd.finding.dueOn'),
      dataIndex: 'dueOn',
      width: 110,
      render: (v: string, f) => (
        <span className={f.overdue ? 'cmd-text-late' : undefined}>
          {v}
          {f.overdue && ` ${t('cmd.task.overdue')}`}
        </span>
      ),
    },
    {
      title: t('cmd.status'),
      dataIndex: 'state',
      width: 200,
      render: (_v, f) => (
        <div className="cmd-cell">
          <Tag color={f.state === 'verified' ? 'green' : f.state === 'rectified' ? 'blue' : 'orange'}>
            {findingStateLabel(f.state, lang)}
          </Tag>
          {f.rectification && <span className="cmd-muted">{f.rectification}</span>}
          {f.verificationNote && (
            <span className="cmd-muted">
              {f.verifiedByName}：{f.verificationNote}
            </span>
          )}
        </div>
      ),
    },
    {
      title: '',
      key: 'act',
      width: 120,
      render: (_v, f) => <FindingActions finding={f} onChanged={onChanged} />,
    },
  ];
  return (
    <div data-testid="review-tab">
      {can('incident:command') && (
        <div className="cmd-subform">
          <FormProblemAlert problem={problem} />
          <Form<FindingValues>
            name="finding"
            form={form}
            layout="vertical"
            size="small"
            onFinish={(v) => create.mutate(v)}
          >
            <Form.Item
              name="finding"
              label={t('cmd.finding.finding')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Space wrap align="start">
              <Form.Item
                name="responsibleUnit"
                label={t('cmd.finding.unit')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Input maxLength={100} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item
                name="dueOn"
                label={t('cmd.finding.dueOn')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <DatePicker />
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="finding-save">
              {t('cmd.finding.add')}
            </Button>
          </Form>
        </div>
      )}
      <Table<FindingView>
        size="small"
        rowKey="id"
        dataSource={[...findings]}
        columns={columns}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        data-testid="findings-table"
      />
    </div>
  );
}

function FindingActions({ finding, onChanged }: { finding: FindingView; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [open, setOpen] = useState<'rectify' | 'verify' | null>(null);
  const act = useMutation({
    mutationFn: (a: 'rectify' | 'accept' | 'reject') =>
      a === 'rectify'
        ? commandApi.rectifyFinding(finding.id, text.trim())
        : commandApi.verifyFinding(finding.id, a === 'accept', text.trim()),
    onSuccess: () => {
      setOpen(null);
      setText('');
      onChanged();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const box = (
    <Input.TextArea
      rows={3}
      value={text}
      onChange={(e) => setText(e.target.value)}
      aria-label={open === 'rectify' ? t('cmd.finding.rectification') : t('cmd.finding.note')}
      placeholder={open === 'rectify' ? t('cmd.finding.rectification') : t('cmd.finding.note')}
    />
  );
  if (finding.state === 'open' && (can('incident:write') || can('task:feedback')))
    return (
      <Popover
        trigger="click"
        open={open === 'rectify'}
        onOpenChange={(o) => setOpen(o ? 'rectify' : null)}
        content={
          <Space orientation="vertical">
            {box}
            <Button
              type="primary"
              size="small"
              disabled={!text.trim()}
              loading={act.isPending}
              onClick={() => act.mutate('rectify')}
            >
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        <Button size="small">{t('cmd.finding.rectify')}</Button>
      </Popover>
    );
  if (finding.state === 'rectified' && can('incident:command'))
    return (
      <Popover
        trigger="click"
        open={open === 'verify'}
        onOpenChange={(o) => setOpen(o ? 'verify' : null)}
        content={
          <Space orientation="vertical">
            {box}
            <Space>
              <Button
                type="primary"
                size="small"
                disabled={!text.trim()}
                onClick={() => act.mutate('accept')}
              >
                {t('cmd.finding.accept')}
              </Button>
              <Button danger size="small" disabled={!text.trim()} onClick={() => act.mutate('reject')}>
                {t('cmd.finding.reject')}
              </Button>
            </Space>
          </Space>
        }
      >
        <Button size="small">{t('cmd.finding.verify')}</Button>
      </Popover>
    );
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// 结束

export function CloseTab({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [summary, setSummary] = useState('');
  const [force, setForce] = useState(false);
  const close = useMutation({
    mutationFn: () =>
      commandApi.close(incident.id, { summary: summary.trim(), ...(force && { force: true }) }),
    onSuccess: onChanged,
  });
  if (incident.status === 'closed')
    return (
      <Result
        status="success"
        title={t('cmd.close.closed', { time: time(incident.closedAt) })}
        subTitle={<span className="cmd-pre">{incident.closeSummary}</span>}
      />
    );
  if (incident.status === 'merged') return <Alert type="info" showIcon title={t('cmd.close.merged')} />;
  if (!can('incident:command'))
    return <Typography.Text type="secondary">{t('cmd.close.noRight')}</Typography.Text>;
  const refused = close.isError && isApiError(close.error) ? close.error : null;
  return (
    <div data-testid="close-tab">
      <Typography.Paragraph type="secondary">{t('cmd.close.hint')}</Typography.Paragraph>
      {close.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={errorMessage(close.error, t)}
          data-testid="close-refused"
          description={
            refused && refused.details.length > 0 ? (
              <ul className="cmd-list">
                {refused.details.map((d) => (
                  <li key={`${d.path}:${d.message}`}>{d.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Input.TextArea
        rows={4}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        maxLength={4000}
        placeholder={t('cmd.close.summary')}
        aria-label={t('cmd.close.summary')}
      />
      <Space style={{ marginTop: 8 }}>
        <Checkbox checked={force} onChange={(e) => setForce(e.target.checked)}>
          {t('cmd.close.force')}
        </Checkbox>
        <Button
          type="primary"
          danger
          disabled={!summary.trim()}
          loading={close.isPending}
          onClick={() => close.mutate()}
          data-testid="close-submit"
        >
          {t('cmd.close.submit')}
        </Button>
      </Space>
    </div>
  );
}
