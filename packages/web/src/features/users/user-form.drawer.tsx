import { useEffect, useState } from 'react';
import { App, Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  CreateUserRequest,
  ROLES,
  SCOPE_LEVELS,
  UpdateUserRequest,
  type Role,
  type ScopeLevel,
  type UserView,
} from '@ningan/domain';
import { api, type UpdateUserBody } from '../../api/endpoints.ts';
import { useCountyCode } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import {
  applyFormError,
  detailsFromIssues,
  FormProblemAlert,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { roleLabel, scopeLevelLabel } from '../../i18n/labels.ts';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  phone?: string;
  roles: Role[];
  scope: { level: ScopeLevel; regionCode?: string; orgUnitId?: string | null };
  orgUnitId?: string | null;
}

const FIELDS = [
  'username',
  'displayName',
  'password',
  'phone',
  'roles',
  'scope.level',
  'scope.regionCode',
  'scope.orgUnitId',
  'orgUnitId',
] as const;

export type UserFormTarget = { mode: 'create' } | { mode: 'edit'; user: UserView };

/** Create or edit an account. Roles and jurisdiction need user:grant to change on an existing account. */
export function UserFormDrawer({ target, onClose }: { target: UserFormTarget | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const countyCode = useCountyCode();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const level = Form.useWatch(['scope', 'level'], form);
  const editing = target?.mode === 'edit' ? target.user : null;
  const canGrant = editing ? can('user:grant') : can('user:write') || can('user:grant');
  const canEditBasics = can('user:write');

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') {
      const { user } = target;
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        phone: user.phone ?? '',
        roles: user.roles,
        scope: {
          level: user.scope.level,
          regionCode: user.scope.regionCode,
          orgUnitId: user.scope.orgUnitId,
        },
        orgUnitId: user.orgUnitId,
      });
    } else {
      form.setFieldsValue({ roles: [], scope: { level: 'township' } });
    }
  }, [target, form]);

  const save = useMutation({
    mutationFn: (payload: { create: CreateUserRequest } | { id: string; update: UpdateUserBody }) =>
      'create' in payload ? api.createUser(payload.create) : api.updateUser(payload.id, payload.update),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });

  function submit(values: Values) {
    setProblem(null);
    const scopeLevel = values.scope.level;
    const scope = {
      level: scopeLevel,
      regionCode:
        scopeLevel === 'township' || scopeLevel === 'village' ? (values.scope.regionCode ?? '') : countyCode,
      orgUnitId:
        scopeLevel === 'department' || scopeLevel === 'enterprise' ? (values.scope.orgUnitId ?? null) : null,
    };
    const phone = values.phone?.trim() ? values.phone.trim() : null;
    const orgUnitId = values.orgUnitId ?? null;

    if (!editing) {
      const parsed = CreateUserRequest.safeParse({
        username: values.username,
        displayName: values.displayName,
        password: values.password ?? '',
        phone,
        roles: values.roles,
        scope,
        orgUnitId,
      });
      if (!parsed.success) {
        setProblem(
          placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), FIELDS),
        );
        return;
      }
      save.mutate({ create: parsed.data });
      return;
    }

    // Send only what changed, so an account administrator without user:grant never touches roles/scope.
    const update: UpdateUserBody = {};
    if (values.displayName !== editing.displayName) update.displayName = values.displayName;
    if (phone !== editing.phone) update.phone = phone;
    if (orgUnitId !== editing.orgUnitId) update.orgUnitId = orgUnitId;
    if ([...values.roles].sort().join() !== [...editing.roles].sort().join()) update.roles = values.roles;
    if (
      scope.level !== editing.scope.level ||
      scope.regionCode !== editing.scope.regionCode ||
      scope.orgUnitId !== editing.scope.orgUnitId
    )
      update.scope = scope;
    const parsed = UpdateUserRequest.safeParse(update);
    if (!parsed.success) {
      setProblem(placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), FIELDS));
      return;
    }
    if (Object.keys(parsed.data).length === 0) {
      onClose();
      return;
    }
    save.mutate({ id: editing.id, update: parsed.data });
  }

  const required = [{ required: true, message: t('common.required') }];

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('users.edit') : t('users.create')}
      size={520}
      forceRender
      data-testid="user-form"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormProblemAlert problem={problem} />
      {editing && !canGrant && (
        <Alert type="info" showIcon title={t('users.grantOnly')} style={{ marginBottom: 16 }} />
      )}
      <Form<Values> form={form} layout="vertical" name="user" onFinish={submit}>
        <Form.Item name="username" label={t('users.username')} rules={required}>
          <Input autoComplete="off" disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={required}>
          <Input disabled={!canEditBasics} />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={required}
            extra={t('password.policy')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('users.phone')}>
          <Input inputMode="tel" disabled={!canEditBasics} />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={required}>
          <Select<Role[]>
            mode="multiple"
            disabled={!canGrant}
            options={ROLES.map((role) => ({ value: role, label: roleLabel(role, lang) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name={['scope', 'level']} label={t('users.scopeLevel')} rules={required}>
          <Select<ScopeLevel>
            disabled={!canGrant}
            options={SCOPE_LEVELS.map((l) => ({ value: l, label: scopeLevelLabel(l, lang) }))}
            onChange={() => form.setFieldValue(['scope', 'regionCode'], undefined)}
          />
        </Form.Item>
        {(level === 'township' || level === 'village') && (
          <Form.Item name={['scope', 'regionCode']} label={t('users.scopeRegion')} rules={required}>
            <RegionSelect depth={level} disabled={!canGrant} />
          </Form.Item>
        )}
        {(level === 'department' || level === 'enterprise') && (
          <Form.Item name={['scope', 'orgUnitId']} label={t('users.scopeOrgUnit')} rules={required}>
            <OrgUnitSelect
              disabled={!canGrant}
              kinds={level === 'enterprise' ? ['enterprise'] : ['department', 'bureau', 'bureau_office']}
            />
          </Form.Item>
        )}
        <Form.Item name="orgUnitId" label={t('users.orgUnit')}>
          <OrgUnitSelect disabled={!canEditBasics} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
