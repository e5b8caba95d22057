/**
 * 报送 (the statutory reports: what is due, what is filed, the filing form prefilled from the server's draft,
 * each filing's .docx) and 续报数字 (follow-up figures: new cumulative totals → the incident re-graded).
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
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
import {
  TRACKED_REPORT_STEPS,
  type IncidentDetail,
  type IncidentGrade,
  type ReportElements,
  type ReportView,
  type TrackedReportStep,
  type TrackedReportView,
} from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { placeOn } from './command-form.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi } from './command-api.ts';
import { REPORT_STATE_COLORS, reportStateLabel } from './command-labels.ts';
import { GradeBadge } from './command-parts.tsx';
import { formatSpan, isForestFireType, liveReportState, reportCountdown } from './command-model.ts';
import { useNow } from './command-stream.ts';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');

export function ReportsTab({
  incident,
  filed,
  onChanged,
}: {
  incident: IncidentDetail;
  filed: readonly ReportView[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [filing, setFiling] = useState(false);

  const columns: TableColumnsType<TrackedReportView> = [
    {
      title: t('cmd.report.step'),
      dataIndex: 'step',
      render: (_v, r) => `${r.step}${r.n ? `（第${r.n}次）` : ''}`,
    },
    { title: t('cmd.report.to'), dataIndex: 'to' },
    { title: t('cmd.report.due'), dataIndex: 'due', render: (v: string) => time(v), width: 110 },
    {
      title: t('cmd.status'),
      key: 'state',
      width: 170,
      render: (_v, r) => <LiveReportState report={r} />,
    },
    {
      title: t('cmd.report.filedAt'),
      dataIndex: 'filedAt',
      render: (v: string | null) => time(v),
      width: 110,
    },
  ];

  const filedColumns: TableColumnsType<ReportView> = [
    { title: t('cmd.report.kind'), dataIndex: 'kindLabel' },
    { title: t('cmd.report.to'), dataIndex: 'recipient' },
    { title: t('cmd.report.filedAt'), dataIndex: 'filedAt', render: (v: string) => time(v), width: 110 },
    { title: t('cmd.report.filedBy'), dataIndex: 'filedByName', width: 90 },
    { title: t('cmd.report.version'), dataIndex: 'version', width: 60, align: 'right' },
    {
      title: '',
      key: 'doc',
      width: 90,
      render: (_v, r) => (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={commandApi.reportDocumentUrl(r.id)}
          aria-label={t('cmd.report.docx', { kind: r.kindLabel })}
        >
          .docx
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="reports-tab">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="secondary">{t(`cmd.regime.${incident.reporting.regime}`)}</Typography.Text>
        {incident.reporting.supplementaryWindowEnds && (
          <Typography.Text type="secondary">
            {t('cmd.report.window', { time: time(incident.reporting.supplementaryWindowEnds) })}
          </Typography.Text>
        )}
      </Space>
      <Table<TrackedReportView>
        size="small"
        rowKey={(r) => `${r.step}-${r.n ?? ''}-${r.to}`}
        dataSource={incident.reporting.reports}
        columns={columns}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="reporting-status"
      />
      <Space style={{ margin: '12px 0 8px' }}>
        <Typography.Text strong>{t('cmd.report.filed')}</Typography.Text>
        {can('incident:write') && (
          <Button
            type="primary"
            size="small"
            onClick={() => setFiling((v) => !v)}
            data-testid="report-file-open"
          >
            {t('cmd.report.file')}
          </Button>
        )}
      </Space>
      {filing && (
        <FileReportForm
          incident={incident}
          onDone={() => {
            setFiling(false);
            onChanged();
          }}
        />
      )}
      <Table<ReportView>
        size="small"
        rowKey="id"
        dataSource={[...filed].reverse()}
        columns={filedColumns}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        data-testid="reports-filed"
      />
    </div>
  );
}

/** One report's state and countdown; ticks by itself so the tables around it do not re-render every second. */
function LiveReportState({ report }: { report: TrackedReportView }) {
  const { lang } = useI18n();
  const now = useNow(1000);
  const state = liveReportState(report, now);
  const c = reportCountdown(report, now);
  return (
    <Space size={4} wrap>
      <Tag color={REPORT_STATE_COLORS[state]}>{reportStateLabel(state, lang)}</Tag>
      {report.filedAt === null && <span className="cmd-muted">{formatSpan(c.remainingMs ?? 0)}</span>}
    </Space>
  );
}

interface ReportFormValues {
  step: TrackedReportStep;
  n?: number | null;
  filedAt?: Dayjs | null;
  occurredAt?: Dayjs | null;
  place?: string;
  unit?: string;
  summary?: string;
  deaths?: number | null;
  missing?: number | null;
  seriousInjuries?: number | null;
  injuries?: number | null;
  losses?: string;
  measures?: string;
  nextSteps?: string;
  reporter?: string;
  phone?: string;
  issuer?: string;
}

