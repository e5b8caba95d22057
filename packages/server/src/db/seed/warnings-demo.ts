/**
 * Demo recipients of warnings (演示数据, issue #5 part 8): one loudspeaker (大喇叭) per village, 20–40 public
 * subscribers per village with made-up numbers 199xxxxxxxx, and a 村党支部书记 contact for every village
 * that has no responsible person with a phone yet. Deterministic: the same villages give the same rows.
 */

export interface DemoVillage {
  code: string;
  name: string;
}

export interface DemoWarningRecipients {
  terminals: { terminalId: string; name: string; regionCode: string; isDemo: true }[];
  subscribers: { phone: string; name: string | null; regionCode: string; source: string; isDemo: true }[];
}

/** Subscribers of the i-th village: 20–40, by a fixed pattern. */
export const demoSubscribersOf = (i: number) => 20 + ((i * 7) % 21);

export function generateDemoWarningRecipients(villages: readonly DemoVillage[]): DemoWarningRecipients {
  const out: DemoWarningRecipients = { terminals: [], subscribers: [] };
  for (const [i, v] of villages.entries()) {
    out.terminals.push({
      terminalId: `DEMO-BC-${v.code}`,
      name: `${v.name}应急广播（演示）`,
      regionCode: v.code,
      isDemo: true,
    });
    for (let k = 0; k < demoSubscribersOf(i); k += 1)
      out.subscribers.push({
        // 199 + 4-digit village number + 4-digit person number: unique, clearly not a real list.
        phone: `199${String(i + 1).padStart(4, '0')}${String(k + 1).padStart(4, '0')}`,
        name: null,
        regionCode: v.code,
        source: '演示数据',
        isDemo: true,
      });
  }
  return out;
}

/** Bench recipients: `total` public subscribers spread over the villages (phones 198…). */
export function generateBenchSubscribers(
  villages: readonly DemoVillage[],
  total: number,
): { phone: string; name: null; regionCode: string; source: string; isDemo: true }[] {
  const out = [];
  for (let n = 0; n < total; n += 1)
    out.push({
      phone: `198${String(n).padStart(8, '0')}`,
      name: null,
      regionCode: villages[n % villages.length]!.code,
      source: '压测数据',
      isDemo: true as const,
    });
  return out;
}
