/**
 * 预警编辑 (issue #5 part 2 and 4): hazard and level (only the levels the hazard's signal has), CAP status,
 * the standard wording pre-filled from the template (editable; 恢复标准用语 puts it back), an optional English
 * block, effective/expires with quick picks, the area — a township/village tree and a map to draw polygons
 * and circles on — audiences and channels, and a live preview from the server: the townships and villages
 * the area resolves to, the people covered, recipients per audience and channel, problems. Save the draft,
 * then submit it for review.
 *
 * `/warnings/new` (optionally `?alarmId=` from an alarm's drawer) creates a draft; `/warnings/:id/edit`
 * edits one (drafts only).
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tree,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  composeEnglishText,
  composeWarningText,
  levelsOf,
  WARNING_HAZARD_LABELS,
  WARNING_HAZARDS,
  type WarningAudience,
  type WarningChannel,
  type WarningHazard,
} from '@ningan/domain';
import { useCountyCode, usePublicConfig, useRegion, useRegionNames, useVillages } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { alarmsApi } from '../alarms/alarms-api.ts';
import { WarningAreaMap, type DrawMode } from './warning-area-map.tsx';
import { WarningLevelChip } from './warning-level.tsx';
import { warningKeys, warningsApi, type PreviewInput } from './warnings-api.ts';
import {
  areaNamesOf,
  buildTownshipNodes,
  checkedOfRegionCodes,
  EMPTY_AREA,
  EXPIRY_QUICK_PICKS,
  expiryAfter,
  guessHazard,
  isAreaEmpty,
  regionCodesOfChecked,
} from './warnings-model.ts';
import type {
  CreateWarningRequest,
  WarningCapStatus,
  WarningDetail,
  WarningLevelKey,
  WarningPreview,
  WarningTargetArea,
} from './warnings-types.ts';
import {
  audienceLabel,
  channelLabel,
  WARNING_AUDIENCE_KEYS,
  WARNING_CHANNEL_KEYS,
} from './warnings-labels.ts';
import './warnings.css';

interface ComposerValues {
  hazard: WarningHazard;
  level: WarningLevelKey;
  capStatus: WarningCapStatus;
  effective: Dayjs;
  expires: Dayjs | null;
  audiences: WarningAudience[];
  channels: WarningChannel[];
  headline: string;
  description: string;
  instruction: string;
  english: boolean;
  enHeadline?: string;
  enDescription?: string;
  enInstruction?: string;
}

const DEFAULTS: Omit<ComposerValues, 'effective' | 'expires' | 'headline' | 'description' | 'instruction'> = {
  hazard: 'rainstorm',
  level: 'orange',
  capStatus: 'Actual',
  audiences: ['public', 'responsible'],
  channels: ['sms', 'broadcast', 'app'],
  english: false,
};

/** Waits `ms` after the last change of `value` (the preview is not asked on every keystroke). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function WarningComposerPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const existing = useQuery({
    queryKey: warningKeys.detail(id ?? ''),
    queryFn: () => warningsApi.get(id ?? ''),
    enabled: Boolean(id),
  });
  if (id && existing.isPending) return <Skeleton active />;
  if (id && existing.isError)
    return (
      <Result status="error" title={t('common.loadFailed')} subTitle={errorMessage(existing.error, t)} />
    );
  if (existing.data && existing.data.state !== 'draft' && existing.data.state !== 'rejected')
    return <Result status="warning" title={t('warnings.composer.notDraft')} />;
  return <Composer key={id ?? 'new'} existing={existing.data ?? null} />;
}

function Composer({ existing }: { existing: WarningDetail | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const alarmId = existing ? null : searchParams.get('alarmId');
  const [form] = Form.useForm<ComposerValues>();
  const countyCode = useCountyCode();
  const county = useRegion(countyCode).data;
  const villages = useVillages(countyCode).data;
  const nameOf = useRegionNames();
  const regionName = usePublicConfig().data?.regionName ?? county?.name ?? '';
  const issuerName = `${regionName}${t('warnings.issuerSuffix')}`;

  const [area, setArea] = useState<WarningTargetArea>(existing?.area ?? EMPTY_AREA);
  const [drawing, setDrawing] = useState<DrawMode>('none');
  const [radiusKm, setRadiusKm] = useState(5);
  // The text follows the template until the officer edits it.
  const [textEdited, setTextEdited] = useState(existing !== null);

  const alarm = useQuery({
    queryKey: ['alarms', 'detail', alarmId],
    queryFn: () => alarmsApi.get(alarmId ?? ''),
    enabled: Boolean(alarmId),
  });

  const nodes = useMemo(
    () =>
      buildTownshipNodes(
        county?.children ?? [],
        (villages?.features ?? []).map((f) => f.properties),
      ),
    [county, villages],
  );

  const hazard = Form.useWatch('hazard', form) ?? DEFAULTS.hazard;
  const level = Form.useWatch('level', form) ?? DEFAULTS.level;
  const capStatus = Form.useWatch('capStatus', form) ?? DEFAULTS.capStatus;
  const audiences = Form.useWatch('audiences', form) ?? DEFAULTS.audiences;
  const channels = Form.useWatch('channels', form) ?? DEFAULTS.channels;
  const effective = Form.useWatch('effective', form);
  const expires = Form.useWatch('expires', form);
  const english = Form.useWatch('english', form) ?? false;
  const levels = levelsOf(hazard);

  // From an alarm: its township, its level, the hazard its rule names.
  useEffect(() => {
    const a = alarm.data;
    if (!a) return;
    const guessed = guessHazard(`${a.ruleName} ${a.subject}`) ?? 'other';
    form.setFieldsValue({
      hazard: guessed,
      level: levelsOf(guessed).includes(a.level) ? a.level : (levelsOf(guessed)[0] ?? 'blue'),
    });
    const township = a.regionCode.slice(0, 9);
    setArea({ regionCodes: [township], polygons: [], circles: [] });
  }, [alarm.data, form]);

  const previewInput: PreviewInput | null = isAreaEmpty(area)
    ? null
    : {
        hazard,
        level,
        capStatus,
        area,
        audiences,
        channels,
        ...(effective && { effectiveAt: effective.format() }),
        ...(expires && { expiresAt: expires.format() }),
      };
  const settledInput = useDebounced(previewInput, 400);
  const preview = useQuery({
    queryKey: ['warnings', 'preview', settledInput],
    queryFn: ({ signal }) => warningsApi.preview(settledInput!, signal),
    enabled: settledInput !== null,
    staleTime: 30_000,
  });
  const resolved = preview.data?.targets;

  const standardText = () => {
    const names = areaNamesOf(area, resolved?.townshipCodes ?? [], nameOf, t('warnings.area.drawn'));
    const input = {
      hazard,
      level,
      issuerName,
      areaNames: names.length > 0 ? names : [regionName || t('warnings.area.county')],
      ...(effective && { effective: effective.toDate() }),
      ...(expires && { expires: expires.toDate() }),
    };
    try {
      return {
        zh: composeWarningText(input),
        en: composeEnglishText({ ...input, issuerName: `${regionName} Emergency Management Bureau` }),
      };
    } catch {
      return null;
    }
  };

  const applyStandard = () => {
    const text = standardText();
    if (!text) return;
    form.setFieldsValue({
      headline: text.zh.headline,
      description: text.zh.description,
      instruction: text.zh.instruction,
    });
    if (form.getFieldValue('english'))
      form.setFieldsValue({
        enHeadline: text.en.headline,
        enDescription: text.en.description,
        enInstruction: text.en.instruction,
      });
  };

  // Keep the standard wording in step with hazard, level, area and times until edited.
  const areaKey = JSON.stringify([area.regionCodes, resolved?.townshipCodes ?? []]);
  const effectiveMs = effective?.valueOf();
  const expiresMs = expires?.valueOf();
  useEffect(() => {
    if (!textEdited) applyStandard();
    // applyStandard reads the values listed here; it is not itself a dependency (a new function each render).
  }, [hazard, level, areaKey, effectiveMs, expiresMs, english, textEdited, regionName]);

  // A level the hazard has not: take its nearest.
  useEffect(() => {
    if (levels.length > 0 && !levels.includes(level)) form.setFieldValue('level', levels[levels.length - 1]);
  }, [hazard, level, levels, form]);

  const toInput = (v: ComposerValues): CreateWarningRequest => ({
    hazard: v.hazard,
    level: v.level,
    capStatus: v.capStatus,
    headline: v.headline.trim(),
    description: v.description.trim(),
    instruction: v.instruction.trim(),
    infoEn:
      v.english && v.enHeadline
        ? {
            headline: v.enHeadline.trim(),
            description: (v.enDescription ?? '').trim(),
            instruction: (v.enInstruction ?? '').trim(),
          }
        : null,
    area,
    audiences: v.audiences,
    channels: v.channels,
    // ISO 8601 with the browser's offset (the API wants an explicit offset).
    effectiveAt: v.effective.format(),
    expiresAt: (v.expires ?? v.effective).format(),
    ...(alarmId && !existing && { from: { alarmId } }),
  });

  const save = useMutation({
    mutationFn: async ({ submit }: { submit: boolean }) => {
      const v = await form.validateFields();
      const input = toInput(v);
      const saved = existing
        ? await warningsApi.update(existing.id, (({ from: _from, ...rest }) => rest)(input))
        : await warningsApi.create(input);
      return submit ? warningsApi.act(saved.id, 'submit') : saved;
    },
    onSuccess: async (saved, { submit }) => {
      queryClient.setQueryData(warningKeys.detail(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: warningKeys.lists });
      void message.success(submit ? t('warnings.done.submit') : t('warnings.done.saved'));
      void navigate(`/warnings/${saved.id}`);
    },
    onError: (error) => {
      if (error instanceof Error && 'errorFields' in error) return; // the form shows its own
      if (typeof error === 'object' && error !== null && 'errorFields' in error) return;
      void message.error(errorMessage(error, t));
    },
  });

  const initial: Partial<ComposerValues> = existing
    ? {
        hazard: existing.hazard,
        level: existing.level,
        capStatus: existing.capStatus,
        effective: dayjs(existing.effectiveAt),
        expires: dayjs(existing.expiresAt),
        audiences: existing.audiences,
        channels: existing.channels,
        headline: existing.headline,
        description: existing.description,
        instruction: existing.instruction,
        english: existing.infoEn !== null,
        enHeadline: existing.infoEn?.headline,
        enDescription: existing.infoEn?.description,
        enInstruction: existing.infoEn?.instruction,
      }
    : {
        ...DEFAULTS,
        effective: dayjs().startOf('minute'),
        expires: dayjs().startOf('minute').add(24, 'hour'),
      };

  const checked = checkedOfRegionCodes(area.regionCodes, nodes);
  const title = existing
    ? t('warnings.composer.editTitle', { type: t(`warnings.msgType.${existing.msgType}`) })
    : t('warnings.composer.title');

  return (
    <div className="admin-page warning-composer" data-testid="warning-composer">
      <PageHeader
        title={title}
        actions={
          <Space wrap>
            <Button onClick={() => void navigate(existing ? `/warnings/${existing.id}` : '/warnings')}>
              {t('common.cancel')}
            </Button>
            <Button
              data-testid="warning-save"
              loading={save.isPending && !save.variables.submit}
              onClick={() => save.mutate({ submit: false })}
            >
              {t('warnings.saveDraft')}
            </Button>
            <Button
              type="primary"
              data-testid="warning-submit"
              loading={save.isPending && save.variables.submit}
              onClick={() => save.mutate({ submit: true })}
            >
              {t('warnings.saveAndSubmit')}
            </Button>
          </Space>
        }
      />
      {existing?.returnReason && (
        <Alert
          type="warning"
          showIcon
          title={t('warnings.returnedBecause', { reason: existing.returnReason })}
          style={{ marginBottom: 12 }}
        />
      )}
      {alarm.data && (
        <Alert
          type="info"
          showIcon
          title={t('warnings.composer.fromAlarm', {
            rule: alarm.data.ruleName,
            place: alarm.data.regionName ?? alarm.data.regionCode,
          })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<ComposerValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed) => {
          if ('headline' in changed || 'description' in changed || 'instruction' in changed)
            setTextEdited(true);
        }}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('warnings.composer.what')}>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="hazard" label={t('warnings.hazard')} rules={[{ required: true }]}>
                    <Select
                      aria-label={t('warnings.hazard')}
                      data-testid="warning-hazard"
                      showSearch={{ optionFilterProp: 'label' }}
                      options={WARNING_HAZARDS.map((h) => ({
                        value: h,
                        label: WARNING_HAZARD_LABELS[h][lang],
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="level" label={t('warnings.level')} rules={[{ required: true }]}>
                    <Radio.Group data-testid="warning-level" optionType="button">
                      {levels.map((l) => (
                        <Radio.Button key={l} value={l} aria-label={t(`warnings.levelName.${l}`)}>
                          <WarningLevelChip level={l} />
                        </Radio.Button>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="capStatus" label={t('warnings.capStatus')}>
                <Radio.Group data-testid="warning-cap-status">
                  {(['Actual', 'Exercise', 'Test'] as const).map((s) => (
                    <Radio key={s} value={s}>
                      {t(`warnings.capStatus.${s}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              {capStatus === 'Test' && (
                <Alert
                  type="warning"
                  showIcon
                  title={t('warnings.capStatus.testHint')}
                  style={{ marginBottom: 12 }}
                />
              )}
              {capStatus === 'Exercise' && (
                <Alert
                  type="info"
                  showIcon
                  title={t('warnings.capStatus.exerciseHint')}
                  style={{ marginBottom: 12 }}
                />
              )}
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="effective" label={t('warnings.effective')} rules={[{ required: true }]}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="expires"
                    label={t('warnings.expires')}
                    dependencies={['effective']}
                    rules={[
                      { required: true, message: t('warnings.expiresRequired') },
                      ({ getFieldValue }) => ({
                        validator: (_, v: Dayjs | null) => {
                          const from = getFieldValue('effective') as Dayjs | undefined;
                          return !v || !from || !v.isBefore(from)
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('warnings.expiresBeforeEffective')));
                        },
                      }),
                    ]}
                    extra={
                      <Space size={4} wrap style={{ marginTop: 4 }}>
                        {EXPIRY_QUICK_PICKS.map((h) => (
                          <Button
                            key={h}
                            size="small"
                            data-testid={`warning-expiry-${h}`}
                            onClick={() => {
                              const from = (form.getFieldValue('effective') as Dayjs | undefined) ?? dayjs();
                              form.setFieldValue('expires', dayjs(expiryAfter(from.toDate(), h)));
                              void form.validateFields(['expires']);
                            }}
                          >
                            {t('warnings.hours', { hours: h })}
                          </Button>
                        ))}
                      </Space>
                    }
                  >
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                      data-testid="warning-expires"
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card size="small" title={t('warnings.composer.who')} style={{ marginTop: 16 }}>
              <Form.Item
                name="audiences"
                label={t('warnings.audiences')}
                rules={[{ required: true, type: 'array', min: 1 }]}
              >
                <Checkbox.Group
                  data-testid="warning-audiences"
                  options={WARNING_AUDIENCE_KEYS.map((a) => ({
                    value: a,
                    label: t(`warnings.audience.${a}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="channels"
                label={t('warnings.channels')}
                rules={[{ required: true, type: 'array', min: 1 }]}
              >
                <Checkbox.Group
                  data-testid="warning-channels"
                  options={WARNING_CHANNEL_KEYS.map((c) => ({ value: c, label: t(`warnings.channel.${c}`) }))}
                />
              </Form.Item>
            </Card>

            <Card
              size="small"
              title={t('warnings.composer.text')}
              style={{ marginTop: 16 }}
              extra={
                <Button
                  size="small"
                  data-testid="warning-restore-text"
                  onClick={() => {
                    setTextEdited(false);
                    applyStandard();
                  }}
                >
                  {t('warnings.restoreText')}
                </Button>
              }
            >
              <Form.Item
                name="headline"
                label={t('warnings.headline')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={200} data-testid="warning-headline" />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('warnings.description')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
              </Form.Item>
              <Form.Item
                name="instruction"
                label={t('warnings.instruction')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
              </Form.Item>
              <Form.Item name="english" label={t('warnings.english')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {english && (
                <>
                  <Form.Item
                    name="enHeadline"
                    label="Headline"
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="enDescription" label="Description">
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
                  </Form.Item>
                  <Form.Item name="enInstruction" label="Instruction">
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
                  </Form.Item>
                </>
              )}
            </Card>
          </Col>

          <Col xs={24} xl={12}>
            <Card size="small" title={t('warnings.composer.where')}>
              <Row gutter={12}>
                <Col xs={24} md={9}>
                  <div className="warning-tree" data-testid="warning-region-tree">
                    <Tree
                      checkable
                      selectable={false}
                      height={360}
                      checkedKeys={checked}
                      onCheck={(keys) => {
                        const list = (Array.isArray(keys) ? keys : keys.checked).map(String);
                        setArea((a) => ({ ...a, regionCodes: regionCodesOfChecked(list, nodes) }));
                      }}
                      treeData={nodes.map((n) => ({
                        key: n.code,
                        title: n.name,
                        children: n.villages.map((v) => ({ key: v.code, title: v.name })),
                      }))}
                    />
                  </div>
                </Col>
                <Col xs={24} md={15}>
                  <Space size={8} wrap style={{ marginBottom: 8 }}>
                    <Segmented<DrawMode>
                      size="small"
                      value={drawing}
                      onChange={setDrawing}
                      data-testid="warning-draw-mode"
                      options={[
                        { value: 'none', label: t('warnings.draw.none') },
                        { value: 'polygon', label: t('warnings.draw.polygon') },
                        { value: 'circle', label: t('warnings.draw.circle') },
                      ]}
                    />
                    {drawing === 'circle' && (
                      <InputNumber
                        size="small"
                        min={0.1}
                        max={200}
                        step={0.5}
                        value={radiusKm}
                        onChange={(v) => setRadiusKm(v ?? 5)}
                        suffix="km"
                        aria-label={t('warnings.draw.radius')}
                        style={{ width: 110 }}
                      />
                    )}
                    <Button
                      size="small"
                      disabled={area.polygons.length + area.circles.length === 0}
                      onClick={() => setArea((a) => ({ ...a, polygons: [], circles: [] }))}
                    >
                      {t('warnings.draw.clear')}
                    </Button>
                  </Space>
                  {drawing !== 'none' && (
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {drawing === 'polygon' ? t('warnings.draw.polygonHint') : t('warnings.draw.circleHint')}
                    </Typography.Paragraph>
                  )}
                  <WarningAreaMap
                    area={area}
                    level={level}
                    townshipCodes={resolved?.townshipCodes ?? []}
                    villageCodes={resolved?.villageCodes ?? []}
                    drawing={drawing}
                    radiusKm={radiusKm}
                    onAreaChange={setArea}
                    height={360}
                  />
                  <Typography.Text type="secondary">
                    {t('warnings.draw.summary', {
                      regions: area.regionCodes.length,
                      polygons: area.polygons.length,
                      circles: area.circles.length,
                    })}
                  </Typography.Text>
                </Col>
              </Row>
            </Card>
            <PreviewPanel preview={preview} empty={previewInput === null} nameOf={nameOf} />
          </Col>
        </Row>
      </Form>
    </div>
  );
}

function PreviewPanel({
  preview,
  empty,
  nameOf,
}: {
  preview: UseQueryResult<WarningPreview>;
  empty: boolean;
  nameOf: (code: string) => string;
}) {
  const { t } = useI18n();
  const p = preview.data;
  return (
    <Card
      size="small"
      title={t('warnings.preview.title')}
      style={{ marginTop: 16 }}
      loading={!empty && preview.isPending}
      data-testid="warning-preview"
    >
      {empty && <Typography.Text type="secondary">{t('warnings.preview.empty')}</Typography.Text>}
      {!empty && preview.isError && <Alert type="error" showIcon title={errorMessage(preview.error, t)} />}
      {!empty && p && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Row gutter={12}>
            <Col span={8}>
              <Statistic title={t('warnings.preview.townships')} value={p.targets.townshipCodes.length} />
            </Col>
            <Col span={8}>
              <Statistic title={t('warnings.preview.villages')} value={p.targets.villageCodes.length} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('warnings.preview.population')}
                value={p.targets.estimatedPopulation}
                suffix={p.targets.populationKnown === false ? t('warnings.preview.partial') : undefined}
                data-testid="warning-preview-population"
              />
            </Col>
          </Row>
          <Typography.Text data-testid="warning-preview-townships">
            {p.targets.townshipCodes.map((c) => nameOf(c)).join('、') || '—'}
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => `${r.audience}-${r.channel}`}
            dataSource={p.recipients ?? []}
            data-testid="warning-preview-recipients"
            locale={{ emptyText: t('warnings.preview.noRecipients') }}
            columns={[
              {
                title: t('warnings.audiences'),
                dataIndex: 'audience',
                render: (a: string) => audienceLabel(a, t),
              },
              {
                title: t('warnings.channels'),
                dataIndex: 'channel',
                render: (c: string) => channelLabel(c, t),
              },
              { title: t('warnings.preview.count'), dataIndex: 'count', align: 'right' },
            ]}
          />
          {p.problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="warning-preview-problems"
              title={t('warnings.preview.problems')}
              description={
                <ul className="warning-problems">
                  {p.problems.map((m) => (
                    <li key={`${m.path}:${m.message}`}>{m.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          {p.capXmlPreview && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'xml',
                  label: t('warnings.preview.xml'),
                  children: <pre className="warning-xml">{p.capXmlPreview}</pre>,
                },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