/** The filing body of the form (casualties blank = 0: a report states its counts). */
export function toFileReportRequest(v: ReportFormValues) {
  const content: ReportElements = {
    occurredAt: v.occurredAt?.toISOString() ?? '',
    place: v.place?.trim() ?? '',
    unit: v.unit?.trim() ?? '',
    summary: v.summary?.trim() ?? '',
    casualties: {
      deaths: v.deaths ?? 0,
      missing: v.missing ?? 0,
      seriousInjuries: v.seriousInjuries ?? 0,
      injuries: v.injuries ?? 0,
    },
    losses: v.losses?.trim() ?? '',
    measures: v.measures?.trim() ?? '',
    nextSteps: v.nextSteps?.trim() ?? '',
    reporter: v.reporter?.trim() ?? '',
    phone: v.phone?.trim() ?? '',
    ...(v.issuer?.trim() && { issuer: v.issuer.trim() }),
  };
  return {
    step: v.step,
    ...(typeof v.n === 'number' && { n: v.n }),
    ...(v.filedAt && { filedAt: v.filedAt.toISOString() }),
    content,
  };
}

/** The request's `content.*` paths → the form's flat field names. */
const FIELD_OF: Record<string, string> = {
  step: 'step',
  n: 'n',
  filedAt: 'filedAt',
  'content.occurredAt': 'occurredAt',
  'content.place': 'place',
  'content.unit': 'unit',
  'content.summary': 'summary',
  'content.casualties.deaths': 'deaths',
  'content.casualties.missing': 'missing',
  'content.casualties.seriousInjuries': 'seriousInjuries',
  'content.casualties.injuries': 'injuries',
  'content.losses': 'losses',
  'content.measures': 'measures',
  'content.nextSteps': 'nextSteps',
  'content.reporter': 'reporter',
  'content.phone': 'phone',
};

