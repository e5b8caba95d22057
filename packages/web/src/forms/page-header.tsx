import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** Title row of an admin page: the title left, the page's actions right (wrapping on a phone). */
export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
