import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button, Result, Spin } from 'antd';
import type { Permission } from '@ningan/domain';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from './session.tsx';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

/** Children only for a signed-in user; otherwise to /login, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading, endReason } = useSession();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!session) {
    // After an expiry the user returns to the page they were on; after signing out, to the home page.
    const state = endReason === 'signed_out' ? null : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

/** Children only with `permission`; the server checks again, this only keeps the screen honest. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  if (!can(permission)) return <Forbidden />;
  return children;
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('common.forbidden')}
      extra={
        <Button type="primary" href="/">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
