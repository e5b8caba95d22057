import type { TablePaginationConfig } from 'antd';
import type { Translate } from '../i18n/i18n.tsx';

export interface Paging {
  page: number;
  pageSize: number;
}

export const FIRST_PAGE: Paging = { page: 1, pageSize: 20 };

/** antd pagination for a server-paged list (`{ items, total, page, pageSize }`). */
export function tablePagination(
  paging: Paging,
  total: number | undefined,
  onChange: (paging: Paging) => void,
  t: Translate,
): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (count) => t('common.total', { total: count }),
    onChange: (page, pageSize) => onChange({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  };
}
