import { Space, Tag, Typography } from 'antd';
import type { EnterpriseView, Industry } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { industryLabel } from '../../i18n/labels.ts';
import { daysLeft, expiryState, INDUSTRY_GROUP_COLORS, industryGroup } from './enterprise-model.ts';

/** Red "已过期 N 天", orange "N 天后到期" (within 30 days), nothing when further away. */
export function DaysLeftTag({ days, always = false }: { days: number; always?: boolean }) {
  const { t } = useI18n();
  const state = expiryState(days);
  if (state === 'expired')
    return (
      <Tag color="red" data-expiry="expired">
        {t('expiry.expiredFor', { days: -days })}
      </Tag>
    );
  if (state === 'soon')
    return (
      <Tag color="orange" data-expiry="soon">
        {days === 0 ? t('expiry.today') : t('expiry.inDays', { days })}
      </Tag>
    );
  return always ? (
    <Tag color="blue" data-expiry="valid">
      {t('expiry.inDays', { days })}
    </Tag>
  ) : null;
}

/** The date and, when it matters, how soon it runs out. */
export function ExpiryDate({ expiresOn }: { expiresOn: string }) {
  return (
    <Space size={4} wrap>
      <span className="tabular">{expiresOn}</span>
      <DaysLeftTag days={daysLeft(expiresOn)} />
    </Space>
  );
}

/** 安全生产责任保险: not insured, or insured until a date (red/orange when expired/expiring). */
export function InsuranceStatus({ enterprise }: { enterprise: EnterpriseView }) {
  const { t } = useI18n();
  if (!enterprise.insured) return <Tag data-expiry="none">{t('enterprises.notInsured')}</Tag>;
  if (!enterprise.insuranceExpiresOn) return <Tag color="green">{t('enterprises.insured')}</Tag>;
  const days = daysLeft(enterprise.insuranceExpiresOn);
  if (expiryState(days) === 'valid')
    return (
      <Typography.Text>
        {t('enterprises.insuredUntil', { date: enterprise.insuranceExpiresOn })}
      </Typography.Text>
    );
  return (
    <Space size={4} wrap>
      <span className="tabular">{enterprise.insuranceExpiresOn}</span>
      <DaysLeftTag days={days} />
    </Space>
  );
}

/** Small coloured dot of the industry group, the same colour as on the map. */
export function IndustryText({ industry }: { industry: Industry }) {
  const { lang } = useI18n();
  return (
    <span className="industry-text">
      <span className="industry-dot" style={{ background: INDUSTRY_GROUP_COLORS[industryGroup(industry)] }} />
      {industryLabel(industry, lang)}
    </span>
  );
}
