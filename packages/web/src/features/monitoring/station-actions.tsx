/**
 * What a user with `monitoring:write` does to a station, shared by the list, the map and the detail page:
 * register, edit, reset the secret (shown once), delete. `useStationEditing` owns the form drawer and
 * the secret dialog; the buttons confirm before they act.
 */
import { useState, type ReactNode } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { DeleteOutlined, KeyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StationView, StationWithSecret } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { StationFormDrawer, type StationFormTarget } from './station-form.drawer.tsx';
import { StationSecretModal } from './station-secret.modal.tsx';

export interface StationEditing {
  openCreate: () => void;
  openEdit: (station: StationView) => void;
  showSecret: (created: StationWithSecret) => void;
  /** The drawer and the dialog: render once on the page. */
  elements: ReactNode;
}

export function useStationEditing(onCreated?: (station: StationView) => void): StationEditing {
  const [target, setTarget] = useState<StationFormTarget | null>(null);
  const [secret, setSecret] = useState<StationWithSecret | null>(null);
  return {
    openCreate: () => setTarget({ mode: 'create' }),
    openEdit: (station) => setTarget({ mode: 'edit', station }),
    showSecret: setSecret,
    elements: (
      <>
        <StationFormDrawer
          target={target}
          onClose={() => setTarget(null)}
          onCreated={(created) => {
            setSecret(created);
            onCreated?.(created.station);
          }}
        />
        <StationSecretModal created={secret} onClose={() => setSecret(null)} />
      </>
    ),
  };
}

export function ResetSecretButton({
  station,
  onSecret,
  size,
}: {
  station: StationView;
  onSecret: (created: StationWithSecret) => void;
  size?: 'small';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rotate = useMutation({
    mutationFn: () => monitoringApi.rotateSecret(station.id),
    onSuccess: async (created) => {
      onSecret(created);
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.stations });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <Popconfirm
      title={t('stations.confirmResetSecret', { name: station.name })}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      onConfirm={() => rotate.mutate()}
    >
      <Button
        icon={<KeyOutlined />}
        size={size}
        type={size ? 'link' : 'default'}
        loading={rotate.isPending}
        data-testid="station-reset-secret"
      >
        {t('stations.resetSecret')}
      </Button>
    </Popconfirm>
  );
}

export function DeleteStationButton({
  station,
  onDeleted,
  size,
}: {
  station: StationView;
  onDeleted?: () => void;
  size?: 'small';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => monitoringApi.deleteStation(station.id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      onDeleted?.();
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <Popconfirm
      title={t('stations.confirmDelete', { name: station.name })}
      okText={t('common.delete')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={() => remove.mutate()}
    >
      <Button
        danger
        icon={size ? undefined : <DeleteOutlined />}
        size={size}
        type={size ? 'link' : 'default'}
        loading={remove.isPending}
        data-testid="station-delete"
      >
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}
