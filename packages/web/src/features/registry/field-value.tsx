/** How registry values look on screen: grade tags in the grade's colour, enum/multi tags, refs by name. */
import { Link } from 'react-router';
import { Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  findRegistry,
  optionLabel,
  type GradeSpec,
  type RegistryDef,
  type ScalarField,
} from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';
import { EMPTY_TEXT, fieldText, gradeSpec, isEmptyValue, labelOf, plainText } from './registry-model.ts';

/** Dark text on light grade colours (一般风险 #fadb14), white on the rest. */
function textColorOn(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x ?? '0', 16) / 255) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.6 ? 'rgba(0, 0, 0, 0.85)' : '#fff';
}

export function GradeSpecTag({ spec }: { spec: GradeSpec }) {
  const { lang } = useI18n();
  return (
    <Tag
      data-grade={spec.key}
      style={{
        background: spec.color,
        borderColor: spec.color,
        color: textColorOn(spec.color),
        marginInlineEnd: 0,
      }}
    >
      {labelOf(spec, lang)}
    </Tag>
  );
}

/** A record's grade as a tag in its colour; nothing (or '—') when it has none. */
export function GradeTag({
  def,
  grade,
  dash = false,
}: {
  def: RegistryDef;
  grade: string | null;
  dash?: boolean;
}) {
  const spec = gradeSpec(def, grade);
  if (!spec) return dash ? <>{EMPTY_TEXT}</> : null;
  return <GradeSpecTag spec={spec} />;
}

/** The name of another registry's record (a 避险场所, a 依据预案), linking to it. */
export function RefName({ to, id }: { to: string; id: string }) {
  const target = findRegistry(to);
  const record = useQuery({
    queryKey: ledgerKeys.detail(to, id),
    queryFn: () => ledgerApi.get(to, id),
    staleTime: 60_000,
    retry: false,
  });
  const text = record.data?.name ?? (record.isPending ? '…' : id);
  if (!target || record.isError) return <span className="mono">{text}</span>;
  return <Link to={`/ledger/${to}?open=${encodeURIComponent(id)}`}>{text}</Link>;
}

/**
 * A field's value: enums and multis as tags (the grade colour when the enum is the grade), booleans as
 * 是/否, numbers with their unit, phones dialable, refs by name.
 */
export function FieldValue({
  def,
  field,
  value,
  asGrade = false,
}: {
  def: RegistryDef;
  field: ScalarField;
  value: unknown;
  /** The enum repeats the grade: show it in the grade colour. */
  asGrade?: boolean;
}) {
  const { t, lang } = useI18n();
  if (isEmptyValue(value)) return <>{EMPTY_TEXT}</>;
  switch (field.type) {
    case 'enum': {
      const spec = asGrade && typeof value === 'string' ? gradeSpec(def, value) : undefined;
      return spec ? (
        <GradeSpecTag spec={spec} />
      ) : (
        <Tag style={{ marginInlineEnd: 0 }}>{optionLabel(plainText(value), lang)}</Tag>
      );
    }
    case 'multi':
      return (
        <Space size={[4, 4]} wrap>
          {(Array.isArray(value) ? value : [value]).map((v) => (
            <Tag key={plainText(v)} style={{ marginInlineEnd: 0 }}>
              {optionLabel(plainText(v), lang)}
            </Tag>
          ))}
        </Space>
      );
    case 'phone':
      return typeof value === 'string' ? (
        <a href={`tel:${value}`} className="tabular" onClick={(event) => event.stopPropagation()}>
          {value}
        </a>
      ) : (
        <>{plainText(value)}</>
      );
    case 'ref':
      return typeof value === 'string' ? <RefName to={field.to} id={value} /> : <>{plainText(value)}</>;
    case 'textarea':
      return <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{plainText(value)}</Typography.Text>;
    case 'int':
    case 'number':
    case 'date':
      return <span className="tabular">{fieldText(field, value, t, lang)}</span>;
    case 'text':
    case 'bool':
      return <>{fieldText(field, value, t, lang)}</>;
  }
}
