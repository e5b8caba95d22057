/**
 * The rule editor (`/network/rules/new`, `/network/rules/:id`): pick a station and a hazard-model template
 * and fill in the form generated from the template's JSON Schema, or write the rule JSON; replay the
 * draft over stored history before saving or enabling; save as version 1 or as a new version with a change
 * note; see every version. Without `monitoring:write` everything is read-only (replay still works).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AppError,
  buildRuleFromTemplate,
  parseAlarmRule,
  type AlarmRule,
  type AlarmRuleDetail,
  type StationView,
} from '@ningan/domain';
import { isApiError, type ApiErrorDetail } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { monitoringApi, monitoringKeys } from '../monitoring/monitoring-api.ts';
import { ReplayPanel, type ReplayDraft } from './replay-panel.tsx';
import { RuleJsonEditor, type LineProblem } from './rule-json-editor.tsx';
import { editableRule, lineOfPath, readJson, ruleJsonText, sameJson, skeletonRule } from './rule-json.ts';
import { EnabledSwitch, LevelChip, StationSelect } from './rule-parts.tsx';
import { citationOf, defaultPaths, hintsOf, prefillParams, templateSuits } from './rule-templates.ts';
import { RuleVersions } from './rule-versions.tsx';
import { templateName } from './rules-labels.ts';
import { ruleKeys, rulesApi, type RuleTemplateView } from './rules-api.ts';
import { SchemaFields } from './schema-form.tsx';
import {
  buildFormTree,
  changedPaths,
  formToParams,
  paramsToForm,
  placeProblems,
  type FormRoot,
  type Problem,
} from './schema-form-model.ts';
import './rules.css';

type Mode = 'form' | 'json';

type Draft =
  | { kind: 'template'; template: string; params: Record<string, unknown>; rule: AlarmRule }
  | { kind: 'json'; definition: Record<string, unknown>; rule: AlarmRule };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of a domain validation error (same code as the server's), else null. */
function problemsOf(err: unknown): Problem[] | null {
  if (err instanceof AppError && err.code === 'validation_failed')
    return (err.details ?? []).map((d) => ({ path: d.path, message: d.message }));
  return null;
}

export function RuleEditorPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const templates = useQuery({
    queryKey: ruleKeys.templates,
    queryFn: rulesApi.templates,
    staleTime: Infinity,
  });
  const stations = useQuery({
    queryKey: monitoringKeys.allStations,
    queryFn: () => monitoringApi.allStations(),
  });
  const detail = useQuery({
    queryKey: ruleKeys.detail(id ?? ''),
    queryFn: () => rulesApi.get(id!),
    enabled: id !== undefined,
  });
  const rule = detail.data ?? null;
  const failed = templates.error ?? stations.error ?? detail.error;
  const ready = templates.data && stations.data && (id === undefined || rule);

  return (
    <div className="admin-page rule-editor" data-testid="rule-editor">
      <div className="page-header">
        <Space size={8} wrap align="center">
          <Button
            icon={<ArrowLeftOutlined />}
            type="text"
            onClick={() => void navigate('/network/rules')}
            aria-label={t('rules.editor.back')}
          />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="rule-title">
            {rule?.name ?? t('rules.editor.newTitle')}
          </Typography.Title>
          {rule && (
            <Tag color="blue" data-testid="rule-version">
              {t('rules.versionN', { version: rule.version })}
            </Tag>
          )}
          {rule?.activeLevel && <LevelChip level={rule.activeLevel} />}
        </Space>
      </div>
      {failed ? (
        <Alert type="error" showIcon title={errorMessage(failed, t)} />
      ) : !ready ? (
        <Skeleton active />
      ) : (
        <RuleEditor
          // A saved version starts the editor afresh from what the server stored.
          key={`${rule?.id ?? 'new'}:${rule?.version ?? 0}`}
          rule={rule}
          templates={templates.data}
          stations={stations.data}
          initialStationId={search.get('stationId')}
        />
      )}
    </div>
  );
}