function FileReportForm({ incident, onDone }: { incident: IncidentDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportFormValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  // The first unfiled step the county files, as the default.
  const firstOpen = incident.reporting.reports.find((r) => r.filedAt === null && r.party !== 'upper');
  const steps = [...new Set([...incident.reporting.reports.map((r) => r.step), ...TRACKED_REPORT_STEPS])];

  const draft = useMutation({
    mutationFn: (v: { step: TrackedReportStep; n?: number }) =>
      commandApi.reportDraft(incident.id, v.step, v.n),
    onSuccess: (d) => {
      const c = d.content;
      form.setFieldsValue({
        occurredAt: dayjs(c.occurredAt),
        place: c.place,
        unit: c.unit,
        summary: c.summary,
        deaths: c.casualties.deaths,
        missing: c.casualties.missing,
        seriousInjuries: c.casualties.seriousInjuries,
        injuries: c.casualties.injuries,
        losses: c.losses,
        measures: c.measures,
        nextSteps: c.nextSteps,
        reporter: c.reporter,
        phone: c.phone,
        issuer: c.issuer,
        ...(d.n !== null && { n: d.n }),
      });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const save = useMutation({
    mutationFn: (v: ReportFormValues) => commandApi.fileReport(incident.id, toFileReportRequest(v)),
    onSuccess: (r) => {
      void message.success(t('cmd.report.filedOk', { kind: r.kindLabel }));
      onDone();
    },
    onError: (error) => setProblem(placeOn(form, error, FIELD_OF, t)),
  });
  const loadDraft = () => {
    const step = form.getFieldValue('step') as TrackedReportStep | undefined;
    const n = form.getFieldValue('n') as number | null | undefined;
    if (step) draft.mutate({ step, ...(typeof n === 'number' && { n }) });
  };
  const req = [{ required: true, message: t('common.required') }];
  const count = (name: keyof ReportFormValues, label: string) => (
    <Col xs={12} md={6}>
      <Form.Item name={name} label={label}>
        <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} aria-label={label} />
      </Form.Item>
    </Col>
  );

  return (
    <div className="cmd-subform" data-testid="report-form">
      <FormProblemAlert problem={problem} />
      <Form<ReportFormValues>
        name="report"
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ step: firstOpen?.step ?? steps[0], n: firstOpen?.n ?? undefined }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={8}>
          <Col xs={24} md={10}>
            <Form.Item name="step" label={t('cmd.report.step')} rules={req}>
              <Select
                options={steps.map((s) => ({ value: s, label: s }))}
                aria-label={t('cmd.report.step')}
              />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="n" label={t('cmd.report.n')}>
              <InputNumber<number> min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={16} md={10}>
            <Form.Item label=" ">
              <Button onClick={loadDraft} loading={draft.isPending} data-testid="report-load-draft">
                {t('cmd.report.loadDraft')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name="occurredAt" label={t('cmd.intake.occurredAt')} rules={req}>
              <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="filedAt"
              label={t('cmd.report.filedAtField')}
              extra={t('cmd.report.filedAtHint')}
            >
              <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="place" label={t('cmd.intake.place')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="unit" label={t('cmd.report.unit')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label={t('cmd.intake.description')} rules={req}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Row gutter={8}>
          {count('deaths', t('cmd.fig.deaths'))}
          {count('missing', t('cmd.fig.missing'))}
          {count('seriousInjuries', t('cmd.fig.seriousInjuries'))}
          {count('injuries', t('cmd.fig.injuries'))}
        </Row>
        <Form.Item name="losses" label={t('cmd.report.losses')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="measures" label={t('cmd.intake.measures')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('cmd.report.nextSteps')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={12} md={8}>
            <Form.Item name="reporter" label={t('cmd.report.reporter')} rules={req}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="phone" label={t('cmd.report.phone')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="issuer" label={t('cmd.report.issuer')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="report-save">
          {t('cmd.report.submit')}
        </Button>
      </Form>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------
// 续报数字

interface FollowUpValues {
  deaths?: number | null;
  missing?: number | null;
  seriousInjuries?: number | null;
  injuries?: number | null;
  affectedPeople?: number | null;
  evacuated?: number | null;
  directLossWanYuan?: number | null;
  burnedAreaHa?: number | null;
  note?: string;
  stabilized?: boolean;
}

const FIGURE_KEYS = [
  'deaths',
  'missing',
  'seriousInjuries',
  'injuries',
  'affectedPeople',
  'evacuated',
  'directLossWanYuan',
  'burnedAreaHa',
] as const;

export function FollowUpTab({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<FollowUpValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [regraded, setRegraded] = useState<{ from: IncidentGrade | null; to: IncidentGrade | null } | null>(
    null,
  );
  const forest = incident.eventType !== null && isForestFireType(incident.eventType);
  const save = useMutation({
    mutationFn: (v: FollowUpValues) => {
      const figures: Record<string, number> = {};
      for (const k of FIGURE_KEYS) {
        const x = v[k];
        if (typeof x === 'number' && (k !== 'burnedAreaHa' || forest)) figures[k] = x;
      }
      return commandApi.followUp(incident.id, {
        figures,
        note: v.note?.trim() ?? '',
        ...(v.stabilized && { stabilized: true }),
      });
    },
    onSuccess: (detail) => {
      setProblem(null);
      setRegraded({ from: incident.grade, to: detail.grade });
      form.resetFields(['note', 'stabilized']);
      onChanged();
    },
    onError: (error) =>
      setProblem(
        placeOn(
          form,
          error,
          Object.fromEntries<string>([
            ...FIGURE_KEYS.map((k): [string, string] => [`figures.${k}`, k]),
            ['note', 'note'],
            ['stabilized', 'stabilized'],
          ]),
          t,
        ),
      ),
  });
  const f = incident.figures;
  const num = (name: (typeof FIGURE_KEYS)[number], label: string, unit: string, decimals = 0) => (
    <Col xs={12} md={8}>
      <Form.Item name={name} label={`${label}（${t('cmd.followUp.now')} ${f[name] ?? 0}）`}>
        <InputNumber<number>
          min={0}
          precision={decimals}
          suffix={unit}
          style={{ width: '100%' }}
          aria-label={label}
        />
      </Form.Item>
    </Col>
  );
  return (
    <div data-testid="followup-tab">
      <Space style={{ marginBottom: 8 }}>
        <span>{t('cmd.grade')}</span>
        <GradeBadge grade={incident.grade} />
        {incident.gradingRule && <span className="cmd-muted">{incident.gradingRule}</span>}
      </Space>
      {incident.gradeBasis.length > 0 && (
        <ul className="cmd-list">
          {incident.gradeBasis.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {regraded && (
        <Alert
          type={regraded.from === regraded.to ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="regrade-result"
          title={
            regraded.from === regraded.to
              ? t('cmd.followUp.sameGrade', { grade: regraded.to ?? t('cmd.grade.none') })
              : t('cmd.followUp.regraded', {
                  from: regraded.from ?? t('cmd.grade.none'),
                  to: regraded.to ?? t('cmd.grade.none'),
                })
          }
        />
      )}
      {can('incident:write') && incident.status !== 'closed' && incident.status !== 'merged' && (
        <>
          <FormProblemAlert problem={problem} />
          <Typography.Paragraph type="secondary">{t('cmd.followUp.hint')}</Typography.Paragraph>
          <Form<FollowUpValues>
            name="followUp"
            form={form}
            layout="vertical"
            size="small"
            onFinish={(v) => save.mutate(v)}
          >
            <Row gutter={8}>
              {num('deaths', t('cmd.fig.deaths'), t('cmd.unit.people'))}
              {num('missing', t('cmd.fig.missing'), t('cmd.unit.people'))}
              {num('seriousInjuries', t('cmd.fig.seriousInjuries'), t('cmd.unit.people'))}
              {num('injuries', t('cmd.fig.injuries'), t('cmd.unit.people'))}
              {num('affectedPeople', t('cmd.fig.affected'), t('cmd.unit.people'))}
              {num('evacuated', t('cmd.fig.evacuated'), t('cmd.unit.people'))}
              {num('directLossWanYuan', t('cmd.fig.directLoss'), t('cmd.unit.wanYuan'), 2)}
              {forest && num('burnedAreaHa', t('cmd.fig.burnedArea'), t('cmd.unit.ha'), 2)}
            </Row>
            <Form.Item
              name="note"
              label={t('cmd.followUp.note')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="stabilized" valuePropName="checked">
              <Checkbox>{t('cmd.followUp.stabilized')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="followup-save">
              {t('cmd.followUp.submit')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
