/**
 * The drawer a create/edit form lives in: 取消 and 保存 at the top, the rejected input's Alert above
 * the form, the whole screen on a phone. Rendered while closed too (`forceRender`), so the form
 * instance exists before the first `setFieldsValue`.
 */
import type { ReactNode } from 'react';
import { Button, Drawer, Grid, Space } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { FormProblemAlert, type FormProblem } from './form-errors.tsx';

export function FormDrawer({
  open,
  onClose,
  title,
  width,
  zIndex,
  saving,
  onSave,
  problem,
  testId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** px on a wide screen. */
  width: number;
  /** Above another drawer or modal it is opened from. */
  zIndex?: number;
  saving: boolean;
  /** Usually `() => form.submit()`. */
  onSave: () => void;
  problem: FormProblem | null;
  /** The form's test id; the save button gets `<testId>-save`. */
  testId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const isPhone = Grid.useBreakpoint().md === false;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={isPhone ? '100%' : width}
      zIndex={zIndex}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={`${testId}-save`}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid={testId}>
        <FormProblemAlert problem={problem} />
        {children}
      </div>
    </Drawer>
  );
}
