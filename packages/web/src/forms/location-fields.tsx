/**
 * The 位置 block of a form that stores one point: 经度/纬度 inputs (both required, the point inside the
 * county) and a county map to click or drag the point on. Used inside a `<Form>` whose values hold
 * `lon`, `lat` (WGS84 degrees) and `regionCode` (the map moves to that township while no point is set).
 */
import { lazy, Suspense } from 'react';
import { Col, Form, Grid, InputNumber, Row, Spin, Typography } from 'antd';
import type { FormRule as Rule } from 'antd';
import { useBoundary, useCountyCode } from '../api/queries.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { pointInArea } from '../map/geometry.ts';

const LocationPicker = lazy(() => import('../features/enterprises/location-picker.tsx'));

interface LocationValues {
  lon?: number | null;
  lat?: number | null;
  regionCode?: string;
}

/** Whose messages label the block: each feature keeps its own 位置/经度/纬度/不在本县 texts. */
export type LocationTexts = 'stations' | 'enterprises' | 'registry';

/** What a lazily loaded picker map shows until MapLibre has arrived: its frame with a spinner. */
export function MapLoading({ height }: { height: number }) {
  return (
    <div className="location-picker" style={{ height }}>
      <div className="location-picker__loading">
        <Spin />
      </div>
    </div>
  );
}

export function LocationFields({
  texts,
  showMap,
  height = 240,
}: {
  texts: LocationTexts;
  /** Whether to mount the map (only while the drawer is open: MapLibre is heavy). */
  showMap: boolean;
  /** The map's height on a wide screen, px (220 on a phone). */
  height?: number;
}) {
  const { t } = useI18n();
  const form = Form.useFormInstance<LocationValues>();
  const isPhone = Grid.useBreakpoint().md === false;
  const county = useBoundary(useCountyCode()).data?.features.find((f) => f.properties.role === 'county');
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const regionCode = Form.useWatch('regionCode', form);

  const required: Rule[] = [{ required: true, message: t('common.required') }];
  const insideCounty: Rule = ({ getFieldValue }) => ({
    validator: async () => {
      const x: unknown = getFieldValue('lon');
      const y: unknown = getFieldValue('lat');
      if (typeof x !== 'number' || typeof y !== 'number' || !county) return;
      if (!pointInArea(x, y, county.geometry)) throw new Error(t(`${texts}.outsideCounty`));
    },
  });
  const mapHeight = isPhone ? 220 : height;

  return (
    <>
      <Typography.Text strong>{t(`${texts}.location`)}</Typography.Text>
      <Row gutter={12} style={{ marginTop: 8 }}>
        <Col xs={12}>
          <Form.Item
            name="lon"
            label={t(`${texts}.lon`)}
            rules={[...required, insideCounty]}
            dependencies={['lat']}
          >
            <InputNumber<number> min={-180} max={180} step={0.0001} precision={6} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="lat" label={t(`${texts}.lat`)} rules={required}>
            <InputNumber<number> min={-90} max={90} step={0.0001} precision={6} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item>
        {showMap && (
          <Suspense fallback={<MapLoading height={mapHeight} />}>
            <LocationPicker
              lon={lon}
              lat={lat}
              height={mapHeight}
              focusCode={regionCode ?? null}
              onPick={(x, y) => {
                form.setFieldsValue({ lon: x, lat: y });
                void form.validateFields(['lon', 'lat']);
              }}
            />
          </Suspense>
        )}
      </Form.Item>
    </>
  );
}
