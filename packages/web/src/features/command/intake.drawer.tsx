/**
 * 接报: the duty officer's phone-call form (信息报送要素: caller, times, place, type, what happened, casualties,
 * losses, measures taken). On save the server grades the incident and names possible duplicates (same type, near
 * in space and time): the drawer then shows the grade and offers to merge the new record into one of them.
 */
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  Button,
  Cascader,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Result,
  Row,
  Space,
  Typography,
  App,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { IncidentDetail } from '@ningan/domain';
import { FormDrawer } from '../../forms/form-drawer.tsx';
import { errorMessage, placeDetails, type FormProblem } from '../../forms/form-errors.tsx';
import { MapLoading } from '../../forms/location-fields.tsx';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { RegionSelect } from '../regions/region-select.tsx';
import { commandApi, commandKeys } from './command-api.ts';
import { GradeBadge } from './command-parts.tsx';
import {
  eventTypeOfPath,
  eventTypeOptions,
  intakeFieldOf,
  isForestFireType,
  toIntakeRequest,
  type IntakeFormValues,
} from './command-model.ts';

const LocationPicker = lazy(() => import('../enterprises/location-picker.tsx'));

const FIELDS = [
  'source',
  'title',
  'callerName',
  'callerPhone',
  'callerUnit',
  'knownAt',
  'occurredAt',
  'regionCode',
  'lon',
  'lat',
  'place',
  'eventTypePath',
  'description',
  'deaths',
  'missing',
  'seriousInjuries',
  'injuries',
  'directLossWanYuan',
  'burnedAreaHa',
  'measuresTaken',
];

