/**
 * A map page's side list: a column beside the map on a wide screen; on a phone, a round button over
 * the map that opens the list as a bottom sheet. Rendered last inside `.map-page` (which the button is
 * placed in: on a phone the map fills it).
 */
import type { ReactNode } from 'react';
import { Button, Drawer, Grid, Typography } from 'antd';
import { UnorderedListOutlined } from '@ant-design/icons';

export function MapSidePanel({
  title,
  showTitle = false,
  open,
  onOpenChange,
  children,
}: {
  /** The button's and the sheet's title. */
  title: string;
  /** Whether the column on a wide screen repeats the title above the list. */
  showTitle?: boolean;
  /** Whether the sheet is open (phone only). */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  const isPhone = Grid.useBreakpoint().md === false;
  if (!isPhone) {
    return (
      <aside className="map-page__side">
        {showTitle && (
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
        )}
        {children}
      </aside>
    );
  }
  return (
    <>
      <Button
        className="map-page__panel-button"
        type="primary"
        shape="round"
        icon={<UnorderedListOutlined />}
        onClick={() => onOpenChange(true)}
      >
        {title}
      </Button>
      <Drawer
        open={open}
        onClose={() => onOpenChange(false)}
        placement="bottom"
        size="65vh"
        title={title}
        styles={{ body: { padding: '8px 12px' } }}
      >
        {children}
      </Drawer>
    </>
  );
}
