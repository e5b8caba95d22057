import { positionLabel, type BodyKind, type ContactDuty } from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';
import { contactDutyLabel } from '../../i18n/labels.ts';

/** 总指挥 for a headquarters, 主任 for a committee; the English gloss otherwise. */
export function positionText(duty: ContactDuty, kind: BodyKind, lang: Lang): string {
  return lang === 'en' ? contactDutyLabel(duty, lang) : positionLabel(duty, kind);
}
