/**
 * Message texts (issue #5 part 5): the headline, a short instruction and, for a responsible person (叫应),
 * the answer link and "回复1确认收到". A resend says so; an escalation names who has not answered.
 */
import type { DisseminatedWarning } from '../repositories/warning-deliveries.repository.ts';

/** Characters of the instruction kept in a short message (one long SMS stays under ~3 segments). */
const INSTRUCTION_CHARS = 60;

const shorten = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

export function warningText(
  w: Pick<DisseminatedWarning, 'headline' | 'instruction' | 'msgType'>,
  o: { issuer: string; answerLink?: string | null; resend?: boolean },
): string {
  const parts = [`【${o.issuer}】${o.resend ? '（再次通知）' : ''}${w.headline}。`];
  if (w.instruction && w.msgType !== 'Cancel') parts.push(`${shorten(w.instruction, INSTRUCTION_CHARS)}`);
  if (o.answerLink) parts.push(`请点击 ${o.answerLink} 确认，或回复1确认收到。`);
  return parts.join('');
}

/** To a township leader (step `township`) or the county duty officers (step `county`). */
export function escalationText(
  w: Pick<DisseminatedWarning, 'headline'>,
  o: { issuer: string; step: 'township' | 'county'; unanswered: { name: string; place: string | null }[] },
): string {
  const listed = o.unanswered
    .slice(0, 10)
    .map((p) => (p.place ? `${p.name}（${p.place}）` : p.name))
    .join('、');
  const more = o.unanswered.length > 10 ? `等 ${o.unanswered.length} 人` : '';
  const who =
    o.step === 'township' ? '请督促以下责任人落实并回复' : '以下责任人经乡镇督促仍未应答，请县值班室跟进';
  return `【${o.issuer}·叫应未应答】${w.headline}。${who}：${listed || '（已全部应答）'}${more}。`;
}
