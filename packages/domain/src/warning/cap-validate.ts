/**
 * The fast CAP 1.2 validator: everything the OASIS CAP 1.2 XSD enforces plus the specification's rules the
 * XSD cannot express (cap-checks.ts lists them). Pure and quick (well under a millisecond for a county
 * warning), for every save and preview; the authoritative XSD check (libxml2, packages/server/src/lib/cap-xsd.ts)
 * runs at sign-off.
 */
import { parseCapReferences, parseCapTime, type CapAlert, type CapReference } from './cap.ts';
import { checkCapRules, checkCapValues } from './cap-checks.ts';
import { readCapXml, withoutMissing } from './cap-xml.ts';

/** Every problem of `alert`, as `path: message` in Chinese; empty when it may be published. */
export function checkCapAlert(alert: CapAlert): string[] {
  return [...checkCapValues(alert), ...checkCapRules(alert)];
}

/** A CAP XML document read and checked: XML, structure, values and the spec rules, every problem listed. */
export function validateCapXml(xml: string): { valid: boolean; problems: string[] } {
  const read = readCapXml(xml);
  const problems = read.alert
    ? [...read.problems, ...withoutMissing(read.problems, checkCapAlert(read.alert))]
    : read.problems;
  return { valid: problems.length === 0, problems };
}

/**
 * CAP 1.2 §3.2.1 (msgType Update/Cancel, references): a message continuing a chain must reference every
 * earlier message of it. `earlier` are the chain's messages before this one. Sender and identifier are
 * compared exactly, `sent` as an instant.
 */
export function checkReferenceChain(
  alert: Pick<CapAlert, 'msgType' | 'references' | 'identifier' | 'sender' | 'sent'>,
  earlier: readonly CapReference[],
): string[] {
  if (alert.msgType !== 'Update' && alert.msgType !== 'Cancel') {
    return earlier.length
      ? [`alert.msgType: 跟随在前序消息之后的消息应为 Update（更新）或 Cancel（解除），现为 ${alert.msgType}`]
      : [];
  }
  if (!earlier.length) return [`alert.references: ${alert.msgType} 消息必须有被更新或解除的前序消息`];
  const refs = alert.references ? parseCapReferences(alert.references) : null;
  if (!refs) return ['alert.references: references 缺失或格式无效，应为以空格分隔的 sender,identifier,sent'];
  const problems: string[] = [];
  const instant = (s: string) => parseCapTime(s)?.getTime() ?? NaN;
  for (const e of earlier) {
    const found = refs.some(
      (r) => r.sender === e.sender && r.identifier === e.identifier && instant(r.sent) === instant(e.sent),
    );
    if (!found)
      problems.push(`alert.references: 缺少对前序消息 ${e.sender},${e.identifier},${e.sent} 的引用`);
  }
  if (refs.some((r) => r.sender === alert.sender && r.identifier === alert.identifier))
    problems.push('alert.references: 消息不能引用自身');
  return problems;
}
