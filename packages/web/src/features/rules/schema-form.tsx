/**
 * Draws a template's parameter form from its {@link FormRoot} (schema-form-model.ts) with antd Form items:
 * numbers with the template default as placeholder and the unit in the label, level and window selects,
 * sensors as device + metric, groups that can be switched on or off (null), lists, gas variants. Problems
 * the server answered show on their field; the form only collects values — the server validates.
 */
import { createContext, use, useState, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  Collapse,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { METRICS, type NoDataHandling, type StationView } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { metricLabel } from '../monitoring/monitoring-labels.ts';
import type { TemplateHints } from './rule-templates.ts';
import { fieldLabel, fieldUnit, NO_DATA_HANDLING_LABELS, optionLabel } from './rules-labels.ts';
import {
  OFF,
  ON,
  type ArrayNode,
  type EnumNode,
  type FieldNode,
  type FormRoot,
  type NumberNode,
  type ObjectNode,
  type StreamNode,
  type VariantsNode,
} from './schema-form-model.ts';

type Name = (string | number)[];

interface Ctx {
  form: FormInstance;
  hints: TemplateHints;
  /** The variant chosen (gas), for defaults and units. */
  variant: string | undefined;
  problems: Readonly<Record<string, string[]>>;
  disabled: boolean;
  stations: readonly StationView[];
  station: StationView | null;
  citation: string | null;
}

const SchemaCtx = createContext<Ctx | null>(null);
function useCtx(): Ctx {
  const ctx = use(SchemaCtx);
  if (!ctx) throw new Error('schema form field outside SchemaFields');
  return ctx;
}

const dotted = (abs: Name) => abs.join('.');

/** The problems of `abs` as antd Form.Item props. */
function problemProps(ctx: Ctx, ...paths: Name[]) {
  const messages = paths.flatMap((p) => ctx.problems[dotted(p)] ?? []);
  return messages.length > 0
    ? { validateStatus: 'error' as const, help: messages.join('；'), 'data-problem': 'true' }
    : {};
}

function defaultOf(ctx: Ctx, node: FieldNode): unknown {
  return ctx.hints.defaults(ctx.variant)[node.path.join('.')];
}

function GroupNote({ node }: { node: FieldNode }) {
  const ctx = useCtx();
  const { t } = useI18n();
  const path = node.path.join('.');
  if (ctx.hints.standardPaths.includes(path) && ctx.citation)
    return (
      <Typography.Text type="secondary" className="schema-form__note" data-testid="standard-citation">
        {t('rules.form.defaultsFrom', { citation: ctx.citation })}
      </Typography.Text>
    );
  if (ctx.hints.conventionPaths.includes(path))
    return (
      <Typography.Text type="secondary" className="schema-form__note">
        {t('rules.form.defaultsConvention')}
      </Typography.Text>
    );
  return null;
}

function labelOf(node: FieldNode, ctx: Ctx, lang: 'zh' | 'en'): string {
  const unit =
    node.kind === 'number'
      ? fieldUnit(node.path, { duration: node.duration, variant: ctx.variant, lang })
      : null;
  const label = fieldLabel(node.path, lang);
  return unit ? `${label}（${unit}）` : label;
}

function NumberField({ node, name, abs }: { node: NumberNode; name: Name; abs: Name }) {
  const ctx = useCtx();
  const { lang } = useI18n();
  const fallback = defaultOf(ctx, node);
  const placeholder =
    typeof fallback === 'number' ? String(node.duration ? fallback / 60_000 : fallback) : undefined;
  // Bounds in the form's unit; an exclusive bound is left to the server (it names the problem).
  const scale = (v: number | undefined) => (v === undefined ? undefined : node.duration ? v / 60_000 : v);
  const extra = ctx.hints.standardPaths.includes(node.path.join('.')) ? <GroupNote node={node} /> : undefined;
  return (
    <Form.Item
      name={name}
      label={labelOf(node, ctx, lang)}
      required={node.required}
      extra={extra}
      {...problemProps(ctx, abs)}
    >
      <InputNumber
        style={{ width: '100%' }}
        placeholder={placeholder}
        min={node.exclusiveMin ? undefined : scale(node.min)}
        max={node.exclusiveMax ? undefined : scale(node.max)}
        precision={node.integer && !node.duration ? 0 : undefined}
        disabled={ctx.disabled}
      />
    </Form.Item>
  );
}

function EnumField({ node, name, abs }: { node: EnumNode; name: Name; abs: Name }) {
  const ctx = useCtx();
  const { t, lang } = useI18n();
  const fallback = defaultOf(ctx, node);
  const options = node.options.map((o) => ({ value: o, label: optionLabel(node.key, o, lang) }));
  if (node.key === 'handling') {
    // 报警 / 保持 / 视为正常, with what each does (rule.ts NoDataPolicy).
    return (
      <Form.Item
        name={name}
        label={labelOf(node, ctx, lang)}
        required={node.required}
        className="schema-form__wide"
        extra={
          <ul className="schema-form__explain">
            {node.options.map((o) => {
              const label = NO_DATA_HANDLING_LABELS[o as NoDataHandling];
              return label ? (
                <li key={o}>
                  <strong>{lang === 'en' ? label.en : label.zh}</strong>：
                  {lang === 'en' ? label.enHelp : label.zhHelp}
                </li>
              ) : null;
            })}
          </ul>
        }
        {...problemProps(ctx, abs)}
      >
        <Radio.Group optionType="button" options={options} disabled={ctx.disabled} />
      </Form.Item>
    );
  }
  const placeholder =
    typeof fallback === 'string'
      ? optionLabel(node.key, fallback, lang)
      : node.path.join('.') === 'noData.level'
        ? t('rules.form.lowestLevel')
        : undefined;
  return (
    <Form.Item
      name={name}
      label={labelOf(node, ctx, lang)}
      required={node.required}
      {...problemProps(ctx, abs)}
    >
      <Select
        allowClear={!node.required}
        options={options}
        placeholder={placeholder}
        disabled={ctx.disabled}
        popupMatchSelectWidth={false}
      />
    </Form.Item>
  );
}

function StreamField({
  node,
  name,
  abs,
  label,
}: {
  node: StreamNode;
  name: Name;
  abs: Name;
  label?: string;
}) {
  const ctx = useCtx();
  const { t, lang } = useI18n();
  const device = Form.useWatch([...abs, 'device'], ctx.form) as string | undefined;
  const onStation = ctx.stations.find((s) => s.code === device?.trim());
  const metrics = onStation ? onStation.sensors.map((s) => s.metric) : METRICS;
  return (
    <Form.Item
      label={label ?? fieldLabel(node.path, lang)}
      required={node.required}
      {...problemProps(ctx, abs, [...abs, 'device'], [...abs, 'metric'])}
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={[...name, 'device']} noStyle>
          <Input
            aria-label={`${label ?? fieldLabel(node.path, lang)} · ${t('rules.form.device')}`}
            placeholder={t('rules.form.device')}
            style={{ width: '45%' }}
            disabled={ctx.disabled}
          />
        </Form.Item>
        <Form.Item name={[...name, 'metric']} noStyle>
          <Select
            aria-label={`${label ?? fieldLabel(node.path, lang)} · ${t('rules.form.metric')}`}
            placeholder={t('rules.form.metric')}
            style={{ width: '55%' }}
            disabled={ctx.disabled}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            options={metrics.map((m) => ({ value: m, label: `${metricLabel(m, lang)} · ${m}` }))}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function nullLabel(node: FieldNode, t: ReturnType<typeof useI18n>['t']): string {
  if (node.key === 'noData') return t('rules.form.nullNoData');
  if (['blue', 'yellow', 'orange', 'red'].includes(node.key)) return t('rules.form.nullLevel');
  return t('rules.form.nullOther');
}

function ObjectField({
  node,
  name,
  abs,
  label,
}: {
  node: ObjectNode;
  name: Name;
  abs: Name;
  label?: string;
}) {
  const ctx = useCtx();
  const { t, lang } = useI18n();
  const off = Form.useWatch([...abs, OFF], ctx.form) === true;
  const on = Form.useWatch([...abs, ON], ctx.form) === true;
  const open = (!node.nullable || !off) && (!node.toggle || on);
  const problems = ctx.problems[dotted(abs)];
  return (
    <fieldset className="schema-form__group" data-testid={`group-${dotted(abs)}`}>
      <legend className="schema-form__legend">
        <span>{label ?? fieldLabel(node.path, lang)}</span>
        {node.toggle && (
          <Form.Item name={[...name, ON]} valuePropName="checked" noStyle>
            <Switch
              size="small"
              disabled={ctx.disabled}
              aria-label={`${t('rules.form.use')} ${fieldLabel(node.path, lang)}`}
            />
          </Form.Item>
        )}
        {node.nullable && (
          <Form.Item name={[...name, OFF]} valuePropName="checked" noStyle>
            <Checkbox disabled={ctx.disabled}>{nullLabel(node, t)}</Checkbox>
          </Form.Item>
        )}
      </legend>
      <GroupNote node={node} />
      {problems && (
        <Typography.Text type="danger" className="schema-form__note" role="alert">
          {problems.join('；')}
        </Typography.Text>
      )}
      {open && <Children nodes={node.children} name={name} abs={abs} inline={node.inline} />}
    </fieldset>
  );
}

function ArrayField({ node, name, abs }: { node: ArrayNode; name: Name; abs: Name }) {
  const ctx = useCtx();
  const { t, lang } = useI18n();
  const problems = ctx.problems[dotted(abs)];
  return (
    <fieldset className="schema-form__group">
      <legend className="schema-form__legend">
        <span>{fieldLabel(node.path, lang)}</span>
      </legend>
      {problems && (
        <Typography.Text type="danger" className="schema-form__note" role="alert">
          {problems.join('；')}
        </Typography.Text>
      )}
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} className="schema-form__item">
                <div className="schema-form__item-body">
                  <Field
                    node={node.item}
                    name={[field.name]}
                    abs={[...abs, field.name]}
                    label={t('rules.form.item', { n: i + 1 })}
                  />
                </div>
                {!ctx.disabled && fields.length > (node.minItems ?? 0) && (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('rules.form.removeItem')}
                    onClick={() => remove(field.name)}
                  />
                )}
              </div>
            ))}
            {!ctx.disabled && (node.maxItems === undefined || fields.length < node.maxItems) && (
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add(
                    node.item.kind === 'stream' && ctx.station
                      ? {
                          device: '',
                          metric: (ctx.form.getFieldValue([...abs, 0, 'metric']) as string) ?? '',
                        }
                      : undefined,
                  )
                }
              >
                {t('rules.form.addItem')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

function VariantsField({ node, name, abs }: { node: VariantsNode; name: Name; abs: Name }) {
  const ctx = useCtx();
  const { lang } = useI18n();
  const chosen = Form.useWatch([...abs, node.discriminator], ctx.form) as string | undefined;
  const variant = node.variants.find((v) => v.value === chosen);
  return (
    <>
      <Form.Item
        name={[...name, node.discriminator]}
        label={fieldLabel([...node.path, node.discriminator], lang)}
        required
        {...problemProps(ctx, [...abs, node.discriminator])}
      >
        <Radio.Group
          optionType="button"
          disabled={ctx.disabled}
          options={node.variants.map((v) => ({
            value: v.value,
            label: optionLabel(node.discriminator, v.value, lang),
          }))}
        />
      </Form.Item>
      {variant && (
        <SchemaCtx value={{ ...ctx, variant: variant.value }}>
          <Children nodes={variant.children} name={name} abs={abs} inline={false} />
        </SchemaCtx>
      )}
    </>
  );
}

function Field({ node, name, abs, label }: { node: FieldNode; name: Name; abs: Name; label?: string }) {
  const ctx = useCtx();
  const { t, lang } = useI18n();
  switch (node.kind) {
    case 'number':
      return <NumberField node={node} name={name} abs={abs} />;
    case 'enum':
      return <EnumField node={node} name={name} abs={abs} />;
    case 'text':
      return (
        <Form.Item
          name={name}
          label={label ?? labelOf(node, ctx, lang)}
          required={node.required}
          {...problemProps(ctx, abs)}
        >
          <Input maxLength={node.maxLength} disabled={ctx.disabled} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item
          name={name}
          label={label ?? labelOf(node, ctx, lang)}
          valuePropName="checked"
          {...problemProps(ctx, abs)}
        >
          <Switch disabled={ctx.disabled} />
        </Form.Item>
      );
    case 'stream':
      return <StreamField node={node} name={name} abs={abs} label={label} />;
    case 'object':
      return <ObjectField node={node} name={name} abs={abs} label={label} />;
    case 'array':
      return <ArrayField node={node} name={name} abs={abs} />;
    case 'variants':
      return <VariantsField node={node} name={name} abs={abs} />;
    case 'json':
      return (
        <Form.Item
          name={name}
          label={`${label ?? fieldLabel(node.path, lang)}（${t('rules.form.jsonField')}）`}
          required={node.required}
          {...problemProps(ctx, abs)}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} className="mono" disabled={ctx.disabled} />
        </Form.Item>
      );
  }
}

/** Every template's shared parameters (templates.ts `base`) come after the template's own. */
const SHARED = ['noData'];
/** Optional tuning, folded away unless used. */
const ADVANCED = ['deadband', 'persistence'];

function Children({
  nodes,
  name,
  abs,
  inline,
}: {
  nodes: readonly FieldNode[];
  name: Name;
  abs: Name;
  inline: boolean;
}): ReactNode {
  const render = (list: readonly FieldNode[]) =>
    list.map((node) => (
      <Field key={node.key} node={node} name={[...name, node.key]} abs={[...abs, node.key]} />
    ));
  if (abs.length > 0) return inline ? <div className="schema-form__row">{render(nodes)}</div> : render(nodes);
  const own = nodes.filter((n) => !SHARED.includes(n.key) && !ADVANCED.includes(n.key));
  return (
    <>
      {render(own)}
      {render(nodes.filter((n) => SHARED.includes(n.key)))}
      <Advanced nodes={nodes.filter((n) => ADVANCED.includes(n.key))} render={render} />
    </>
  );
}

function Advanced({
  nodes,
  render,
}: {
  nodes: readonly FieldNode[];
  render: (list: readonly FieldNode[]) => ReactNode;
}) {
  const ctx = useCtx();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (nodes.length === 0) return null;
  // Opened by the user, or because something in it is set or wrong.
  const used =
    Object.keys(ctx.problems).some((p) => ADVANCED.some((a) => p === a || p.startsWith(`${a}.`))) ||
    ADVANCED.some((a) => hasValue(ctx.form.getFieldValue([a])));
  return (
    <Collapse
      size="small"
      className="schema-form__advanced"
      activeKey={open || used ? ['advanced'] : []}
      onChange={(keys) => setOpen(keys.includes('advanced'))}
      items={[
        { key: 'advanced', label: t('rules.form.advanced'), forceRender: true, children: render(nodes) },
      ]}
    />
  );
}

/** Whether a form value holds anything filled in (switches aside). */
function hasValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(hasValue);
  if (typeof v === 'object') return Object.entries(v).some(([k, x]) => !k.startsWith('$') && hasValue(x));
  return true;
}

/** The fields of `root`; render inside an antd Form whose values follow paramsToForm. */
export function SchemaFields({
  root,
  form,
  hints,
  problems,
  disabled,
  stations,
  station,
  citation,
}: {
  root: FormRoot;
  form: FormInstance;
  hints: TemplateHints;
  problems: Readonly<Record<string, string[]>>;
  disabled: boolean;
  stations: readonly StationView[];
  station: StationView | null;
  citation: string | null;
}) {
  const ctx: Ctx = { form, hints, variant: undefined, problems, disabled, stations, station, citation };
  return (
    <SchemaCtx value={ctx}>
      {root.kind === 'variants' ? (
        <VariantsField node={root} name={[]} abs={[]} />
      ) : (
        <Children nodes={root.children} name={[]} abs={[]} inline={false} />
      )}
    </SchemaCtx>
  );
}
