/**
 * Rejected input, shown where it belongs: each `details[].path` (e.g. `scope.regionCode`) on its form
 * field, everything else in an Alert above the form.
 */
import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { isApiError, type ApiErrorDetail } from '../api/client.ts';
import type { Translate } from '../i18n/i18n.tsx';

export interface FormProblem {
  message: string;
  /** Details that name no field of this form. */
  unplaced: ApiErrorDetail[];
}

/** `scope.regionCode` → ['scope', 'regionCode']; `rows.3.name` → ['rows', 3, 'name']. */
export function fieldPath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function errorMessage(error: unknown, t: Translate): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return t('common.loadFailed');
}

/**
 * Put the problems of `error` on the fields of `form` listed in `fields` (dotted paths) and return
 * what is left for the Alert.
 */
export function applyFormError(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  t: Translate,
): FormProblem {
  const details = isApiError(error) ? error.details : [];
  return placeDetails(form, errorMessage(error, t), details, fields);
}

export function placeDetails(
  form: FormInstance,
  message: string,
  details: readonly ApiErrorDetail[],
  fields: readonly string[],
): FormProblem {
  const byField = new Map<string, string[]>();
  const unplaced: ApiErrorDetail[] = [];
  for (const detail of details) {
    // A detail on `scope` itself or deeper than our fields lands on the nearest field we have.
    const field =
      fields.find((f) => f === detail.path) ?? fields.find((f) => detail.path.startsWith(`${f}.`));
    if (field) byField.set(field, [...(byField.get(field) ?? []), detail.message]);
    else unplaced.push(detail);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: fieldPath(field), errors })));
  return { message, unplaced };
}

/** Issues from a domain zod schema as error details; English default texts become a generic one. */
export function detailsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  t: Translate,
): ApiErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : t('common.invalid'),
  }));
}

export function FormProblemAlert({ problem }: { problem: FormProblem | null }) {
  if (!problem) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problem.message}
      description={
        problem.unplaced.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problem.unplaced.map((d) => (
              <li key={`${d.path}:${d.message}`}>{d.path ? `${d.path}：${d.message}` : d.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
