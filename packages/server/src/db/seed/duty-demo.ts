/**
 * The demo duty roster (演示排班, issue #6 part 1): so the 值班台 has a shift to sign in to on a fresh demo
 * install. Two shifts a day at the county bureau — 白班 08:30–17:30 led by the demo `commander` with the demo
 * `duty` officer, 夜班 17:30–08:30 with two made-up people marked （演示） — from yesterday for 15 days. A
 * pattern a real bureau replaces with its own roster; it passes the default roster policy (no run over 24 h,
 * leader and officer on every shift, no gap).
 */
import type { ShiftInput } from '@ningan/domain';
import type { DbOrTx } from '../client.ts';
import { getMeta, setMeta } from '../../repositories/meta.repository.ts';
import { getUserByUsername } from '../../repositories/users.repository.ts';
import { beijingDate } from '../../services/context.ts';
import { systemActor } from '../../services/demo-monitoring.service.ts';
import type { DutyService } from '../../services/duty.service.ts';

export interface DemoDutyPeople {
  leader: { userId: string; name: string; phone: string | null };
  officer: { userId: string; name: string; phone: string | null };
}

const NIGHT_LEADER = { name: '王建国（演示）', phone: null };
const NIGHT_OFFICER = { name: '李明（演示）', phone: null };

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The shifts from `today − 1` for `days` days. */
export function demoDutyShifts(today: string, people: DemoDutyPeople, days = 15): ShiftInput[] {
  const shifts: ShiftInput[] = [];
  for (let i = -1; i < days - 1; i++) {
    const date = addDays(today, i);
    shifts.push(
      { date, start: '08:30', end: '17:30', leader: people.leader, officers: [people.officer] },
      { date, start: '17:30', end: '08:30', leader: NIGHT_LEADER, officers: [NIGHT_OFFICER] },
    );
  }
  return shifts;
}

const DEMO_ROSTER_META = 'demo_duty_roster_seeded';

/**
 * Saves the demo roster once (marker in `meta`) through the duty service — checked and audited like a
 * roster saved on the 排班 screen. Nothing when the demo accounts are missing.
 */
export async function seedDemoRoster(
  db: DbOrTx,
  duty: Pick<DutyService, 'saveShifts'>,
  county: string,
  now: Date,
): Promise<boolean> {
  if (await getMeta(db, DEMO_ROSTER_META)) return false;
  const [leader, officer] = await Promise.all([
    getUserByUsername(db, 'commander'),
    getUserByUsername(db, 'duty'),
  ]);
  if (!leader || !officer) return false;
  const person = (u: { id: string; displayName: string; phone: string | null }) => ({
    userId: u.id,
    name: u.displayName,
    phone: u.phone,
  });
  await duty.saveShifts(systemActor(county), {
    regionCode: county,
    shifts: demoDutyShifts(beijingDate(now), { leader: person(leader), officer: person(officer) }),
  });
  await setMeta(db, DEMO_ROSTER_META, { at: now.toISOString() });
  return true;
}
