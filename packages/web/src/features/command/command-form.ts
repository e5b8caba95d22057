/** Rejected input placed on a command form whose field names differ from the request's paths. */
import type { FormInstance } from 'antd';
import { isApiError } from '../../api/client.ts';
import { errorMessage, placeDetails, type FormProblem } from '../../forms/form-errors.tsx';
import type { Translate } from '../../i18n/i18n.tsx';

/**
 * Put each `details[].path` of `error` on the form field `fieldOf[path]` (the request's `content.place` → the
 * form's `place`); what names no field is returned for the Alert above the form.
 */
export function placeOn(
  form: FormInstance,
  error: unknown,
  fieldOf: Record<string, string>,
  t: Translate,
): FormProblem {
  const details = (isApiError(error) ? error.details : []).map((d) => ({
    ...d,
    path: fieldOf[d.path] ?? d.path,
  }));
  return placeDetails(form, errorMessage(error, t), details, Object.values(fieldOf));
}