export function IntakeDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<IntakeFormValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [created, setCreated] = useState<IncidentDetail | null>(null);
  const typePath = Form.useWatch('eventTypePath', form);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const regionCode = Form.useWatch('regionCode', form);
  const type = eventTypeOfPath(typePath);

  const save = useMutation({
    mutationFn: (values: IntakeFormValues) => commandApi.intake(toIntakeRequest(values, new Date())),
    onSuccess: (detail) => {
      setProblem(null);
      setCreated(detail);
      void queryClient.invalidateQueries({ queryKey: commandKeys.lists });
    },
    onError: (error) => {
      const details = (isApiError(error) ? error.details : []).map((d) => ({
        ...d,
        path: intakeFieldOf(d.path) ?? d.path,
      }));
      setProblem(placeDetails(form, errorMessage(error, t), details, FIELDS));
    },
  });

  const merge = useMutation({
    mutationFn: ({ into, duplicate }: { into: string; duplicate: string }) =>
      commandApi.merge(into, duplicate),
    onSuccess: (detail) => {
      void message.success(t('cmd.intake.merged'));
      void queryClient.invalidateQueries({ queryKey: commandKeys.all });
      close();
      void navigate(`/command/incidents/${detail.id}`);
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const reset = () => {
    form.resetFields();
    form.setFieldsValue({ source: 'phone', knownAt: dayjs() });
    setProblem(null);
    setCreated(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const figure = (name: keyof IntakeFormValues, label: string, unit: string, decimals = 0) => (
    <Col xs={12} md={8}>
      <Form.Item name={name} label={label}>
        <InputNumber<number>
          min={0}
          precision={decimals}
          style={{ width: '100%' }}
          suffix={unit}
          aria-label={label}
        />
      </Form.Item>
    </Col>
  );

  return (
    <FormDrawer
      open={open}
      onClose={close}
      title={t('cmd.intake.title')}
      width={720}
      saving={save.isPending}
      onSave={() => (created ? close() : form.submit())}
      problem={created ? null : problem}
      testId="intake-form"
    >
      {created && (
        <div data-testid="intake-result">
          <Result
            status="success"
            title={t('cmd.intake.done')}
            subTitle={created.title}
            extra={
              <Space wrap>
                <Button
                  type="primary"
                  onClick={() => {
                    close();
                    void navigate(`/command/incidents/${created.id}`);
                  }}
                >
                  {t('cmd.intake.openWorkspace')}
                </Button>
                <Button onClick={reset}>{t('cmd.intake.another')}</Button>
              </Space>
            }
          />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('cmd.grade')}>
              <GradeBadge grade={created.grade} />
              {created.gradingRule && <div className="cmd-muted">{created.gradingRule}</div>}
              {created.gradeBasis.map((b) => (
                <div key={b} className="cmd-muted">
                  {b}
                </div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('cmd.type')}>{created.eventTypeLabel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cmd.region')}>{created.regionName}</Descriptions.Item>
          </Descriptions>
          <Divider titlePlacement="start">{t('cmd.intake.duplicates')}</Divider>
          {created.duplicates.length === 0 ? (
            <Typography.Text type="secondary">{t('cmd.intake.noDuplicates')}</Typography.Text>
          ) : (
            <>
              <Alert
                type="warning"
                showIcon
                title={t('cmd.intake.duplicatesHint')}
                style={{ marginBottom: 8 }}
              />
              <List
                data-testid="intake-duplicates"
                dataSource={created.duplicates}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      <Button
                        key="merge"
                        danger
                        loading={merge.isPending}
                        onClick={() => merge.mutate({ into: d.incident.id, duplicate: created.id })}
                        aria-label={t('cmd.intake.mergeInto', { title: d.incident.title })}
                      >
                        {t('cmd.intake.merge')}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={d.incident.title}
                      description={t('cmd.intake.duplicateLine', {
                        km: d.distanceKm.toFixed(1),
                        minutes: Math.round(d.minutesApart),
                        time: dayjs(d.incident.occurredAt).format('MM-DD HH:mm'),
                      })}
                    />
                  </List.Item>
                )}
              />
            </>
          )}
        </div>
      )}
      {/* Kept mounted after saving (hidden) so the form instance stays connected for the next call. */}
      <div hidden={created !== null}>
        <Form<IntakeFormValues>
          name="intake"
          form={form}
          layout="vertical"
          initialValues={{ source: 'phone', knownAt: dayjs() }}
          onFinish={(values) => save.mutate(values)}
          scrollToFirstError
        >
          <Form.Item name="source" label={t('cmd.intake.source')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'phone', label: t('cmd.intake.source.phone') },
                { value: 'manual', label: t('cmd.intake.source.manual') },
              ]}
            />
          </Form.Item>
          <Typography.Text strong>{t('cmd.intake.caller')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col xs={24} md={8}>
              <Form.Item
                name="callerName"
                label={t('cmd.intake.callerName')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="callerPhone" label={t('cmd.intake.callerPhone')}>
                <Input maxLength={30} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="callerUnit" label={t('cmd.intake.callerUnit')}>
                <Input maxLength={80} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="knownAt"
                label={t('cmd.intake.knownAt')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="occurredAt"
                label={t('cmd.intake.occurredAt')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="eventTypePath"
            label={t('cmd.type')}
            rules={[
              { required: true, message: t('common.required') },
              {
                validator: async (_r, value: string[] | undefined) => {
                  if (value && !eventTypeOfPath(value)) throw new Error(t('cmd.intake.pickType'));
                },
              },
            ]}
          >
            <Cascader
              options={eventTypeOptions(lang)}
              changeOnSelect
              showSearch
              placeholder={t('cmd.intake.pickType')}
              aria-label={t('cmd.type')}
            />
          </Form.Item>
          <Form.Item name="title" label={t('cmd.intake.titleField')} extra={t('cmd.intake.titleHint')}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('cmd.intake.region')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RegionSelect depth="any" allowEmpty />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('cmd.intake.place')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="lon" label={t('cmd.intake.lon')}>
                <InputNumber<number> min={-180} max={180} precision={6} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="lat" label={t('cmd.intake.lat')}>
                <InputNumber<number> min={-90} max={90} precision={6} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          {open && (
            <Suspense fallback={<MapLoading height={220} />}>
              <LocationPicker
                lon={lon}
                lat={lat}
                height={220}
                focusCode={regionCode ?? null}
                onPick={(x, y) => form.setFieldsValue({ lon: x, lat: y })}
              />
            </Suspense>
          )}
          <Form.Item
            name="description"
            label={t('cmd.intake.description')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ marginTop: 12 }}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Typography.Text strong>{t('cmd.intake.casualties')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            {figure('deaths', t('cmd.fig.deaths'), t('cmd.unit.people'))}
            {figure('missing', t('cmd.fig.missing'), t('cmd.unit.people'))}
            {figure('seriousInjuries', t('cmd.fig.seriousInjuries'), t('cmd.unit.people'))}
            {figure('injuries', t('cmd.fig.injuries'), t('cmd.unit.people'))}
            {figure('directLossWanYuan', t('cmd.fig.directLoss'), t('cmd.unit.wanYuan'), 2)}
            {isForestFireType(type) && figure('burnedAreaHa', t('cmd.fig.burnedArea'), t('cmd.unit.ha'), 2)}
          </Row>
          <Form.Item name="measuresTaken" label={t('cmd.intake.measures')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </div>
    </FormDrawer>
  );
}