function RuleEditor({
  rule,
  templates,
  stations,
  initialStationId,
}: {
  rule: AlarmRuleDetail | null;
  templates: readonly RuleTemplateView[];
  stations: readonly StationView[];
  initialStationId: string | null;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const canWrite = can('monitoring:write');
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();

  const [stationId, setStationId] = useState<string | null>(rule?.stationId ?? initialStationId);
  const [template, setTemplate] = useState<string | null>(rule ? rule.template : null);
  const [mode, setMode] = useState<Mode>(rule && rule.template === null ? 'json' : 'form');
  const [name, setName] = useState(rule?.name ?? '');
  const [note, setNote] = useState('');
  const [enableOnCreate, setEnableOnCreate] = useState(false);
  const [jsonText, setJsonText] = useState(() =>
    rule && rule.template === null ? ruleJsonText(editableRule(rule.definition)) : '',
  );
  const [jsonEdited, setJsonEdited] = useState(false);
  const [formProblems, setFormProblems] = useState<Record<string, string[]>>({});
  const [serverJsonProblems, setServerJsonProblems] = useState<Problem[] | null>(null);
  const [top, setTop] = useState<{ message: string; details: ApiErrorDetail[]; conflict: boolean } | null>(
    null,
  );
  const [revision, setRevision] = useState(0);
  const bump = () => setRevision((r) => r + 1);

  const station = stations.find((s) => s.id === stationId) ?? null;
  const templateView = templates.find((tp) => tp.name === template) ?? null;
  const tree: FormRoot | null = useMemo(
    () =>
      templateView ? buildFormTree(templateView.params, { defaults: defaultPaths(templateView.name) }) : null,
    [templateView],
  );
  const hints = template ? hintsOf(template) : null;
  const subject = rule?.definition.subject ?? station?.code ?? '';

  // The form's values: a saved rule's parameters once, or a new rule's prefill whenever its station or
  // template changes (choosing another template starts its form afresh).
  const filled = useRef<string | null>(null);
  useEffect(() => {
    if (!tree || !template) return;
    const key = rule ? `rule:${rule.id}` : `${template}:${station?.id ?? ''}`;
    if (filled.current === key) return;
    filled.current = key;
    form.resetFields();
    if (rule) form.setFieldsValue(paramsToForm(tree, rule.params));
    else if (station) form.setFieldsValue(paramsToForm(tree, prefillParams(template, station)));
    setFormProblems({});
  }, [tree, template, station, rule, form]);

  /** The draft as the editor holds it, or null (its problems then shown where they belong). */
  function currentDraft(): Draft | null {
    setTop(null);
    if (mode === 'json') {
      const read = readJson(jsonText);
      if (read.error || !isRecord(read.value)) {
        setServerJsonProblems(null);
        return null;
      }
      try {
        const built = parseAlarmRule({
          ...read.value,
          id: rule?.id ?? 'draft',
          version: (rule?.version ?? 0) + 1,
          subject: typeof read.value.subject === 'string' ? read.value.subject : subject,
        });
        return { kind: 'json', definition: read.value, rule: built };
      } catch (err) {
        if (problemsOf(err)) return null; // listed under the text already
        throw err;
      }
    }
    if (!tree || !template || !hints) return null;
    const values: unknown = form.getFieldsValue(true);
    const variant = isRecord(values) && typeof values.gas === 'string' ? values.gas : undefined;
    const params = formToParams(tree, values, hints.defaults(variant));
    try {
      const built = buildRuleFromTemplate(template, {
        ...params,
        id: rule?.id ?? 'draft',
        subject,
        version: (rule?.version ?? 0) + 1,
        ...(name.trim() && { name: name.trim() }),
      });
      return { kind: 'template', template, params, rule: built };
    } catch (err) {
      const problems = problemsOf(err);
      if (!problems) throw err;
      showProblems(problems, t('rules.editor.formInvalid'));
      return null;
    }
  }

  /** Problems on their fields (form) or lines (JSON); the rest above the editor. */
  function showProblems(problems: Problem[], headline: string, conflict = false) {
    if (mode === 'json') {
      setServerJsonProblems(problems.filter((p) => p.path !== 'from' && p.path !== 'to'));
      setTop({
        message: headline,
        details: problems.filter((p) => p.path === 'from' || p.path === 'to'),
        conflict,
      });
      return;
    }
    const placed = tree ? placeProblems(tree, problems) : { byPath: {}, unplaced: problems };
    setFormProblems(placed.byPath);
    setTop({ message: headline, details: placed.unplaced, conflict });
  }

  function onServerError(error: unknown) {
    if (isApiError(error)) showProblems(error.details, error.message, error.status === 409);
    else setTop({ message: errorMessage(error, t), details: [], conflict: false });
  }

  const save = useMutation({
    mutationFn: async (draft: Draft) => {
      const content =
        draft.kind === 'template'
          ? { template: draft.template, params: draft.params }
          : { definition: draft.definition };
      const trimmedNote = note.trim() || undefined;
      if (!rule)
        return rulesApi.create({
          stationId: stationId!,
          ...content,
          ...(draft.kind === 'template' && name.trim() && { name: name.trim() }),
          enabled: enableOnCreate,
          note: trimmedNote,
        });
      return rulesApi.update(rule.id, {
        version: rule.version,
        ...(draft.kind === 'template' ? { params: draft.params } : { definition: draft.definition }),
        ...(draft.kind === 'template' && name.trim() && name.trim() !== rule.name && { name: name.trim() }),
        note: trimmedNote,
      });
    },
    onSuccess: async (saved) => {
      void message.success(
        saved.version === 1
          ? t('rules.editor.savedNew')
          : t('rules.editor.savedVersion', { version: saved.version }),
      );
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
      if (!rule) void navigate(`/network/rules/${saved.id}`, { replace: true });
    },
    onError: onServerError,
  });

  const onSave = () => {
    const draft = currentDraft();
    if (!draft) return;
    if (rule) {
      const unchanged =
        draft.kind === 'template'
          ? rule.template === draft.template &&
            sameJson(draft.params, rule.params) &&
            (!name.trim() || name.trim() === rule.name)
          : rule.template === null && sameJson(draft.definition, editableRule(rule.definition));
      if (unchanged) {
        void message.info(t('rules.editor.unchanged'));
        return;
      }
    }
    save.mutate(draft);
  };

  const disable = useMutation({
    mutationFn: () => rulesApi.update(rule!.id, { version: rule!.version, enabled: false }),
    onSuccess: async () => {
      void message.success(t('rules.disableOk'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const remove = useMutation({
    mutationFn: () => rulesApi.remove(rule!.id),
    onSuccess: async () => {
      void message.success(t('rules.editor.deleted'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
      void navigate('/network/rules', { replace: true });
    },
    onError: (error) => {
      // A rule that raised alarms keeps them: the server refuses (409) and the way out is to disable it.
      if (isApiError(error) && error.status === 409 && rule) {
        if (rule.enabled)
          void modal.confirm({
            title: t('rules.editor.cannotDelete'),
            content: error.message,
            okText: t('rules.editor.disableInstead'),
            cancelText: t('common.cancel'),
            onOk: () => disable.mutateAsync(),
          });
        else
          void modal.info({
            title: t('rules.editor.cannotDelete'),
            content: `${error.message} ${t('rules.editor.alreadyDisabled')}`,
          });
      } else void message.error(errorMessage(error, t));
    },
  });

  // JSON mode: the text's own problems as it is typed (the same checks the server runs), or the server's.
  const jsonRead = useMemo(() => readJson(jsonText), [jsonText]);
  const localJsonProblems = useMemo((): Problem[] => {
    if (mode !== 'json') return [];
    if (jsonRead.error) return [{ path: '', message: jsonRead.error.message }];
    if (!isRecord(jsonRead.value)) return [{ path: '', message: t('common.invalid') }];
    try {
      parseAlarmRule({
        ...jsonRead.value,
        id: rule?.id ?? 'draft',
        version: (rule?.version ?? 0) + 1,
        subject: typeof jsonRead.value.subject === 'string' ? jsonRead.value.subject : subject || 'draft',
      });
      return [];
    } catch (err) {
      const problems = problemsOf(err);
      if (!problems) throw err;
      return problems;
    }
  }, [jsonRead, mode, rule, subject, t]);
  const jsonProblems: LineProblem[] = (serverJsonProblems ?? localJsonProblems).map((p) => ({
    ...p,
    line: jsonRead.error && !p.path ? jsonRead.error.line : lineOfPath(jsonRead.lines, p.path),
  }));

  const switchMode = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      let start: Record<string, unknown>;
      if (tree) {
        const draft = currentDraft();
        if (!draft) return;
        start = editableRule(draft.rule);
      } else {
        // No template: start from one input on the station's first sensor.
        const sensor = station?.sensors[0];
        start = skeletonRule(station?.code ?? '', sensor?.metric ?? '', sensor?.unit);
      }
      setJsonText(ruleJsonText(start));
      setJsonEdited(false);
      setServerJsonProblems(null);
      setMode('json');
      bump();
      return;
    }
    const back = () => {
      setMode('form');
      setTop(null);
      bump();
    };
    if (jsonEdited)
      void modal.confirm({
        title: t('rules.editor.jsonBackConfirm'),
        okText: t('common.ok'),
        cancelText: t('common.cancel'),
        onOk: back,
      });
    else back();
  };

  const replayDraft = (): ReplayDraft | null => {
    const draft = currentDraft();
    if (!draft || !stationId) return null;
    return {
      body: {
        ...(rule && { ruleId: rule.id }),
        stationId,
        ...(draft.kind === 'template'
          ? { template: draft.template, params: draft.params }
          : { definition: draft.definition }),
      },
      rule: draft.rule,
    };
  };

  const sortedTemplates = [...templates].sort(
    (a, b) => Number(templateSuits(b.name, station)) - Number(templateSuits(a.name, station)),
  );
  const ready = station !== null && (mode === 'json' || tree !== null);

  return (
    <>
      {rule && (
        <div className="rule-editor__status">
          <Space size={8}>
            <Typography.Text>{t('rules.enabled')}</Typography.Text>
            <EnabledSwitch rule={rule} disabled={!canWrite} />
          </Space>
          {canWrite && (
            <Popconfirm
              title={t('rules.editor.confirmDelete', { name: rule.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate()}
            >
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="rule-delete">
                {t('rules.editor.delete')}
              </Button>
            </Popconfirm>
          )}
        </div>
      )}
      {!canWrite && (
        <Alert type="info" showIcon title={t('rules.editor.readOnly')} style={{ marginBottom: 12 }} />
      )}
      {top && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          data-testid="rule-problems"
          title={
            top.conflict
              ? `${t('rules.editor.conflict', { version: rule?.version ?? 0 })} ${top.message}`
              : top.message
          }
          description={
            top.details.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {top.details.map((d) => (
                  <li key={`${d.path}:${d.message}`}>{d.path ? `${d.path}：${d.message}` : d.message}</li>
                ))}
              </ul>
            ) : undefined
          }
          action={
            top.conflict ? (
              <Button
                size="small"
                onClick={() => void queryClient.invalidateQueries({ queryKey: ruleKeys.all })}
              >
                {t('rules.editor.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <div className="rule-editor__grid">
        <div className="rule-editor__main">
          <section className="rule-card">
            <Typography.Title level={5} className="rule-card__title">
              {t('rules.editor.basics')}
            </Typography.Title>
            <div className="rule-basics">
              <label className="rule-basics__field">
                <span className="rule-basics__label">{t('rules.station')}</span>
                <StationSelect
                  stations={stations}
                  value={stationId}
                  onChange={(id) => {
                    setStationId(id ?? null);
                    bump();
                  }}
                  placeholder={t('rules.editor.pickStation')}
                  disabled={rule !== null || !canWrite}
                  testId="rule-station"
                  style={{ width: '100%' }}
                />
                {rule && <Typography.Text type="secondary">{t('rules.editor.stationFixed')}</Typography.Text>}
              </label>
              <label className="rule-basics__field">
                <span className="rule-basics__label">{t('rules.template')}</span>
                <Select<string>
                  value={template ?? undefined}
                  onChange={(name) => {
                    setTemplate(name);
                    setMode('form');
                    bump();
                  }}
                  placeholder={rule ? templateName(null, lang) : t('rules.editor.pickTemplate')}
                  aria-label={t('rules.template')}
                  disabled={rule !== null || !canWrite}
                  data-testid="rule-template"
                  style={{ width: '100%' }}
                  options={sortedTemplates.map((tp) => ({
                    value: tp.name,
                    title: templateName(tp.name, lang),
                    label: (
                      <Space size={6}>
                        <span>{templateName(tp.name, lang)}</span>
                        {templateSuits(tp.name, station) && (
                          <Tag color="green">{t('rules.editor.suits')}</Tag>
                        )}
                      </Space>
                    ),
                  }))}
                />
                {templateView && (
                  <Typography.Text type="secondary" data-testid="template-summary">
                    {templateView.summary}
                  </Typography.Text>
                )}
              </label>
              {mode === 'form' && (
                <label className="rule-basics__field">
                  <span className="rule-basics__label">{t('rules.name')}</span>
                  <Input
                    value={name}
                    onChange={(e) => {
                      setName(e.target.value);
                      bump();
                    }}
                    placeholder={t('rules.editor.nameHelp')}
                    maxLength={200}
                    disabled={!canWrite}
                    data-testid="rule-name"
                  />
                </label>
              )}
            </div>
          </section>

          <section className="rule-card" data-testid="rule-params">
            <div className="rule-card__head">
              <Typography.Title level={5} className="rule-card__title">
                {t('rules.editor.params')}
              </Typography.Title>
              <Segmented<Mode>
                size="small"
                value={mode}
                onChange={switchMode}
                options={[
                  { value: 'form', label: t('rules.editor.modeForm'), disabled: !tree },
                  { value: 'json', label: t('rules.editor.modeJson'), disabled: !station && !rule },
                ]}
                data-testid="rule-mode"
              />
            </div>
            {!ready ? (
              <Typography.Text type="secondary">
                {template === null && rule ? t('rules.editor.noTemplateForm') : t('rules.editor.pickFirst')}
              </Typography.Text>
            ) : mode === 'json' ? (
              <>
                {template && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={t('rules.editor.jsonDetaches', { template: templateName(template, lang) })}
                  />
                )}
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('rules.editor.jsonHelp')}
                </Typography.Paragraph>
                <RuleJsonEditor
                  value={jsonText}
                  onChange={(text) => {
                    setJsonText(text);
                    setJsonEdited(true);
                    setServerJsonProblems(null);
                    bump();
                  }}
                  problems={jsonProblems}
                  disabled={!canWrite}
                />
              </>
            ) : (
              tree &&
              hints && (
                <Form
                  form={form}
                  name="rule-params"
                  layout="vertical"
                  className="schema-form"
                  data-testid="rule-form"
                  onValuesChange={(changed) => {
                    const touched = changedPaths(changed);
                    setFormProblems((current) =>
                      Object.fromEntries(
                        Object.entries(current).filter(
                          ([path]) =>
                            !touched.some(
                              (p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`),
                            ),
                        ),
                      ),
                    );
                    bump();
                  }}
                >
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('rules.form.placeholderHint')}
                  </Typography.Paragraph>
                  <SchemaFields
                    root={tree}
                    form={form}
                    hints={hints}
                    problems={formProblems}
                    disabled={!canWrite}
                    stations={stations}
                    station={station}
                    citation={templateView ? citationOf(templateView.summary) : null}
                  />
                </Form>
              )
            )}
          </section>

          {canWrite && ready && (
            <section className="rule-card" data-testid="rule-save">
              <label className="rule-basics__field">
                <span className="rule-basics__label">{t('rules.editor.note')}</span>
                <Input.TextArea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('rules.editor.notePlaceholder')}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={500}
                  data-testid="rule-note"
                />
              </label>
              {!rule && (
                <div className="rule-save__enable">
                  <Checkbox checked={enableOnCreate} onChange={(e) => setEnableOnCreate(e.target.checked)}>
                    {t('rules.editor.enableOnCreate')}
                  </Checkbox>
                  <Typography.Text type="secondary">{t('rules.editor.enableHint')}</Typography.Text>
                </div>
              )}
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={save.isPending}
                onClick={onSave}
                data-testid="rule-save-button"
              >
                {rule
                  ? t('rules.editor.saveVersion', { version: rule.version + 1 })
                  : t('rules.editor.saveNew')}
              </Button>
            </section>
          )}
        </div>

        <div className="rule-editor__side">
          {ready && (
            <ReplayPanel
              draft={replayDraft}
              revision={revision}
              stations={stations}
              onProblems={onServerError}
            />
          )}
          {rule && <RuleVersions versions={rule.versions} current={rule.version} />}
        </div>
      </div>
    </>
  );
}
