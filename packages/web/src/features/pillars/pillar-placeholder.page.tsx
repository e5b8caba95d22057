import { Result, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';
import type { PillarKey } from '../../layout/nav-items.tsx';

/** A pillar that has no screens yet says so plainly, with what it will hold — no mock content. */
export function PillarPlaceholderPage({ pillar }: { pillar: PillarKey }) {
  const { t } = useI18n();
  return (
    <Result
      status="info"
      data-testid={`pillar-${pillar}`}
      title={
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t(`nav.${pillar}`)}
        </Typography.Title>
      }
      subTitle={
        <>
          <Typography.Paragraph strong style={{ fontSize: 16, marginBottom: 8 }}>
            {t('pillar.notBuilt')}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
            {t(`pillar.${pillar}.desc`)}
          </Typography.Paragraph>
        </>
      }
    />
  );
}
